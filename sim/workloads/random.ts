// Seeded randomness for workload generators: the same seed gives the same trace. The generator,
// normal draws and shuffles are the shared ones (core/rng.ts).
import { normal } from '../../core/rng.js';

export { mulberry32 as rng, normal, shuffle } from '../../core/rng.js';

/** Multiplicative noise with median 1 and log-sd `sigma`. */
export function lognormal(r: () => number, sigma: number): number {
  return Math.exp(sigma * normal(r));
}

/** Zipf weights 1/rank^s for n items, normalised to sum 1. */
export function zipfWeights(n: number, s: number): Float64Array {
  const w = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += w[i] = 1 / (i + 1) ** s;
  for (let i = 0; i < n; i++) w[i]! /= sum;
  return w;
}
