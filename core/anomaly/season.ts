// Season (period) inference for the anomaly detector: the lag with the strongest autocorrelation
// peak in a prefix of the series. Pure; the detector calls it on points it has already seen, so
// scores stay causal. Hand-written: a plain ACF scan, no library in node_modules does it.

/** Lowest autocorrelation a peak needs to count as a season. */
export const MIN_SEASON_ACF = 0.3;
/** Shortest period considered (shorter "seasons" are just noise correlation). */
export const MIN_SEASON = 4;

/**
 * The period of `values` (oldest first) or 0 when none is clear. A candidate lag L must be a
 * local maximum of the ACF, have ACF >= MIN_SEASON_ACF, and fit at least twice in the data.
 */
export function inferSeason(values: ArrayLike<number>, maxSeason = Math.floor(values.length / 2)): number {
  const n = values.length;
  if (n < 2 * MIN_SEASON + 2) return 0;
  // Remove a least-squares line so a trend does not look like a long season.
  const xm = (n - 1) / 2;
  let ym = 0;
  for (let i = 0; i < n; i++) ym += values[i]!;
  ym /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - xm) * (values[i]! - ym);
    sxx += (i - xm) * (i - xm);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const d = new Float64Array(n);
  let v0 = 0;
  for (let i = 0; i < n; i++) {
    d[i] = values[i]! - ym - slope * (i - xm);
    v0 += d[i]! * d[i]!;
  }
  if (!(v0 > 0)) return 0;
  const maxLag = Math.min(maxSeason, Math.floor(n / 2));
  if (maxLag < MIN_SEASON + 1) return 0;
  const acf = new Float64Array(maxLag + 2);
  for (let lag = MIN_SEASON - 1; lag <= maxLag + 1 && lag < n; lag++) {
    let s = 0;
    for (let i = lag; i < n; i++) s += d[i]! * d[i - lag]!;
    acf[lag] = s / v0;
  }
  let best = 0;
  let bestAcf = MIN_SEASON_ACF;
  for (let lag = MIN_SEASON; lag <= maxLag; lag++) {
    const a = acf[lag]!;
    if (a >= bestAcf && a >= acf[lag - 1]! && a >= acf[lag + 1]!) {
      best = lag;
      bestAcf = a;
    }
  }
  return best;
}
