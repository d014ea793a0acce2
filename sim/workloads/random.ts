// Seeded randomness for workload generators: the same seed gives the same trace.

/** mulberry32: small, fast, good enough for workloads. Returns floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal (Box-Muller). */
export function normal(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

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

/** Fisher-Yates shuffle in place. */
export function shuffle<T>(a: T[], r: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
