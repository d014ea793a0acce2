// A workload scenario: keys, their load per interval, and the cluster it is meant for. The load
// matrix is generated in full (keys x intervals), then rounded into trace rows.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseTraceText, type Trace } from '../trace.js';
import { csvCell } from '../../core/csv.js';

export interface ScenarioSpec {
  name: string;
  description: string;
  nodes: number;
  /** Ops per node per interval. */
  capacity: number;
  microshards: number;
  intervals: number;
  season: number;
  /** Whether the goals (daily cycles and ramps) apply to it. */
  goal: boolean;
}

export interface Scenario extends ScenarioSpec {
  keys: string[];
  /** Co-access group per row, if the scenario has groups: group(keyIndex, t) -> label or undefined. */
  group?: (key: number, t: number) => string | undefined;
  /** Ops of key k in interval t (rounded to integers when written). */
  load: Float64Array[];
  /**
   * Cold keys written once at t = 0 (one op each: the data set loaded), never touched again.
   * They give microshards realistic sizes: most data is cold, so a copy takes several intervals.
   */
  coldKeys?: number;
}

/** Cold keys per scenario: ~500 per initial microshard, so a copy takes ~8 intervals at the defaults. */
export const DEFAULT_COLD_KEYS = 40_000;

export interface TraceRow {
  t: number;
  key: string;
  ops: number;
  group?: string;
}

export function* rowsOf(s: Scenario): Generator<TraceRow> {
  for (let i = 0; i < (s.coldKeys ?? 0); i++) yield { t: 0, key: `${s.name}:cold:${i}`, ops: 1 };
  for (let t = 0; t < s.intervals; t++) {
    for (let k = 0; k < s.keys.length; k++) {
      const ops = Math.round(s.load[k]![t]!);
      if (ops <= 0) continue;
      const group = s.group?.(k, t);
      yield group === undefined ? { t, key: s.keys[k]!, ops } : { t, key: s.keys[k]!, ops, group };
    }
  }
}

export function traceText(s: Scenario): string {
  const lines = [s.group ? 't,key,ops,group' : 't,key,ops'];
  for (const r of rowsOf(s)) lines.push(s.group ? `${r.t},${csvCell(r.key)},${r.ops},${csvCell(r.group ?? '')}` : `${r.t},${csvCell(r.key)},${r.ops}`);
  return lines.join('\n') + '\n';
}

export async function writeTrace(s: Scenario, path: string): Promise<number> {
  const out = createWriteStream(path);
  let rows = 0;
  let buf = s.group ? 't,key,ops,group\n' : 't,key,ops\n';
  for (const r of rowsOf(s)) {
    buf += s.group ? `${r.t},${csvCell(r.key)},${r.ops},${csvCell(r.group ?? '')}\n` : `${r.t},${csvCell(r.key)},${r.ops}\n`;
    rows++;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return rows;
}

/** The scenario as an in-memory trace (what the simulator would read from its CSV). */
export function traceOf(s: Scenario): Trace {
  return parseTraceText(traceText(s), s.name);
}

/** Scales the load matrix so that the peak total equals `peakUtil` x nodes x capacity. */
export function scaleToUtilisation(load: Float64Array[], intervals: number, nodes: number, capacity: number, peakUtil: number): void {
  let peak = 0;
  for (let t = 0; t < intervals; t++) {
    let total = 0;
    for (const row of load) total += row[t]!;
    peak = Math.max(peak, total);
  }
  if (peak <= 0) return;
  const f = (peakUtil * nodes * capacity) / peak;
  for (const row of load) for (let t = 0; t < intervals; t++) row[t]! *= f;
}

/** Daily shape: low at night, peak at local hour `peakHour`; 1 at the peak. */
export function dayShape(hour: number, floor = 0.15, peakHour = 14): number {
  const c = Math.cos((2 * Math.PI * (hour - peakHour)) / 24);
  return floor + (1 - floor) * (c > 0 ? c * c : 0);
}
