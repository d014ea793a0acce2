// Quantile forecasts summed over microshards, nodes or topics. Medians add; the p90 is the sum
// of the medians plus the independent spreads (p90 - p50) added in quadrature, the convention
// core/planner uses for cluster load, so the capacity core and the planner agree on what
// "predicted load" means. Sums of p90s would assume every series peaks together.

/** One series' forecast: quantiles per step (index 0 = the next interval). */
export interface QuantileForecast {
  p50: ArrayLike<number>;
  p90: ArrayLike<number>;
}

export interface SummedForecast {
  p50: Float64Array;
  p90: Float64Array;
}

/** Sums forecasts over `horizon` steps; a shorter series holds its last value (a missing one is 0). */
export function sumForecasts(list: readonly QuantileForecast[], horizon: number): SummedForecast {
  const p50 = new Float64Array(horizon);
  const spread2 = new Float64Array(horizon);
  for (const f of list) {
    const n = Math.min(f.p50.length, f.p90.length);
    if (n === 0) continue;
    for (let k = 0; k < horizon; k++) {
      const i = k < n ? k : n - 1;
      const m = finite(f.p50[i]!);
      const s = Math.max(0, finite(f.p90[i]!) - m);
      p50[k] += m;
      spread2[k] += s * s;
    }
  }
  const p90 = new Float64Array(horizon);
  for (let k = 0; k < horizon; k++) p90[k] = p50[k]! + Math.sqrt(spread2[k]!);
  return { p50, p90 };
}

/** A flat forecast at `value` (a node without a forecast yet: its current load, no spread). */
export function flatForecast(value: number, horizon: number): SummedForecast {
  return { p50: new Float64Array(horizon).fill(value), p90: new Float64Array(horizon).fill(value) };
}

/** Largest value and its step. */
export function peak(a: ArrayLike<number>): { value: number; step: number } {
  let value = 0;
  let step = 0;
  for (let k = 0; k < a.length; k++) {
    if (a[k]! > value) {
      value = a[k]!;
      step = k;
    }
  }
  return { value, step };
}

/**
 * Quantile `level` of a forecast given at ascending `levels` (linear between two levels, the
 * nearest outside them): how a p90 is read from a forecast that carries 0.1/0.5/0.9 or others.
 */
export function quantileAt(levels: readonly number[], values: readonly ArrayLike<number>[], level: number, step: number): number {
  if (levels.length === 0) return 0;
  if (level <= levels[0]!) return finite(values[0]![step]!);
  for (let i = 1; i < levels.length; i++) {
    if (level <= levels[i]!) {
      const a = levels[i - 1]!;
      const b = levels[i]!;
      const t = (level - a) / (b - a);
      return finite(values[i - 1]![step]!) * (1 - t) + finite(values[i]![step]!) * t;
    }
  }
  return finite(values[levels.length - 1]![step]!);
}

/** p50 and p90 series (per step) of a forecast with arbitrary levels, times `scale` (e.g. per interval -> per second). */
export function toQuantileForecast(levels: readonly number[], values: readonly ArrayLike<number>[], scale = 1): QuantileForecast {
  const h = values[0]?.length ?? 0;
  const p50 = new Float64Array(h);
  const p90 = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    p50[k] = quantileAt(levels, values, 0.5, k) * scale;
    p90[k] = Math.max(p50[k]!, quantileAt(levels, values, 0.9, k) * scale);
  }
  return { p50, p90 };
}

function finite(v: number): number {
  return Number.isFinite(v) && v > 0 ? v : 0;
}
