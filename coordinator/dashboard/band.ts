// A node's forecast band (p10, p50, p90 per step, ops/s) from its microshards' forecasts.
// Hand-written domain arithmetic: medians add and each side's spread adds in quadrature, the
// convention of core/capacity/forecast.ts (sumForecasts), extended to the lower quantile so the
// dashboard can draw p10-p90. Steps already in the past are dropped (aligned to `nowMs`).
import { quantileAt } from '../../core/capacity/index.js';
import type { MicroshardForecastView } from '../cluster/load-store.js';

/** Longest band drawn, steps. */
export const MAX_BAND_STEPS = 120;

export interface ForecastBand {
  /** Start of step 0, ms since the epoch. */
  startMs: number;
  stepMs: number;
  p10: number[];
  p50: number[];
  p90: number[];
}

export function nodeBand(forecasts: readonly MicroshardForecastView[], nowMs: number): ForecastBand | undefined {
  const usable = forecasts.filter((f) => f.intervalMs > 0 && f.values.length > 0 && f.horizon > 0);
  if (usable.length === 0) return undefined;
  const stepMs = usable[0]!.intervalMs;
  const startMs = Math.floor(nowMs / stepMs) * stepMs;
  const steps = Math.min(MAX_BAND_STEPS, Math.max(...usable.map((f) => f.horizon)));
  const p50 = new Array<number>(steps).fill(0);
  const lo2 = new Array<number>(steps).fill(0);
  const hi2 = new Array<number>(steps).fill(0);
  for (const f of usable) {
    if (f.intervalMs !== stepMs) continue; // one resolution per band (every sidecar of a cluster shares it)
    const skip = Math.max(0, Math.floor((startMs - f.startMs) / stepMs));
    const perS = 1000 / stepMs;
    for (let k = 0; k < steps; k++) {
      const i = Math.min(f.horizon - 1, skip + k);
      const m = finite(quantileAt(f.quantiles, f.values, 0.5, i)) * perS;
      const lo = finite(quantileAt(f.quantiles, f.values, 0.1, i)) * perS;
      const hi = finite(quantileAt(f.quantiles, f.values, 0.9, i)) * perS;
      p50[k]! += m;
      lo2[k]! += Math.max(0, m - lo) ** 2;
      hi2[k]! += Math.max(0, hi - m) ** 2;
    }
  }
  return {
    startMs,
    stepMs,
    p50: p50.map(round),
    p10: p50.map((m, k) => round(Math.max(0, m - Math.sqrt(lo2[k]!)))),
    p90: p50.map((m, k) => round(m + Math.sqrt(hi2[k]!))),
  };
}

const finite = (v: number) => (Number.isFinite(v) ? v : 0);
const round = (v: number) => Math.round(v * 100) / 100;
