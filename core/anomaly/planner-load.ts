// What the planner plans on for a microshard whose load is anomalous right now. Its forecast was
// made from history before the anomaly (or, made right after it, from a model that has not seen
// the new level long enough to believe it), so it is not trusted: every step is at least the
// load observed now, and the p90 band is widened so the planner's risk side sees that the
// future is uncertain. Pure: the live leader (coordinator/planner/snapshot.ts) and the simulator
// use the same rule.
import type { LoadForecast } from '../planner/forecast.js';

/** Default widening: the p90 sits at least this fraction of the (corrected) median above it. */
export const DEFAULT_ANOMALY_BAND_WIDEN = 0.5;

/**
 * max(observed, forecast) per step over `horizon` steps, with the p90 - p50 band at least
 * `widen` x p50 (and never narrower than the forecast's own band). An empty forecast becomes
 * the observed load at every step. Non-finite or negative inputs count as 0.
 */
export function untrustedForecast(forecast: LoadForecast, observed: number, horizon: number, widen = DEFAULT_ANOMALY_BAND_WIDEN): { p50: number[]; p90: number[] } {
  if (!(Number.isInteger(horizon) && horizon >= 0)) throw new RangeError(`horizon must be a non-negative integer, got ${horizon}`);
  if (!(Number.isFinite(widen) && widen >= 0)) throw new RangeError(`widen must be a non-negative number, got ${widen}`);
  const clean = (v: number | undefined) => (v !== undefined && Number.isFinite(v) && v > 0 ? v : 0);
  const obs = clean(observed);
  const at = (a: ArrayLike<number>, k: number) => (a.length === 0 ? 0 : clean(a[Math.min(a.length - 1, k)]));
  const p50: number[] = [];
  const p90: number[] = [];
  for (let k = 0; k < horizon; k++) {
    const m = at(forecast.p50, k);
    const band = Math.max(0, at(forecast.p90, k) - m);
    const mid = Math.max(obs, m);
    p50.push(mid);
    p90.push(mid + Math.max(band, widen * mid));
  }
  return { p50, p90 };
}
