// A workload scenario: keys, their load per interval, and the cluster it is meant for. The load
// matrix is generated in full (keys x intervals), then rounded into trace rows.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseTraceText, type Trace } from '../trace.js';
import { csvCell } from '../../core/csv.js';
import type { KeySchema } from '../../core/keyspace.js';

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
  /** Cold rows with their own keys (and region) instead of generated `NAME:cold:i` keys. */
  coldRows?: { key: string; region?: string }[];
  /** Client regions of key k's ops in interval t, with their shares (summing to 1): a region column. */
  region?: (key: number, t: number) => readonly (readonly [string, number])[];
  /** Region of each node (for --node-regions), when the scenario has regions. */
  nodeRegions?: string[];
  /** The key schema the scenario is meant for (default hash). */
  keySchema?: KeySchema;
}

/** Cold keys per scenario: ~500 per initial microshard, so a copy takes ~8 intervals at the defaults. */
export const DEFAULT_COLD_KEYS = 40_000;

export interface TraceRow {
  t: number;
  key: string;
  ops: number;
  group?: string;
  region?: string;
}

export function* rowsOf(s: Scenario): Generator<TraceRow> {
  for (let i = 0; i < (s.coldKeys ?? 0); i++) yield { t: 0, key: `${s.name}:cold:${i}`, ops: 1 };
  for (const c of s.coldRows ?? []) yield { t: 0, key: c.key, ops: 1, region: c.region };
  for (let t = 0; t < s.intervals; t++) {
    for (let k = 0; k < s.keys.length; k++) {
      const load = s.load[k]![t]!;
      const group = s.group?.(k, t);
      // One row per client region (rounded per region), or one row.
      const shares = s.region?.(k, t) ?? [[undefined, 1] as const];
      for (const [region, share] of shares) {
        const ops = Math.round(load * share);
        if (ops <= 0) continue;
        const row: TraceRow = { t, key: s.keys[k]!, ops };
        if (group !== undefined) row.group = group;
        if (region !== undefined) row.region = region;
        yield row;
      }
    }
  }
}

/** The trace header of a scenario: `t,key,ops` then group and/or region when it has them. */
function headerOf(s: Scenario): string {
  return ['t,key,ops', ...(s.group ? ['group'] : []), ...(s.region ? ['region'] : [])].join(',');
}

function lineOf(s: Scenario, r: TraceRow): string {
  let line = `${r.t},${csvCell(r.key)},${r.ops}`;
  if (s.group) line += `,${csvCell(r.group ?? '')}`;
  if (s.region) line += `,${csvCell(r.region ?? '')}`;
  return line;
}

export function traceText(s: Scenario): string {
  const lines = [headerOf(s)];
  for (const r of rowsOf(s)) lines.push(lineOf(s, r));
  return lines.join('\n') + '\n';
}

export async function writeTrace(s: Scenario, path: string): Promise<number> {
  const out = createWriteStream(path);
  let rows = 0;
  let buf = headerOf(s) + '\n';
  for (const r of rowsOf(s)) {
    buf += lineOf(s, r) + '\n';
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
  return parseTraceText(traceText(s), s.name, s.keySchema);
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
