// The one preprocessing step that lives outside the graph, shared by the CLI and the sidecar:
// decide model vs fallback per series, pad/truncate to the context length, and turn the trained
// quantile levels into the requested ones. Everything needing per-series statistics (scale,
// window means, trend, noise) is inside the ONNX graph.
import { MEDIAN_INDEX, TRAINED_QUANTILES, contextLength, minModelHistory } from './spec.js';

/**
 * How a series was forecast. `model`: the network. `seasonal-naive`: at least one season but less
 * than minModelHistory(S). `naive`: less than one season (or S = 1) but at least one point.
 * `empty`: no history; forecasts are 0.
 */
export type ForecastMethod = 'model' | 'seasonal-naive' | 'naive' | 'empty';

export function chooseMethod(length: number, season: number): ForecastMethod {
  if (length === 0) return 'empty';
  if (length >= minModelHistory(season)) return 'model';
  if (season > 1 && length >= season) return 'seasonal-naive';
  return 'naive';
}

/**
 * Writes the model context of `series` (its last contextLength(S) points) into
 * out[offset + i * stride] (stride N fills one column of a time-major [C, N] batch).
 * A series shorter than the context is padded on the left by repeating its earliest whole
 * season at the same phase ("seasonal back-fill"), so the padded part keeps the daily shape;
 * with S = 1 that repeats the first value. Non-finite values are carried forward from the last
 * finite one (0 at the start), so one bad sample cannot poison a batch.
 */
export function writeContext(series: ArrayLike<number>, season: number, out: Float32Array | Float64Array, offset: number, stride = 1): void {
  const C = contextLength(season);
  const n = series.length;
  if (n === 0) throw new RangeError('cannot build a context from an empty series');
  const start = Math.max(0, n - C);
  const pad = C - (n - start);
  let last = 0;
  for (let s = start - 1; s >= 0; s--) if (Number.isFinite(series[s]!)) { last = series[s]!; break; }
  for (let s = start; s < n; s++) {
    const v = series[s]!;
    if (Number.isFinite(v)) last = v;
    out[offset + (pad + s - start) * stride] = last;
  }
  for (let i = 0; i < pad; i++) {
    const phase = (((i - pad) % season) + season) % season;
    out[offset + i * stride] = out[offset + (pad + Math.min(phase, n - 1)) * stride]!;
  }
}

function allNonNegative(series: ArrayLike<number>): boolean {
  for (let i = 0; i < series.length; i++) if (series[i]! < 0) return false;
  return true;
}

function empiricalQuantile(sorted: Float64Array, tau: number): number {
  if (sorted.length === 0) return 0;
  const pos = tau * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Fallback forecast at the trained quantile levels, [H x Q] row-major. The median is seasonal
 * naive (or naive); the band adds empirical quantiles of the method's own in-history errors,
 * widened by sqrt(seasons ahead) (seasonal naive) or sqrt(h) (naive), as a random walk would;
 * rounded to whole numbers for count series, like the model.
 */
export function fallbackForecast(series: ArrayLike<number>, season: number, horizon: number, method: ForecastMethod): Float64Array {
  const Q = TRAINED_QUANTILES.length;
  const out = new Float64Array(horizon * Q);
  const n = series.length;
  if (method === 'empty' || n === 0) return out;
  const lag = method === 'seasonal-naive' ? season : 1;
  const errs: number[] = [];
  for (let i = lag; i < n; i++) {
    const e = series[i]! - series[i - lag]!;
    if (Number.isFinite(e)) errs.push(e);
  }
  const sorted = Float64Array.from(errs).sort();
  const offsets = TRAINED_QUANTILES.map((tau) => empiricalQuantile(sorted, tau));
  const mid = offsets[MEDIAN_INDEX]!;
  const nonNeg = allNonNegative(series);
  let integer = true;
  for (let i = 0; i < n; i++) if (series[i]! !== Math.round(series[i]!)) { integer = false; break; }
  for (let h = 1; h <= horizon; h++) {
    const point = method === 'seasonal-naive' ? series[n - lag + ((h - 1) % lag)]! : series[n - 1]!;
    const widen = Math.sqrt(method === 'seasonal-naive' ? Math.ceil(h / lag) : h);
    for (let q = 0; q < Q; q++) {
      let v = point + (offsets[q]! - mid) * widen;
      if (!Number.isFinite(v)) v = 0;
      if (integer) v = Math.round(v);
      out[(h - 1) * Q + q] = nonNeg && v < 0 ? 0 : v;
    }
  }
  return out;
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * Weights that turn the trained levels into a requested level: linear interpolation between the
 * two neighbouring trained levels; beyond the outermost ones, linear extrapolation of the two
 * outermost in normal-score space (the tail of a normal with that local spread).
 * Returns [lowerIndex, upperIndex, weightOfUpper].
 */
export function quantileBlend(level: number): [number, number, number] {
  const T = TRAINED_QUANTILES;
  const last = T.length - 1;
  for (let i = 0; i <= last; i++) if (Math.abs(T[i]! - level) < 1e-12) return [i, i, 0];
  if (level < T[0]!) {
    const w = (normalQuantile(level) - normalQuantile(T[1]!)) / (normalQuantile(T[0]!) - normalQuantile(T[1]!));
    return [1, 0, w];
  }
  if (level > T[last]!) {
    const w = (normalQuantile(level) - normalQuantile(T[last - 1]!)) / (normalQuantile(T[last]!) - normalQuantile(T[last - 1]!));
    return [last - 1, last, w];
  }
  let i = 0;
  while (T[i + 1]! < level) i++;
  return [i, i + 1, (level - T[i]!) / (T[i + 1]! - T[i]!)];
}

/**
 * Picks requested levels out of [H x Q] trained-level values into one Float32Array per level.
 * Extrapolated tails are clipped at 0 when `nonNegative`.
 */
export function selectQuantiles(values: Float32Array | Float64Array, offset: number, horizon: number, levels: readonly number[], nonNegative: boolean): Float32Array[] {
  const Q = TRAINED_QUANTILES.length;
  return levels.map((level) => {
    const [lo, hi, w] = quantileBlend(level);
    const out = new Float32Array(horizon);
    for (let h = 0; h < horizon; h++) {
      const a = values[offset + h * Q + lo]!;
      const b = values[offset + h * Q + hi]!;
      const v = a + w * (b - a);
      out[h] = nonNegative && v < 0 ? 0 : v;
    }
    return out;
  });
}

export function isNonNegative(series: ArrayLike<number>): boolean {
  return allNonNegative(series);
}
