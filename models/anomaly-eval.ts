// `shardcast anomaly eval`: our detector beside two baselines on labelled series, per set, with
// the NAB-style windowed score (three profiles) and point precision / recall / F1. The baselines'
// tail threshold is chosen on the tuning set (ms_cloud) from a small grid, generously, and kept
// for the held-out sets; ours runs with its defaults.
import { scoreSeries, type DetectorParams } from '../core/anomaly/detector.js';
import { SeasonalResidualZ, WindowedGaussian, type Streaming } from '../core/anomaly/baselines.js';
import { inferSeason } from '../core/anomaly/season.js';
import { anomalyWindows, normalise, pointCounts, prf, windowedScore, PROFILES, type WindowedResult } from '../core/anomaly/nab.js';
import type { LabelledSeries } from './anomaly-data.js';

export interface MethodScore {
  method: string;
  set: string;
  series: number;
  nab: number[];
  precision: number;
  recall: number;
  f1: number;
  windows: number;
  detected: number;
  falsePositives: number;
}

export type Scorer = (s: LabelledSeries) => Float64Array;

export function runStreaming(make: (s: LabelledSeries) => Streaming): Scorer {
  return (s) => {
    const d = make(s);
    const out = new Float64Array(s.values.length);
    for (let i = 0; i < out.length; i++) out[i] = d.update(s.values[i]!);
    return out;
  };
}

/** Season for the seasonal baseline: inferred on the first min(3000, n/2) points. */
export function baselineSeason(s: LabelledSeries): number {
  return inferSeason(s.values.subarray(0, Math.min(3000, Math.floor(s.values.length / 2))), 1440) || 1;
}

export function evaluate(method: string, set: string, series: LabelledSeries[], scorer: Scorer): MethodScore {
  const results: WindowedResult[] = [];
  const c = { tp: 0, fp: 0, fn: 0 };
  for (const s of series) {
    const scores = scorer(s);
    results.push(windowedScore(scores, anomalyWindows(s.labels)));
    const pc = pointCounts(scores, s.labels);
    c.tp += pc.tp;
    c.fp += pc.fp;
    c.fn += pc.fn;
  }
  const p = prf(c);
  return {
    method,
    set,
    series: series.length,
    nab: normalise(results),
    ...p,
    windows: results.reduce((a, r) => a + r.windows, 0),
    detected: results.reduce((a, r) => a + r.detected, 0),
    falsePositives: results.reduce((a, r) => a + r.falsePositives, 0),
  };
}

export const BASELINE_TAILS = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6] as const;

export interface EvalOptions {
  params?: Partial<DetectorParams>;
  /** Which set chooses the baselines' thresholds. */
  tuningSet?: string;
}

export function runEval(sets: Map<string, LabelledSeries[]>, opts: EvalOptions = {}): MethodScore[] {
  const tuning = sets.get(opts.tuningSet ?? 'ms_cloud') ?? [];
  const pick = (make: (tail: number) => (s: LabelledSeries) => Streaming): number => {
    let best: number = BASELINE_TAILS[0];
    let bestScore = -Infinity;
    for (const tail of BASELINE_TAILS) {
      const sc = evaluate('', '', tuning, runStreaming(make(tail))).nab[0]!;
      if (sc > bestScore) {
        bestScore = sc;
        best = tail;
      }
    }
    return best;
  };
  const wgMake = (tail: number) => () => new WindowedGaussian(tail);
  const srMake = (tail: number) => (s: LabelledSeries) => new SeasonalResidualZ(baselineSeason(s), tail);
  const wgTail = tuning.length ? pick(wgMake) : 1e-3;
  const srTail = tuning.length ? pick(srMake) : 1e-3;
  const out: MethodScore[] = [];
  for (const [set, series] of sets) {
    if (series.length === 0) continue;
    out.push(evaluate('shardcast detector', set, series, (s) => scoreSeries(s.values, opts.params)));
    out.push(evaluate(`windowed Gaussian (tail ${wgTail})`, set, series, runStreaming(wgMake(wgTail))));
    out.push(evaluate(`seasonal residual z (tail ${srTail})`, set, series, runStreaming(srMake(srTail))));
  }
  return out;
}

export function formatTable(rows: MethodScore[]): string {
  const head = ['set', 'method', 'series', ...PROFILES.map((p) => p.name), 'precision', 'recall', 'F1', 'windows hit', 'FP flags'];
  const body = rows.map((r) => [
    r.set,
    r.method,
    String(r.series),
    ...r.nab.map((x) => x.toFixed(1)),
    r.precision.toFixed(3),
    r.recall.toFixed(3),
    r.f1.toFixed(3),
    `${r.detected}/${r.windows}`,
    String(r.falsePositives),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join('\n');
}
