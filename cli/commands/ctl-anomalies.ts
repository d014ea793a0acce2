// `shardcast ctl anomalies`: the recent anomaly events (series, observed value, expected band,
// score, since when, which node saw it), read from the lifecycle event log (Admin.WatchEvents with
// kind "anomaly"), so any replica answers and the history survives a leader failover. The
// decisions the planner took about them are `planner_*` events naming the same microshards
// (`ctl events --microshard ID`, `ctl explain ID`). Registered by ctl.ts.
import type { Command } from 'commander';
import { table } from '../common.js';
import type { LifecycleEvent__Output } from '../../generated/proto/shardcast/v1/LifecycleEvent.js';

interface AnomalyFlags {
  coordinators?: string;
  json?: boolean;
  last: string;
  follow?: boolean;
  microshard?: string;
  node?: string;
  kind?: string;
}

type Stream = (f: AnomalyFlags, onEvent: (e: LifecycleEvent__Output) => void) => Promise<void>;

/** The evidence an `anomaly` event carries (coordinator/cluster/anomalies.ts anomalyEvent). */
export interface AnomalyRow {
  seq: string;
  atMs: number;
  node: string;
  series: string;
  microshardId: string | null;
  value: number;
  expected: number;
  expectedLow: number;
  expectedHigh: number;
  score: number;
  sinceMs: number;
  unit: string;
}

export function anomalyRow(e: LifecycleEvent__Output): AnomalyRow {
  let i: Record<string, unknown> = {};
  try {
    i = JSON.parse(e.inputsJson || '{}') as Record<string, unknown>;
  } catch {
    // An unreadable record still lists, with what the event itself says.
  }
  const n = (k: string) => (typeof i[k] === 'number' ? (i[k] as number) : NaN);
  return {
    seq: e.seq,
    atMs: Number(e.atMs),
    node: typeof i.node === 'string' ? i.node : (e.nodeIds[0] ?? ''),
    series: typeof i.series === 'string' ? i.series : '?',
    microshardId: typeof i.microshardId === 'string' ? i.microshardId : (e.microshardIds[0] ?? null),
    value: n('value'),
    expected: n('expected'),
    expectedLow: n('expectedLow'),
    expectedHigh: n('expectedHigh'),
    score: n('score'),
    sinceMs: n('sinceMs'),
    unit: typeof i.unit === 'string' ? i.unit : '',
  };
}

const num = (x: number) => (!Number.isFinite(x) ? '?' : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(1) : x.toFixed(3));
const time = (ms: number) => (Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString().slice(11, 23) : '?');

export const ANOMALY_HEADER = ['SEQ', 'AT', 'NODE', 'SERIES', 'VALUE', 'EXPECTED [BAND]', 'SCORE', 'SINCE'];

export function anomalyCells(r: AnomalyRow): string[] {
  return ['#' + r.seq, time(r.atMs), r.node, r.series, num(r.value), `${num(r.expected)} [${num(r.expectedLow)}, ${num(r.expectedHigh)}]`, Number.isFinite(r.score) ? r.score.toFixed(2) : '?', time(r.sinceMs)];
}


export function registerAnomalies(ctl: Command, common: (c: Command) => Command, stream: Stream): void {
  common(
    ctl
      .command('anomalies')
      .description('recent anomalies the sidecars flagged: series, observed value, expected band, score, since when (the planner\'s decisions about them: ctl events --microshard ID, ctl explain ID)')
      .option('--last <n>', 'recent anomaly events to show', '20')
      .option('--follow', 'keep streaming new ones')
      .option('--microshard <id>', 'only this microshard\'s')
      .option('--node <id>', 'only those this node saw'),
  ).action(async (f: AnomalyFlags) => {
    const rows: AnomalyRow[] = [];
    let header = false;
    await stream({ ...f, kind: 'anomaly' }, (e) => {
      const r = anomalyRow(e);
      if (f.json) {
        if (f.follow) process.stdout.write(JSON.stringify(r) + '\n');
        else rows.push(r);
        return;
      }
      if (!f.follow) {
        rows.push(r);
        return;
      }
      // Following: one line per event as it comes (the header once).
      if (!header) process.stdout.write(ANOMALY_HEADER.join('  ') + '\n');
      header = true;
      process.stdout.write(anomalyCells(r).join('  ') + '\n');
    });
    if (f.follow) return;
    if (f.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else process.stdout.write(rows.length ? table([ANOMALY_HEADER, ...rows.map(anomalyCells)]) : 'no anomalies recorded (in the last events the log keeps)\n');
  });
}
