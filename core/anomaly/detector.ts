// The streaming anomaly detector: one small state object per series; update(value) returns the
// score of that point using only the points before it and itself, in O(1) time and memory (a
// fixed prefix buffer while the season is being inferred, then 2 x season numbers).
//
// Method (hand-written domain logic; no library in node_modules does streaming detection):
//  1. Two one-step predictions: a robust exponentially smoothed level (residuals clipped so a
//     spike does not drag it), and, when the series has a season, the seasonal norm of this
//     phase shifted by how far the level currently sits from its norm. The residual of each is
//     divided by its own exponentially smoothed mean absolute residual; the surprise z comes from
//     the view whose typical residual is smaller (the one that has predicted this series better).
//  2. log(1 + z) is judged against this series' own long-run distribution of it (mean and spread learnt
//     online), on one point and on the mean of the last few points, as a Gaussian tail
//     probability ("anomaly likelihood"). Nothing is tuned per series: noisy series learn a wide
//     distribution, quiet ones a narrow one.
//  3. The tail maps to a score in [0, 1] on a log scale: 0.5 at `tail = tailThreshold`.
//  4. Probation: the first `probation` points score 0 while the state warms up. After a point
//     is flagged, further flags are held below 0.5 for `refractory` points: one event per
//     episode (the episode itself stays visible in `active` / `since` until the series is back
//     inside its band for `clearAfter` points).
import { normalTail, tailScore } from './stats.js';
import { inferSeason } from './season.js';

export interface DetectorParams {
  /** Points scored 0 at the start while the detector learns. */
  probation: number;
  /** Period in points; 0 = no season; 'infer' = inferred from the prefix (see inferAt). */
  season: number | 'infer';
  /** Prefix lengths at which season inference is tried (the last is the buffer size). */
  inferAt: readonly number[];
  /** Longest season inference considers (and the largest `season` accepted). */
  maxSeason: number;
  /** Smoothing of the level (one-step prediction). */
  levelAlpha: number;
  /** Smoothing of each phase's seasonal norm. */
  seasonAlpha: number;
  /** Smoothing of the mean absolute residual (the residual scale). */
  scaleAlpha: number;
  /** Smoothing of the long-run distribution of surprise. */
  longAlpha: number;
  /** Points averaged for the sustained-surprise test. */
  shortWindow: number;
  /** Tail probability that scores exactly 0.5. */
  tailThreshold: number;
  /** Points after a flag during which no new flag is raised. */
  refractory: number;
  /** Points back inside the band before an active anomaly clears. */
  clearAfter: number;
  /** The refractory grows to this fraction of the points seen (long series flag less often). */
  refractoryFraction: number;
}

export const DEFAULT_PARAMS: Readonly<DetectorParams> = Object.freeze({
  probation: 150,
  season: 'infer' as const,
  inferAt: Object.freeze([300, 600, 1200, 2400, 3000]),
  maxSeason: 1440,
  levelAlpha: 0.3,
  seasonAlpha: 0.1,
  scaleAlpha: 0.02,
  longAlpha: 0.002,
  shortWindow: 6,
  tailThreshold: 1e-5,
  refractory: 30,
  clearAfter: 10,
  refractoryFraction: 0,
});

export interface Verdict {
  /** Score in [0, 1]; >= 0.5 is a flag (a new anomaly event). */
  score: number;
  /** Score before the refractory hold (what the evidence alone says). */
  rawScore: number;
  /** Band of values that would not have been flagged at this point. */
  expectedLow: number;
  expectedHigh: number;
  /** Prediction for this point. */
  expected: number;
  /** An anomaly episode is in progress (flagged and not yet back in band). */
  active: boolean;
  /** Index (0-based point count) where the active episode began; -1 when none. */
  since: number;
}

/** z at which a one-sided Gaussian tail equals p (bisection; called once per detector). */
function zForTail(p: number): number {
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (normalTail(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const Z_CAP = 50;

export function validateParams(p: DetectorParams): void {
  const pos = (name: keyof DetectorParams, v: number, int = false) => {
    if (!Number.isFinite(v) || v < 0 || (int && !Number.isInteger(v))) throw new RangeError(`${name} must be a non-negative ${int ? 'integer' : 'number'}, got ${v}`);
  };
  pos('probation', p.probation, true);
  pos('refractory', p.refractory, true);
  pos('clearAfter', p.clearAfter, true);
  pos('maxSeason', p.maxSeason, true);
  if (p.season !== 'infer') {
    pos('season', p.season, true);
    if (p.season === 1 || p.season > p.maxSeason) throw new RangeError(`season must be 0 (none) or 2..${p.maxSeason}, got ${p.season}`);
  }
  for (const k of ['levelAlpha', 'seasonAlpha', 'scaleAlpha', 'longAlpha'] as const) {
    if (!(p[k] > 0 && p[k] <= 1)) throw new RangeError(`${k} must be in (0, 1], got ${p[k]}`);
  }
  if (!(Number.isInteger(p.shortWindow) && p.shortWindow >= 1 && p.shortWindow <= 1000)) throw new RangeError(`shortWindow must be an integer in 1..1000, got ${p.shortWindow}`);
  if (!(p.tailThreshold > 0 && p.tailThreshold < 0.5)) throw new RangeError(`tailThreshold must be in (0, 0.5), got ${p.tailThreshold}`);
}

export class AnomalyDetector {
  readonly params: Readonly<DetectorParams>;
  private readonly zThreshold: number;
  private n = 0;
  private level = 0;
  private scale = 0;
  /** Smallest non-zero step seen: the series' resolution, a floor for the scale. */
  private resolution = Infinity;
  private last = NaN;
  private mu = 0;
  private var = 0;
  private readonly ring: Float64Array;
  private ringSum = 0;
  private season = 0;
  private seas: Float64Array | null = null;
  private seasLevel: Float64Array | null = null;
  private seasSeen = 0;
  private seasScale = 0;
  private prefix: Float64Array | null = null;
  private inferIdx = 0;
  private lastFlag = -Infinity;
  private activeSince = -1;
  private inBand = 0;

  constructor(params: Partial<DetectorParams> = {}) {
    const p = { ...DEFAULT_PARAMS, ...params };
    validateParams(p);
    this.params = Object.freeze(p);
    this.zThreshold = zForTail(p.tailThreshold);
    this.ring = new Float64Array(p.shortWindow);
    if (p.season === 'infer') {
      const size = p.inferAt.length ? p.inferAt[p.inferAt.length - 1]! : 0;
      if (size > 0) this.prefix = new Float64Array(size);
    } else if (p.season >= 2) this.startSeason(p.season);
  }

  /** The season in use (0 while none is known). */
  get period(): number {
    return this.season;
  }

  /** Points seen so far. */
  get count(): number {
    return this.n;
  }

  private startSeason(s: number): void {
    this.season = s;
    this.seas = new Float64Array(s);
    this.seasLevel = new Float64Array(s);
    this.seasSeen = 0;
  }

  /** Scores one point (finite number) and learns from it. */
  update(x: number): Verdict {
    if (!Number.isFinite(x)) throw new RangeError(`value must be a finite number, got ${x}`);
    const p = this.params;
    const t = this.n++;
    if (t === 0) {
      this.level = x;
      this.last = x;
      if (this.prefix) this.prefix[0] = x;
      if (this.seas) this.seedPhase(0, x);
      return { score: 0, rawScore: 0, expectedLow: x, expectedHigh: x, expected: x, active: false, since: -1 };
    }
    const step = Math.abs(x - this.last);
    if (step > 0 && step < this.resolution) this.resolution = step;
    this.last = x;
    const floor = Math.max(1e-12, Number.isFinite(this.resolution) ? 0.5 * this.resolution : 0, 1e-9 * Math.abs(this.level));

    // 1. Predictions and their surprise.
    const predL = this.level;
    const eL = x - predL;
    const scaleL = Math.max(this.scale, floor);
    let z = Math.abs(eL) / scaleL;
    let pred = predL;
    let scaleUsed = scaleL;
    let eS = 0;
    let phase = -1;
    let seasonalReady = false;
    if (this.seas) {
      phase = t % this.season;
      seasonalReady = this.seasSeen >= this.season;
      if (seasonalReady) {
        const predS = this.seas[phase]! + (this.level - this.seasLevel![phase]!);
        eS = x - predS;
        const scaleS = Math.max(this.seasScale, floor);
        // The view with the smaller typical residual has predicted this series better: use it.
        if (scaleS < scaleL) {
          const zS = Math.abs(eS) / scaleS;
          z = zS;
          pred = predS;
          scaleUsed = scaleS;
        }
      }
    }

    // 2. Judge z against the long-run distribution of z.
    const sd = Math.sqrt(Math.max(this.var, 1e-12));
    // On a log scale heavy-tailed surprise is closer to Gaussian.
    const zc = Math.log1p(Math.min(z, Z_CAP));
    const w = p.shortWindow;
    const old = this.ring[t % w]!;
    this.ringSum += zc - old;
    this.ring[t % w] = zc;
    const filled = Math.min(t, w);
    const shortMean = this.ringSum / filled;
    const warm = t > p.probation;
    let raw = 0;
    if (warm) {
      const tail1 = normalTail((zc - this.mu) / sd);
      const tailW = normalTail((shortMean - this.mu) / (sd / Math.sqrt(filled)));
      raw = tailScore(Math.min(tail1, tailW), p.tailThreshold);
    }
    const half = Math.expm1(this.mu + this.zThreshold * sd) * scaleUsed;

    // 3. Episode state and refractory hold.
    let score = raw;
    if (raw >= 0.5) {
      if (this.activeSince < 0) this.activeSince = t;
      this.inBand = 0;
      if (t - this.lastFlag <= Math.max(p.refractory, p.refractoryFraction * t)) score = Math.min(raw, 0.49);
      else this.lastFlag = t;
    } else if (this.activeSince >= 0 && ++this.inBand >= p.clearAfter) {
      this.activeSince = -1;
      this.inBand = 0;
    }

    // 4. Learn (after scoring: the score of t never used t to set its own yardstick).
    const la = Math.max(p.longAlpha, 1 / t);
    const d = zc - this.mu;
    this.mu += la * d;
    this.var = (1 - la) * (this.var + la * d * d);
    const sa = Math.max(p.scaleAlpha, 1 / t);
    const clipL = Math.min(Math.abs(eL), 5 * scaleL);
    this.scale += sa * (clipL - this.scale);
    const lim = 4 * scaleL;
    this.level += p.levelAlpha * Math.max(-lim, Math.min(lim, eL));
    if (this.seas) {
      if (seasonalReady) {
        const scaleS = Math.max(this.seasScale, floor);
        const clipS = Math.min(Math.abs(eS), 5 * scaleS);
        this.seasScale += sa * (clipS - this.seasScale);
        const limS = 4 * scaleS;
        const dev = x - this.seas[phase]!;
        this.seas[phase]! += p.seasonAlpha * Math.max(-limS, Math.min(limS, dev));
        this.seasLevel![phase]! += p.seasonAlpha * (this.level - this.seasLevel![phase]!);
      } else this.seedPhase(phase, x);
      this.seasSeen++;
    }
    if (this.prefix) this.collect(t, x);

    return { score, rawScore: raw, expectedLow: pred - half, expectedHigh: pred + half, expected: pred, active: this.activeSince >= 0, since: this.activeSince };
  }

  private seedPhase(phase: number, x: number): void {
    this.seas![phase] = x;
    this.seasLevel![phase] = this.level;
    this.seasScale += (Math.abs(x - this.level) - this.seasScale) / Math.max(1, this.seasSeen + 1);
  }

  /** Buffers the prefix and tries season inference at the configured lengths. */
  private collect(t: number, x: number): void {
    const buf = this.prefix!;
    buf[t] = x;
    const at = this.params.inferAt;
    if (this.inferIdx < at.length && t + 1 === at[this.inferIdx]) {
      this.inferIdx++;
      const s = inferSeason(buf.subarray(0, t + 1), this.params.maxSeason);
      if (s >= 2) {
        this.startSeason(s);
        // Seed the seasonal norms from the last full season seen.
        for (let i = t + 1 - s; i <= t; i++) {
          this.seas![i % s] = buf[i]!;
          this.seasLevel![i % s] = this.level;
        }
        this.seasScale = this.scale;
        this.seasSeen = s;
      }
      if (s >= 2 || this.inferIdx >= at.length) this.prefix = null;
    }
  }
}

/** Scores a whole series in order (the CLI and the evaluation): same as update() on each point. */
export function scoreSeries(values: ArrayLike<number>, params: Partial<DetectorParams> = {}): Float64Array {
  const d = new AnomalyDetector(params);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = d.update(values[i]!).score;
  return out;
}
