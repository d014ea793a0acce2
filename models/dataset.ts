// Training samples: (features, normalised target, weight) drawn from the training part of the real
// series and from synthetic series, with random origins, steps and (sometimes) shortened history.
import { seriesFeatures, stepFeatures } from './features.js';
import { writeContext } from './prepare.js';
import type { Rng } from './rng.js';
import { DEFAULT_FEATURE_CLIP, N_COMMON, N_FEATURES, contextLength, minModelHistory } from './spec.js';
import { generateSeries, type SyntheticKind } from './synthetic.js';
import type { RealSeries } from './data.js';

/** Longest step trained for season S: two seasons, and at least 24 steps for short seasons. */
export function trainHorizon(season: number): number {
  return Math.max(2 * season, 24);
}

/** Steps drawn per origin (the per-series features are computed once per origin). */
export const DEFAULT_STEPS_PER_ORIGIN = 8;
/** Probability that an origin sees a shortened history (padded like a young series). */
export const DEFAULT_SHORT_HISTORY_P = 0.3;
/** Share of synthetic load series shifted down to cross zero. */
export const DEFAULT_OFFSET_P = 0.1;
/** Floor of the noise level used to weight samples (see sampleWeight). */
export const DEFAULT_WEIGHT_FLOOR = 0.05;

export interface Dataset {
  features: Float32Array;
  targets: Float32Array;
  weights: Float32Array;
  size: number;
  /** Group name per sample (for reporting). */
  groups: string[];
  groupOf: Uint16Array;
}

/** An append-only float32 buffer that doubles as it fills (millions of feature values). */
class GrowableF32 {
  private buf = new Float32Array(1 << 20);
  private len = 0;

  push(values: Float64Array): void {
    if (this.len + values.length > this.buf.length) {
      const next = new Float32Array(this.buf.length * 2);
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(values, this.len);
    this.len += values.length;
  }

  toArray(): Float32Array {
    return this.buf.slice(0, this.len);
  }
}

export class DatasetBuilder {
  private features = new GrowableF32();
  private targets: number[] = [];
  private weights: number[] = [];
  readonly groups: string[] = [];
  private groupOf: number[] = [];
  private readonly scratch = new Float64Array(N_FEATURES);

  constructor(private readonly rng: Rng, private readonly weighting: 'uniform' | 'noise') {}

  private groupIndex(name: string): number {
    let i = this.groups.indexOf(name);
    if (i < 0) { i = this.groups.length; this.groups.push(name); }
    return i;
  }

  /**
   * Adds samples for one origin: history values[.. origin] (inclusive), targets at origin + h
   * with h drawn from 1..trainHorizon(S) but never beyond `limit` (exclusive index).
   */
  addOrigin(values: Float64Array, season: number, origin: number, limit: number, group: string): void {
    const rng = this.rng;
    const C = contextLength(season);
    const minHist = minModelHistory(season);
    let available = origin + 1;
    if (available < minHist) return;
    const cap = Math.min(available, C) - 1;
    if (cap >= minHist && rng.chance(DEFAULT_SHORT_HISTORY_P)) available = rng.int(minHist, cap);
    const hist = values.subarray(origin + 1 - Math.min(available, C), origin + 1);
    const ctx = new Float64Array(C);
    writeContext(hist, season, ctx, 0);
    const sf = seriesFeatures(ctx, season, available);
    const hmax = Math.min(trainHorizon(season), limit - 1 - origin);
    if (hmax < 1) return;
    const g = this.groupIndex(group);
    const weight = this.weighting === 'noise' ? 1 / Math.max(sf.common[N_COMMON - 1]!, DEFAULT_WEIGHT_FLOOR) : 1;
    for (let k = 0; k < DEFAULT_STEPS_PER_ORIGIN; k++) {
      const h = rng.int(1, hmax);
      const f = this.scratch;
      f.set(sf.common);
      stepFeatures(sf, h, f, N_COMMON);
      this.features.push(f);
      // Clipped like the features: a spike of 1000x the scale (a crash count on a quiet day,
      // a series near zero) would otherwise dominate the loss of everything else.
      this.targets.push(Math.max(-DEFAULT_FEATURE_CLIP, Math.min(DEFAULT_FEATURE_CLIP, values[origin + h]! / sf.scale)));
      this.weights.push(weight);
      this.groupOf.push(g);
    }
  }

  /** Origins spread at random over the training part [0, split) of each real series. */
  addReal(series: RealSeries[], originsPerSeries: number, limitFraction = 1): void {
    for (const s of series) {
      const limit = Math.floor(s.split * limitFraction);
      const lo = minModelHistory(s.season) - 1;
      for (let i = 0; i < originsPerSeries; i++) {
        const origin = this.rng.int(lo, limit - 2);
        this.addOrigin(s.values, s.season, origin, limit, s.group);
      }
    }
  }

  addSynthetic(kind: SyntheticKind, season: number, seriesCount: number, originsPerSeries: number): void {
    const rng = this.rng;
    const C = contextLength(season);
    for (let i = 0; i < seriesCount; i++) {
      const length = C + trainHorizon(season) + rng.int(0, 2 * season + 16);
      const { values } = generateSeries(rng, kind, season, length);
      // Some load series are offset so they hover around or below zero (a transformer's net
      // load, a difference of two meters): the scale must not assume a positive level.
      if (kind === 'load' && rng.chance(DEFAULT_OFFSET_P)) {
        let mean = 0;
        for (const v of values) mean += v / values.length;
        const shift = rng.uniform(0.5, 1.3) * mean;
        for (let j = 0; j < values.length; j++) values[j]! -= shift;
      }
      for (let k = 0; k < originsPerSeries; k++) {
        const origin = rng.int(minModelHistory(season) - 1, length - 2);
        this.addOrigin(values, season, origin, length, `synthetic-${kind}-${season}`);
      }
    }
  }

  build(): Dataset {
    const size = this.targets.length;
    // Weights are rescaled to mean 1 so the learning rate means the same under either scheme.
    let mean = 0;
    for (const w of this.weights) mean += w / size;
    return {
      features: this.features.toArray(),
      targets: Float32Array.from(this.targets),
      weights: Float32Array.from(this.weights, (w) => w / mean),
      size,
      groups: this.groups,
      groupOf: Uint16Array.from(this.groupOf),
    };
  }
}
