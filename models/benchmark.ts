// The model card's evaluation (`shardcast forecast eval --data DIR`): every dataset of a data
// folder, split by time (the held-out future is the last 20 % of each series), rolling origins
// spread evenly over that future, horizons 24 and 48 (and 288 for 5-minute data). The model,
// the previous committed model, naive, seasonal naive (daily and weekly) and Holt-Winters are
// scored in the same run on the same windows: MASE (scaled by the in-sample seasonal-naive MAE
// of the training part, as M4 does), sMAPE, OWA against seasonal naive, and the coverage of the
// models' p10-p90 band; then the issue's goals, overall.
import { holtWinters, naive, seasonalNaive } from './baselines.js';
import type { RealSeries } from './data.js';
import { coverage, mase, maseScale, smape } from './metrics.js';
import { secondarySeason } from './spec.js';

/** Rolling origins per series over its held-out future (evenly spread, shared by all horizons). */
export const DEFAULT_ORIGINS = 8;

/** Fewest points between two origins of one series. */
export const MIN_ORIGIN_GAP = 24;

/** Horizons scored for season S: a day and two at hourly, plus a day at 5-minute resolution. */
export function horizonsFor(season: number): number[] {
  return season === 288 ? [24, 48, 288] : [24, 48];
}

/** Forecasts at the longest horizon, one per history; a band (p10, p90) when the method has one. */
export interface MethodOutput {
  median: Float64Array[];
  band?: [Float64Array[], Float64Array[]];
}
export type BenchMethod = (histories: Float64Array[], season: number, horizon: number) => Promise<MethodOutput> | MethodOutput;

export const BENCH_BASELINES: Record<string, BenchMethod> = {
  naive: (hs, _S, H) => ({ median: hs.map((h) => naive(h, H)) }),
  'seasonal naive': (hs, S, H) => ({ median: hs.map((h) => seasonalNaive(h, H, S)) }),
  'weekly seasonal naive': (hs, S, H) => ({ median: hs.map((h) => seasonalNaive(h, H, secondarySeason(S))) }),
  'holt-winters': (hs, S, H) => ({ median: hs.map((h) => holtWinters(h, H, S)) }),
};
/** The reference every OWA and "beats" is measured against. */
export const REFERENCE = 'seasonal naive';

export interface Origin {
  series: RealSeries;
  origin: number;
  /** Horizons this origin is scored at (those that fit before the series ends). */
  horizons: number[];
  scale: number;
}

export interface Skipped { id: string; file?: string; reason: string }

/**
 * Origins over each series' held-out future. A series whose training part is constant (no MASE
 * scale) is skipped, as is a horizon longer than its held-out future; both are reported.
 */
export function benchmarkOrigins(series: RealSeries[], maxOrigins = DEFAULT_ORIGINS): { origins: Origin[]; skipped: Skipped[] } {
  const origins: Origin[] = [];
  const skipped: Skipped[] = [];
  for (const s of series) {
    const scale = maseScale(s.values.subarray(0, s.split), s.season);
    if (!(scale > 0)) { skipped.push({ id: s.id, file: s.file, reason: 'training part is constant (no MASE scale)' }); continue; }
    const future = s.values.length - s.split;
    const hs = horizonsFor(s.season).filter((H) => H <= future);
    for (const H of horizonsFor(s.season)) if (H > future) skipped.push({ id: s.id, file: s.file, reason: `held-out future of ${future} points is shorter than the horizon ${H}` });
    if (hs.length === 0) continue;
    const last = s.values.length - Math.max(...hs);
    // At least a day (the shortest horizon) between origins, so a short future is not scored
    // eight times over nearly the same points.
    const n = Math.min(maxOrigins, Math.floor((last - s.split) / MIN_ORIGIN_GAP) + 1);
    for (let k = 0; k < n; k++) {
      const origin = s.split + (n === 1 ? 0 : Math.round((k * (last - s.split)) / (n - 1)));
      origins.push({ series: s, origin, horizons: hs, scale });
    }
  }
  return { origins, skipped };
}

interface Cell { mase: number[]; smape: number[]; cover: number[] }

export interface BenchmarkResult {
  methods: string[];
  /** (group, H) -> method -> per-window scores. */
  rows: Map<string, Map<string, Cell>>;
  /** series id -> method -> MASE values (all horizons). */
  perSeries: Map<string, Map<string, number[]>>;
  /** series id -> dataset. */
  seriesGroup: Map<string, string>;
  windows: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, v) => a + v, 0) / xs.length : NaN);

/** Runs every method on every origin (one batched call per group and season) and scores them. */
export async function runBenchmark(origins: Origin[], methods: Record<string, BenchMethod>): Promise<BenchmarkResult> {
  const rows = new Map<string, Map<string, Cell>>();
  const perSeries = new Map<string, Map<string, number[]>>();
  const seriesGroup = new Map<string, string>();
  for (const o of origins) seriesGroup.set(o.series.id, o.series.group);
  const byGroup = new Map<string, Origin[]>();
  for (const o of origins) {
    const k = `${o.series.group}\u0000${o.series.season}`;
    if (!byGroup.has(k)) byGroup.set(k, []);
    byGroup.get(k)!.push(o);
  }
  let windows = 0;
  for (const [, os] of byGroup) {
    const S = os[0]!.series.season;
    const Hmax = Math.max(...os.flatMap((o) => o.horizons));
    const histories = os.map((o) => o.series.values.subarray(0, o.origin));
    for (const [name, method] of Object.entries(methods)) {
      const out = await method(histories, S, Hmax);
      os.forEach((o, i) => {
        for (const H of o.horizons) {
          const key = `${o.series.group}\u0000${H}`;
          if (!rows.has(key)) rows.set(key, new Map());
          const row = rows.get(key)!;
          if (!row.has(name)) row.set(name, { mase: [], smape: [], cover: [] });
          const cell = row.get(name)!;
          const actual = o.series.values.subarray(o.origin, o.origin + H);
          const f = out.median[i]!.subarray(0, H);
          const m = mase(actual, f, o.scale);
          cell.mase.push(m);
          cell.smape.push(smape(actual, f));
          if (out.band) cell.cover.push(coverage(actual, out.band[0][i]!.subarray(0, H), out.band[1][i]!.subarray(0, H)));
          if (!perSeries.has(o.series.id)) perSeries.set(o.series.id, new Map());
          const ps = perSeries.get(o.series.id)!;
          if (!ps.has(name)) ps.set(name, []);
          ps.get(name)!.push(m);
          if (name === Object.keys(methods)[0]) windows++;
        }
      });
    }
  }
  return { methods: Object.keys(methods), rows, perSeries, seriesGroup, windows };
}

export interface Summary {
  /** Means over every window of every dataset. */
  pooled: Record<string, { mase: number; smape: number; cover: number }>;
  /** Means of the (dataset, horizon) rows. */
  rowMean: Record<string, { mase: number; smape: number }>;
  /** Share of series whose mean MASE is below the reference's. */
  beats: Record<string, number>;
}

export function summarise(r: BenchmarkResult): Summary {
  const pooled: Summary['pooled'] = {};
  const rowMean: Summary['rowMean'] = {};
  const beats: Summary['beats'] = {};
  for (const m of r.methods) {
    const cells = [...r.rows.values()].map((row) => row.get(m)!);
    pooled[m] = { mase: mean(cells.flatMap((c) => c.mase)), smape: mean(cells.flatMap((c) => c.smape)), cover: mean(cells.flatMap((c) => c.cover)) };
    rowMean[m] = { mase: mean(cells.map((c) => mean(c.mase))), smape: mean(cells.map((c) => mean(c.smape))) };
    let win = 0;
    for (const ps of r.perSeries.values()) if (mean(ps.get(m)!) < mean(ps.get(REFERENCE)!)) win++;
    beats[m] = win / r.perSeries.size;
  }
  return { pooled, rowMean, beats };
}

const owa = (ms: number, sm: number, ref: { mase: number; smape: number }) => 0.5 * (ms / ref.mase + sm / ref.smape);

/** The markdown tables and the goals, as the model card shows them. */
export function formatBenchmark(r: BenchmarkResult): string {
  const s = summarise(r);
  const ms = r.methods;
  const head = ['data (H)', 'windows', ...ms.flatMap((m) => [`${m} MASE`, `sMAPE`, `OWA`])];
  const out = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  const keys = [...r.rows.keys()].sort((a, b) => {
    const [ga, ha] = a.split('\u0000');
    const [gb, hb] = b.split('\u0000');
    return ga === gb ? Number(ha) - Number(hb) : ga! < gb! ? -1 : 1;
  });
  for (const k of keys) {
    const [g, H] = k.split('\u0000');
    const row = r.rows.get(k)!;
    const ref = { mase: mean(row.get(REFERENCE)!.mase), smape: mean(row.get(REFERENCE)!.smape) };
    const cells = [`${g} (H=${H})`, String(row.get(ms[0]!)!.mase.length)];
    for (const m of ms) {
      const c = row.get(m)!;
      cells.push(mean(c.mase).toFixed(3), mean(c.smape).toFixed(2), owa(mean(c.mase), mean(c.smape), ref).toFixed(3));
    }
    out.push(`| ${cells.join(' | ')} |`);
  }
  for (const [label, agg] of [['all windows', s.pooled], ['mean of rows', s.rowMean]] as const) {
    const cells = [`**${label}**`, label === 'all windows' ? String(r.windows) : String(keys.length) + ' rows'];
    for (const m of ms) cells.push(agg[m]!.mase.toFixed(3), agg[m]!.smape.toFixed(2), owa(agg[m]!.mase, agg[m]!.smape, agg[REFERENCE]!).toFixed(3));
    out.push(`| ${cells.join(' | ')} |`);
  }
  const banded = ms.filter((m) => Number.isFinite(s.pooled[m]!.cover));
  out.push('', `| data (H) | ${banded.map((m) => `${m} p10-p90 coverage`).join(' | ')} |`, `|---|${banded.map(() => '---').join('|')}|`);
  for (const k of keys) {
    const [g, H] = k.split('\u0000');
    out.push(`| ${g} (H=${H}) | ${banded.map((m) => `${(100 * mean(r.rows.get(k)!.get(m)!.cover)).toFixed(1)} %`).join(' | ')} |`);
  }
  out.push(`| **all windows** | ${banded.map((m) => `${(100 * s.pooled[m]!.cover).toFixed(1)} %`).join(' | ')} |`);
  // Per dataset, the share of its series on which the model beats the reference.
  const gs = [...new Set(r.seriesGroup.values())].sort();
  out.push('', `| data | series | ${ms.filter((m) => m !== REFERENCE).map((m) => `${m} beats ${REFERENCE}`).join(' | ')} |`, `|---|---|${ms.filter((m) => m !== REFERENCE).map(() => '---').join('|')}|`);
  for (const g of gs) {
    const ids = [...r.seriesGroup].filter(([, x]) => x === g).map(([id]) => id);
    const share = (m: string) => ids.filter((id) => mean(r.perSeries.get(id)!.get(m)!) < mean(r.perSeries.get(id)!.get(REFERENCE)!)).length;
    out.push(`| ${g} | ${ids.length} | ${ms.filter((m) => m !== REFERENCE).map((m) => `${share(m)}`).join(' | ')} |`);
  }
  out.push('', `| method | series beating ${REFERENCE} (by mean MASE) | MASE / ${REFERENCE}'s (all windows) | sMAPE / ${REFERENCE}'s (all windows) |`, '|---|---|---|---|');
  for (const m of ms.filter((x) => x !== REFERENCE)) {
    out.push(`| ${m} | ${(100 * s.beats[m]!).toFixed(1)} % of ${r.perSeries.size} | ${(s.pooled[m]!.mase / s.pooled[REFERENCE]!.mase).toFixed(3)} | ${(s.pooled[m]!.smape / s.pooled[REFERENCE]!.smape).toFixed(3)} |`);
  }
  return out.join('\n');
}

/**
 * The issue's goals for one method, on all windows together: MASE at most 0.8x the reference's,
 * sMAPE below it, beating it on at least 75 % of series, p10-p90 coverage in 70-90 %.
 */
export function goals(r: BenchmarkResult, method: string): { name: string; value: string; met: boolean }[] {
  const s = summarise(r);
  const p = s.pooled[method]!;
  const ref = s.pooled[REFERENCE]!;
  return [
    { name: `MASE <= 0.8 x ${REFERENCE}'s`, value: `${(p.mase / ref.mase).toFixed(3)} x`, met: p.mase <= 0.8 * ref.mase },
    { name: `sMAPE below ${REFERENCE}'s`, value: `${p.smape.toFixed(2)} vs ${ref.smape.toFixed(2)}`, met: p.smape < ref.smape },
    { name: `beats ${REFERENCE} on >= 75 % of series`, value: `${(100 * s.beats[method]!).toFixed(1)} %`, met: s.beats[method]! >= 0.75 },
    { name: 'p10-p90 coverage in 70-90 %', value: `${(100 * p.cover).toFixed(1)} %`, met: p.cover >= 0.7 && p.cover <= 0.9 },
  ];
}
