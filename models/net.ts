// The network: one ReLU hidden layer plus a linear skip, emitting the median and absolute-value
// increments to the other quantile levels, so quantiles never cross. (|o| rather than softplus:
// the same guarantee at a fraction of the cost in the batched graph.) Forward pass (reference and
// training) and its gradient, written out by hand: the model is small enough that plain loops in
// TypeScript train it in a couple of minutes.
import { MEDIAN_INDEX, N_FEATURES, N_QUANTILES, TRAINED_QUANTILES } from './spec.js';
import type { Rng } from './rng.js';

export interface NetParams {
  features: number;
  hidden: number;
  quantiles: number;
  /** [features x hidden], row-major. */
  w1: Float64Array;
  b1: Float64Array;
  /** [hidden x quantiles]. */
  w2: Float64Array;
  /** Linear skip [features x quantiles]. */
  ws: Float64Array;
  b2: Float64Array;
}


export function initParams(hidden: number, rng: Rng): NetParams {
  const F = N_FEATURES;
  const Q = N_QUANTILES;
  const p: NetParams = {
    features: F, hidden, quantiles: Q,
    w1: new Float64Array(F * hidden), b1: new Float64Array(hidden),
    w2: new Float64Array(hidden * Q), ws: new Float64Array(F * Q), b2: new Float64Array(Q),
  };
  const s1 = Math.sqrt(2 / F);
  for (let i = 0; i < p.w1.length; i++) p.w1[i] = s1 * rng.normal();
  for (let i = 0; i < p.w2.length; i++) p.w2[i] = 0.01 * rng.normal();
  // Increments start near 0.1 (in units of the series scale): a sensible band from step one.
  for (let q = 0; q < Q; q++) if (q !== MEDIAN_INDEX) p.b2[q] = 0.1;
  return p;
}

/** Rounds every parameter to float32, the precision the exported graph computes in. */
export function roundToFloat32(p: NetParams): NetParams {
  const r = (a: Float64Array) => Float64Array.from(new Float32Array(a));
  return { ...p, w1: r(p.w1), b1: r(p.b1), w2: r(p.w2), ws: r(p.ws), b2: r(p.b2) };
}

/** Scratch buffers for one forward/backward pass. */
export interface Scratch {
  z: Float64Array;
  o: Float64Array;
  q: Float64Array;
}

export function scratch(p: NetParams): Scratch {
  return { z: new Float64Array(p.hidden), o: new Float64Array(p.quantiles), q: new Float64Array(p.quantiles) };
}

/** Forward pass for one feature vector; normalised quantiles land in s.q (ascending). */
export function forward(p: NetParams, f: Float64Array, fOff: number, s: Scratch): void {
  const F = p.features;
  const Hd = p.hidden;
  const Q = p.quantiles;
  const { z, o, q } = s;
  z.set(p.b1);
  for (let i = 0; i < F; i++) {
    const v = f[fOff + i]!;
    if (v === 0) continue;
    const row = i * Hd;
    for (let k = 0; k < Hd; k++) z[k] += v * p.w1[row + k]!;
  }
  o.set(p.b2);
  for (let k = 0; k < Hd; k++) {
    const a = z[k]! > 0 ? z[k]! : 0;
    if (a === 0) continue;
    const row = k * Q;
    for (let j = 0; j < Q; j++) o[j] += a * p.w2[row + j]!;
  }
  for (let i = 0; i < F; i++) {
    const v = f[fOff + i]!;
    if (v === 0) continue;
    const row = i * Q;
    for (let j = 0; j < Q; j++) o[j] += v * p.ws[row + j]!;
  }
  q[MEDIAN_INDEX] = o[MEDIAN_INDEX]!;
  for (let j = MEDIAN_INDEX + 1; j < Q; j++) q[j] = q[j - 1]! + Math.abs(o[j]!);
  for (let j = MEDIAN_INDEX - 1; j >= 0; j--) q[j] = q[j + 1]! - Math.abs(o[j]!);
}

/** Gradient accumulators with the same layout as NetParams. */
export function zerosLike(p: NetParams): NetParams {
  return {
    ...p,
    w1: new Float64Array(p.w1.length), b1: new Float64Array(p.b1.length),
    w2: new Float64Array(p.w2.length), ws: new Float64Array(p.ws.length), b2: new Float64Array(p.b2.length),
  };
}

/**
 * Pinball loss of one sample (target y, weight w, all normalised) after forward(); adds its
 * gradient into g and returns the loss.
 */
export function backward(p: NetParams, f: Float64Array, fOff: number, s: Scratch, y: number, w: number, g: NetParams, gq: Float64Array, go: Float64Array): number {
  const F = p.features;
  const Hd = p.hidden;
  const Q = p.quantiles;
  const { z, o, q } = s;
  let loss = 0;
  for (let j = 0; j < Q; j++) {
    const tau = TRAINED_QUANTILES[j]!;
    const d = y - q[j]!;
    loss += d >= 0 ? tau * d : (tau - 1) * d;
    gq[j] = w * (d >= 0 ? -tau : 1 - tau);
  }
  // Through the median + cumulative |increments|.
  let total = 0;
  for (let j = 0; j < Q; j++) total += gq[j]!;
  go[MEDIAN_INDEX] = total;
  let acc = 0;
  for (let j = Q - 1; j > MEDIAN_INDEX; j--) {
    acc += gq[j]!;
    go[j] = acc * Math.sign(o[j]!);
  }
  acc = 0;
  for (let j = 0; j < MEDIAN_INDEX; j++) {
    acc += gq[j]!;
    go[j] = -acc * Math.sign(o[j]!);
  }
  for (let j = 0; j < Q; j++) g.b2[j] += go[j]!;
  for (let k = 0; k < Hd; k++) {
    if (z[k]! <= 0) continue;
    const a = z[k]!;
    const row = k * Q;
    let dz = 0;
    for (let j = 0; j < Q; j++) {
      g.w2[row + j] += a * go[j]!;
      dz += p.w2[row + j]! * go[j]!;
    }
    g.b1[k] += dz;
    for (let i = 0; i < F; i++) {
      const v = f[fOff + i]!;
      if (v !== 0) g.w1[i * Hd + k] += v * dz;
    }
  }
  for (let i = 0; i < F; i++) {
    const v = f[fOff + i]!;
    if (v === 0) continue;
    const row = i * Q;
    for (let j = 0; j < Q; j++) g.ws[row + j] += v * go[j]!;
  }
  return loss * w;
}

/** Adam with decoupled weight decay on the weight matrices. */
export class Adam {
  private readonly m: NetParams;
  private readonly v: NetParams;
  private step = 0;

  constructor(p: NetParams, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly eps = 1e-8) {
    this.m = zerosLike(p);
    this.v = zerosLike(p);
  }

  update(p: NetParams, g: NetParams, lr: number, scale: number, weightDecay: number): void {
    this.step++;
    const c1 = 1 - this.beta1 ** this.step;
    const c2 = 1 - this.beta2 ** this.step;
    for (const key of ['w1', 'b1', 'w2', 'ws', 'b2'] as const) {
      const P = p[key];
      const G = g[key];
      const M = this.m[key];
      const V = this.v[key];
      const decay = key === 'b1' || key === 'b2' ? 0 : weightDecay;
      for (let i = 0; i < P.length; i++) {
        const gi = G[i]! * scale;
        M[i] = this.beta1 * M[i]! + (1 - this.beta1) * gi;
        V[i] = this.beta2 * V[i]! + (1 - this.beta2) * gi * gi;
        P[i] = P[i]! - lr * ((M[i]! / c1) / (Math.sqrt(V[i]! / c2) + this.eps) + decay * P[i]!);
      }
    }
  }
}
