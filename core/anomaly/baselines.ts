// Baseline detectors the evaluation and the benchmark put beside ours, all streaming (a score at
// t uses points <= t) and mapped to [0, 1] with the same log-tail scale (0.5 at `tailThreshold`):
// - windowed Gaussian: NAB's baseline (mean and spread of the last 6400 points, refreshed every
//   100 points; the tail probability of the current point);
// - seasonal residual z: the residual against this phase's smoothed value, over the smoothed
//   spread of those residuals;
// - rolling z-score: the plain z of the point over the last `window` points (the speed baseline).
import { normalTail, tailScore } from './stats.js';

export interface Streaming {
  update(x: number): number;
}

export class WindowedGaussian implements Streaming {
  private readonly buf: Float64Array;
  private n = 0;
  private mean = 0;
  private sd = 0;
  constructor(private readonly tailThreshold = 1e-3, private readonly probation = 150, window = 6400, private readonly step = 100) {
    this.buf = new Float64Array(window);
  }
  update(x: number): number {
    const t = this.n++;
    let s = 0;
    if (t > this.probation && this.sd > 0) s = tailScore(normalTail(Math.abs(x - this.mean) / this.sd), this.tailThreshold);
    this.buf[t % this.buf.length] = x;
    if (t < this.probation || (t + 1) % this.step === 0) {
      const m = Math.min(t + 1, this.buf.length);
      let sum = 0;
      for (let i = 0; i < m; i++) sum += this.buf[i]!;
      const mean = sum / m;
      let v = 0;
      for (let i = 0; i < m; i++) v += (this.buf[i]! - mean) ** 2;
      this.mean = mean;
      this.sd = Math.sqrt(v / m);
    }
    return s;
  }
}

export class SeasonalResidualZ implements Streaming {
  private readonly norm: Float64Array;
  private readonly seen: Uint8Array;
  private n = 0;
  private m = 0;
  private v = 0;
  constructor(season: number, private readonly tailThreshold = 1e-3, private readonly probation = 150, private readonly alpha = 0.1, private readonly spreadAlpha = 0.01) {
    this.norm = new Float64Array(Math.max(1, season));
    this.seen = new Uint8Array(Math.max(1, season));
  }
  update(x: number): number {
    const t = this.n++;
    const ph = t % this.norm.length;
    if (!this.seen[ph]) {
      this.seen[ph] = 1;
      this.norm[ph] = x;
      return 0;
    }
    const e = x - this.norm[ph]!;
    const sd = Math.sqrt(this.v);
    const s = t > this.probation && sd > 0 ? tailScore(normalTail(Math.abs(e - this.m) / sd), this.tailThreshold) : 0;
    const a = Math.max(this.spreadAlpha, 1 / (t + 1));
    const d = e - this.m;
    this.m += a * d;
    this.v = (1 - a) * (this.v + a * d * d);
    this.norm[ph]! += this.alpha * e;
    return s;
  }
}

export class RollingZ implements Streaming {
  private readonly buf: Float64Array;
  private n = 0;
  private sum = 0;
  private sumSq = 0;
  constructor(window = 100, private readonly threshold = 4) {
    this.buf = new Float64Array(window);
  }
  update(x: number): number {
    const w = this.buf.length;
    const m = Math.min(this.n, w);
    let s = 0;
    if (m > 1) {
      const mean = this.sum / m;
      const sd = Math.sqrt(Math.max(this.sumSq / m - mean * mean, 0));
      s = sd > 0 ? Math.min(1, Math.abs(x - mean) / sd / (2 * this.threshold)) : 0;
    }
    const i = this.n++ % w;
    if (this.n > w) {
      const old = this.buf[i]!;
      this.sum -= old;
      this.sumSq -= old * old;
    }
    this.buf[i] = x;
    this.sum += x;
    this.sumSq += x * x;
    return s;
  }
}
