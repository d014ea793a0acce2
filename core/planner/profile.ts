// A node's predicted load profile, the one rule every part uses: per step, the microshards' p50s
// add and their p90 - p50 spreads add in quadrature (forecast errors taken as independent), so
// the node's p90 is sum(p50) + sqrt(sum((p90 - p50)^2)). A plain sum of p90s would predict
// overload far less likely than 10%. The planner's working state keeps mean and spread per node
// and updates them as it plans; a bidder (a sidecar, or the simulator's local bidders) builds
// its own from the microshards it holds.

/** One microshard's forecast, per step of the horizon. */
export interface StepSeries {
  p50(k: number): number;
  p90(k: number): number;
}

/** Spread after adding (sign 1) or removing (sign -1) a microshard with this p50/p90 at one step. */
export function withSpread(spread: number, p50: number, p90: number, sign: 1 | -1): number {
  const sp = p90 - p50;
  const v = spread + sign * sp * sp;
  return v > 0 ? v : 0;
}

/** The p90 of a sum whose p50s add to `mean` and whose squared spreads add to `spread`. */
export function p90Of(mean: number, spread: number): number {
  return mean + Math.sqrt(spread > 0 ? spread : 0);
}

/** A node's p90 per step from the forecasts of the microshards it holds. */
export function nodeProfile(series: Iterable<StepSeries>, horizon: number): Float64Array {
  const mean = new Float64Array(horizon);
  const spread = new Float64Array(horizon);
  for (const s of series) {
    for (let k = 0; k < horizon; k++) {
      const p50 = s.p50(k);
      mean[k]! += p50;
      spread[k] = withSpread(spread[k]!, p50, s.p90(k), 1);
    }
  }
  const out = new Float64Array(horizon);
  for (let k = 0; k < horizon; k++) out[k] = p90Of(mean[k]!, spread[k]!);
  return out;
}
