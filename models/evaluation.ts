// Held-out evaluation: rolling origins over the later part of each real series, the model beside
// naive, seasonal naive and Holt-Winters, scored with M4's MASE and sMAPE.
import { holtWinters, naive, seasonalNaive } from './baselines.js';
import { mase, maseScale, smape } from './metrics.js';
import type { RealSeries } from './data.js';

export interface EvalWindow {
  id: string;
  group: string;
  season: number;
  /** Everything before the forecast origin (the forecaster's input). */
  history: Float64Array;
  actual: Float64Array;
  /** MASE denominator: in-sample seasonal-naive MAE of the series' training part. */
  scale: number;
}

/**
 * Rolling origins: the first forecasts from the end of the training part, then one every
 * `stride` points, each for `horizon` steps, while the actuals stay before `end`.
 */
export function heldOutWindows(series: RealSeries[], horizonSeasons: number, opts: { stride?: 'season'; endFraction?: number } = {}): EvalWindow[] {
  const out: EvalWindow[] = [];
  for (const s of series) {
    const H = Math.round(horizonSeasons * s.season);
    const end = opts.endFraction === undefined ? s.values.length : Math.floor(s.values.length * opts.endFraction);
    const scale = maseScale(s.values.subarray(0, s.split), s.season);
    for (let origin = s.split; origin + H <= end; origin += s.season) {
      out.push({
        id: s.id, group: s.group, season: s.season,
        history: s.values.subarray(0, origin),
        actual: s.values.subarray(origin, origin + H),
        scale,
      });
    }
  }
  return out;
}

/** Batched point forecasts (one per history) for one season and horizon. */
export type PointForecaster = (histories: Float64Array[], season: number, horizon: number) => Promise<Float64Array[]> | Float64Array[];

export const BASELINES: Record<string, PointForecaster> = {
  naive: (hs, _S, H) => hs.map((h) => naive(h, H)),
  'seasonal naive': (hs, S, H) => hs.map((h) => seasonalNaive(h, H, S)),
  'holt-winters': (hs, S, H) => hs.map((h) => holtWinters(h, H, S)),
};

export interface Score {
  group: string;
  horizon: number;
  method: string;
  mase: number;
  smape: number;
  /** Medians over windows (robust to the few series with a tiny MASE scale). */
  maseMedian: number;
  smapeMedian: number;
  windows: number;
  series: number;
}

function mean(xs: number[]): number {
  return xs.reduce((a, v) => a + v, 0) / xs.length;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
}

/** Scores every method on every window; rows per (group, horizon) and method. */
export async function scoreMethods(windows: EvalWindow[], methods: Record<string, PointForecaster>): Promise<Score[]> {
  const keyOf = (w: EvalWindow) => `${w.group}\u0000${w.actual.length}\u0000${w.season}`;
  const buckets = new Map<string, EvalWindow[]>();
  for (const w of windows) {
    const k = keyOf(w);
    if (!buckets.has(k)) buckets.set(k, []);
    buckets.get(k)!.push(w);
  }
  const rows: Score[] = [];
  for (const [, ws] of buckets) {
    const S = ws[0]!.season;
    const H = ws[0]!.actual.length;
    for (const [name, method] of Object.entries(methods)) {
      const fc = await method(ws.map((w) => w.history), S, H);
      const mases: number[] = [];
      const smapes: number[] = [];
      ws.forEach((w, i) => {
        const ms = mase(w.actual, fc[i]!, w.scale);
        if (Number.isFinite(ms)) mases.push(ms);
        smapes.push(smape(w.actual, fc[i]!));
      });
      rows.push({
        group: ws[0]!.group, horizon: H, method: name,
        mase: mean(mases), smape: mean(smapes), maseMedian: median(mases), smapeMedian: median(smapes),
        windows: ws.length, series: new Set(ws.map((w) => w.id)).size,
      });
    }
  }
  return rows;
}

/** A table with one row per (group, horizon) and MASE / sMAPE columns per method (means, or medians). */
export function formatScores(rows: Score[], stat: 'mean' | 'median' = 'mean'): string {
  const methods = [...new Set(rows.map((r) => r.method))];
  const groups = [...new Set(rows.map((r) => `${r.group}\u0000${r.horizon}`))];
  const header = [stat === 'mean' ? 'data (S, H)' : 'data (S, H), medians', 'windows', ...methods.flatMap((m) => [`${m} MASE`, `${m} sMAPE`])];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  const totals: Record<string, [number, number, number]> = {};
  for (const g of groups) {
    const [group, horizon] = g.split('\u0000');
    const rs = rows.filter((r) => r.group === group && String(r.horizon) === horizon);
    const cells = [`${group} (H=${horizon})`, `${rs[0]!.windows} (${rs[0]!.series} series)`];
    for (const m of methods) {
      const r = rs.find((x) => x.method === m)!;
      const [ms, sm] = stat === 'mean' ? [r.mase, r.smape] : [r.maseMedian, r.smapeMedian];
      cells.push(ms.toFixed(3), sm.toFixed(2));
      const acc = (totals[m] ??= [0, 0, 0]);
      acc[0] += ms; acc[1] += sm; acc[2] += 1;
    }
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const cells = ['mean of rows', ''];
  for (const m of methods) cells.push((totals[m]![0] / totals[m]![2]).toFixed(3), (totals[m]![1] / totals[m]![2]).toFixed(2));
  lines.push(`| ${cells.join(' | ')} |`);
  return lines.join('\n');
}
