// Accuracy measures exactly as the M4 competition defines them.

/**
 * M4 MASE denominator: mean |y_t - y_{t-m}| over the in-sample part, m = season. A series no
 * longer than one season falls back to m = 1 (as the M4 code does for short series).
 */
export function maseScale(insample: ArrayLike<number>, season: number): number {
  const m = insample.length > season ? season : 1;
  let s = 0;
  let n = 0;
  for (let t = m; t < insample.length; t++) {
    s += Math.abs(insample[t]! - insample[t - m]!);
    n++;
  }
  return n > 0 ? s / n : NaN;
}

/** MASE of one forecast: mean absolute error over the horizon divided by maseScale. */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, scale: number): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i]! - forecast[i]!);
  return s / actual.length / scale;
}

/**
 * M4 sMAPE in percent: (200 / h) * sum |y - f| / (|y| + |f|). A step where both are 0 is a
 * perfect forecast and counts 0 (M4 data has no zeros; count data does).
 */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]!) + Math.abs(forecast[i]!);
    if (d > 0) s += Math.abs(actual[i]! - forecast[i]!) / d;
  }
  return (200 * s) / actual.length;
}

/** Share of actuals inside [lower, upper]. */
export function coverage(actual: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i]! >= lower[i]! && actual[i]! <= upper[i]!) c++;
  return c / actual.length;
}
