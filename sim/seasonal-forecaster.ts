// Seasonal-naive + recent-level quantile forecaster (pure, fast). With at least one season of
// history: the value one season back, shifted by how far the recent level of the seasonal
// differences (y[t] - y[t - season]) has moved since that base was observed (a change that
// already recurred a season earlier counts as growth and is carried forward), plus their damped
// trend. With less: the recent level plus a damped trend.
// Spread: the typical one-step change of the same differences (mean absolute), growing with
// the step up to a cap, gives p90 = p50 + z x scale.

/** Intervals averaged for the recent level. */
export const DEFAULT_LEVEL_WINDOW = 3;
/** Trend damping per step (phi): a trend is believed less the further out. */
export const DEFAULT_TREND_DAMPING = 0.85;
/**
 * Damping before a full season of history: a rise then is as likely the daily cycle's morning as
 * a real trend, so it is extrapolated only about one step.
 */
export const DEFAULT_COLD_TREND_DAMPING = 0.5;
/** Intervals of history used to measure the noise scale. */
export const DEFAULT_NOISE_WINDOW = 24;
/** Standard-normal z of the 90th percentile, applied to a mean-absolute scale (x 1.25 = sigma). */
export const DEFAULT_Z90 = 1.2816 * 1.25;
/** Steps after which the spread stops widening (sqrt(step) growth, capped). */
export const DEFAULT_SPREAD_STEPS_CAP = 4;

import type { Forecaster, QuantileForecast } from './forecaster.js';

export interface SeasonalNaiveOptions {
  levelWindow?: number;
  trendDamping?: number;
  coldTrendDamping?: number;
  noiseWindow?: number;
  z90?: number;
  spreadStepsCap?: number;
}

const LEVELS = Object.freeze([0.5, 0.9]);

export class SeasonalNaiveForecaster implements Forecaster {
  readonly name = 'seasonal-naive';
  private readonly L: number;
  private readonly phi: number;
  private readonly phiCold: number;
  private readonly W: number;
  private readonly z: number;
  private readonly cap: number;

  constructor(opts: SeasonalNaiveOptions = {}) {
    this.L = opts.levelWindow ?? DEFAULT_LEVEL_WINDOW;
    this.phi = opts.trendDamping ?? DEFAULT_TREND_DAMPING;
    this.phiCold = opts.coldTrendDamping ?? DEFAULT_COLD_TREND_DAMPING;
    this.W = opts.noiseWindow ?? DEFAULT_NOISE_WINDOW;
    this.z = opts.z90 ?? DEFAULT_Z90;
    this.cap = opts.spreadStepsCap ?? DEFAULT_SPREAD_STEPS_CAP;
  }

  forecast(histories: readonly Float64Array[], horizon: number, season: number): QuantileForecast[] {
    return histories.map((h) => this.one(h, horizon, season));
  }

  one(y: Float64Array, horizon: number, season: number): QuantileForecast {
    const n = y.length;
    const p50 = new Float64Array(horizon);
    const p90 = new Float64Array(horizon);
    if (n === 0) return { levels: LEVELS, values: [p50, p90] };
    const L = Math.min(this.L, n);
    const seasonal = season > 0 && n >= season + 2 * L;
    // d(i): the series the level, trend and noise are measured on.
    const d = seasonal ? (i: number) => y[i]! - y[i - season]! : (i: number) => y[i]!;
    const first = seasonal ? season : 0;
    let level = 0;
    for (let i = n - L; i < n; i++) level += d(i);
    level /= L;
    let slope = 0;
    if (n - 2 * L >= first) {
      let prev = 0;
      for (let i = n - 2 * L; i < n - L; i++) prev += d(i);
      slope = (level - prev / L) / L;
      // The window's mean sits (L - 1) / 2 steps back: bring it to the last observed interval.
      level += (slope * (L - 1)) / 2;
    }
    let noise = 0;
    let count = 0;
    for (let i = Math.max(first + 1, n - this.W); i < n; i++) {
      noise += Math.abs(d(i) - d(i - 1));
      count++;
    }
    noise = count > 0 ? noise / count : 0;
    /** Mean of the seasonal differences over the L intervals ending at j (0 when unknown). */
    const levelAt = (j: number): number => {
      if (j - L + 1 < season || j >= n) return 0;
      let m = 0;
      for (let i = j - L + 1; i <= j; i++) m += y[i]! - y[i - season]!;
      return m / L;
    };
    let damp = 0;
    let phiK = 1;
    const phi = seasonal ? this.phi : this.phiCold;
    for (let k = 1; k <= horizon; k++) {
      phiK *= phi;
      damp += phiK;
      let v = level + slope * damp;
      if (seasonal) {
        // Same phase in the last observed season, less the change that base already carries
        // (its own recent level of seasonal differences): a shift seen today is added once.
        const back = season * Math.ceil(k / season);
        const j = n - 1 + k - back;
        const carried = levelAt(j);
        // A change that recurs season after season (growth) is added again; a one-off is not.
        const before = levelAt(j - season);
        const recurring = carried !== 0 && before * carried > 0 && Math.abs(before) >= 0.5 * Math.abs(carried);
        v += y[j]! - (recurring ? 0 : carried);
      }
      const m = v > 0 ? v : 0;
      p50[k - 1] = m;
      p90[k - 1] = m + this.z * noise * Math.sqrt(Math.min(k, this.cap));
    }
    return { levels: LEVELS, values: [p50, p90] };
  }
}
