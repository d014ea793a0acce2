// shardcast sim: replays a trace under placement policies and compares them.
//   shardcast sim --trace TRACE.csv --nodes N --capacity C [--microshards M]
//                 [--policies static,reactive,predictive,oracle] [--timeline DIR] [--json]
//                 [--key-schema hash|prefix|prefix-ordered] [--node-regions R1,R2,...]
//                 [--region-latency-ms FILE]
// Progress goes to stderr; --json prints exactly one object on stdout.
import { UsageError } from '../exit-codes.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { compare } from '../../sim/compare.js';
import { simConfig } from '../../sim/config.js';
import { POLICY_NAMES, roundStats, type PolicyName } from '../../sim/controllers.js';
import { createForecaster } from '../../sim/forecasters.js';
import { contractOf, type ContractMetrics } from '../../sim/metrics.js';
import { progressBar } from '../../platform/progress.js';
import { DEFAULT_BANDWIDTH, DEFAULT_BYTES_PER_KEY, DEFAULT_MICROSHARDS_PER_NODE, DEFAULT_SEASON } from '../../sim/simulator.js';
import { readTrace } from '../../sim/trace.js';
import { formatTimeline } from '../../sim/timeline.js';
import { DEFAULT_HORIZON } from '../../core/planner/config.js';
import { DEFAULT_KEY_SCHEMA, KEY_SCHEMAS, parseKeySchema } from '../../core/keyspace.js';
import { parseRegionLatency, type RegionLatency } from '../../core/region-latency.js';

function nodeRegionsOf(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return v.split(',').map((r) => r.trim());
}

function latencyOf(path: string | undefined): RegionLatency | undefined {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`--region-latency-ms: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseRegionLatency(text, `--region-latency-ms ${path}`);
}

/** The contract figures plus the region ones (present when they can be computed). */
type SimOutput = ContractMetrics & { cross_region_fraction?: number | null; access_latency_ms_p50?: number; access_latency_ms_p99?: number };

function positiveInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw new UsageError(`${flag} must be a positive integer, got "${v}"`);
  return Number(v);
}

function positiveNumber(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a number > 0, got "${v}"`);
  return n;
}

function policiesOf(v: string): PolicyName[] {
  const names = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError('--policies needs at least one policy');
  for (const n of names) if (!(POLICY_NAMES as readonly string[]).includes(n)) throw new UsageError(`--policies: unknown policy "${n}" (known: ${POLICY_NAMES.join(', ')})`);
  return [...new Set(names)] as PolicyName[];
}

interface SimFlags {
  trace: string;
  nodes: string;
  capacity: string;
  microshards?: string;
  policies: string;
  timeline?: string;
  json?: boolean;
  bytesPerKey?: string;
  bandwidth?: string;
  season?: string;
  horizon?: string;
  keySchema: string;
  nodeRegions?: string;
  regionLatencyMs?: string;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));

function table(rows: [string, SimOutput][]): string {
  const cols = Object.keys(rows[0]![1]) as (keyof SimOutput)[];
  const head = ['policy', ...cols];
  const body = rows.map(([name, m]) => [name, ...cols.map((c) => (m[c] === null || m[c] === undefined ? '-' : fmt(m[c])))]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('sim')
    .description('replay a trace under placement policies (static, reactive, predictive, oracle) and compare them')
    .requiredOption('--trace <file>', 'trace CSV with header t,key,ops[,group][,region]')
    .requiredOption('--nodes <n>', 'storage nodes')
    .requiredOption('--capacity <ops>', 'ops one node serves per interval')
    .option('--microshards <m>', `initial microshards (default ${DEFAULT_MICROSHARDS_PER_NODE} x nodes)`)
    .option('--policies <list>', 'comma-separated policies to run', POLICY_NAMES.join(','))
    .option('--timeline <dir>', 'write DIR/NAME.jsonl: the layout in force from each interval it changed')
    .option('--json', 'print one JSON object with the figures per policy')
    .option('--bytes-per-key <bytes>', `bytes a key holds, for microshard sizes (default ${DEFAULT_BYTES_PER_KEY})`)
    .option('--bandwidth <bytes>', `bytes a migration copies per interval (default ${DEFAULT_BANDWIDTH})`)
    .option('--season <intervals>', `length of the daily cycle in intervals (default ${DEFAULT_SEASON})`)
    .option('--horizon <intervals>', `forecast and planning horizon in intervals (default ${DEFAULT_HORIZON})`)
    .option('--key-schema <schema>', `how a key maps to its position: ${KEY_SCHEMAS.join(' | ')}`, DEFAULT_KEY_SCHEMA)
    .option('--node-regions <list>', 'region of each node, comma-separated, in node order n0, n1, ...')
    .option('--region-latency-ms <file>', 'inter-region latency matrix (CSV "from,R1,R2,..." rows, or JSON): adds access_latency_ms_p50/p99')
    .action(async (flags: SimFlags) => {
      const keySchema = parseKeySchema(flags.keySchema, '--key-schema');
      const nodes = positiveInt('--nodes', flags.nodes)!;
      const capacity = positiveNumber('--capacity', flags.capacity)!;
      const microshards = positiveInt('--microshards', flags.microshards);
      const policies = policiesOf(flags.policies);
      const cfg = simConfig({
        nodes,
        capacity,
        microshards,
        bytesPerKey: positiveNumber('--bytes-per-key', flags.bytesPerKey),
        bandwidth: positiveNumber('--bandwidth', flags.bandwidth),
        season: positiveInt('--season', flags.season),
        horizon: positiveInt('--horizon', flags.horizon),
        nodeRegions: nodeRegionsOf(flags.nodeRegions),
        latency: latencyOf(flags.regionLatencyMs),
      });
      const progress = progressBar();
      const trace = await readTrace(flags.trace, (done, total) => progress.update(done, total, 'reading trace'), keySchema);
      if (flags.timeline) mkdirSync(flags.timeline, { recursive: true });
      // The ONNX forecaster runs in a worker thread (started only when predictive runs): closed when
      // done, or the process would stay up.
      const forecaster = await createForecaster(policies.includes('predictive') ? undefined : 'seasonal-naive');
      const result = await compare(trace, cfg, {
        policies,
        forecaster,
        progress,
        onTimeline: flags.timeline ? (name, entries) => writeFileSync(join(flags.timeline!, `${name}.jsonl`), formatTimeline(entries)) : undefined,
      }).finally(() => forecaster.close?.());
      const out: Record<string, SimOutput> = {};
      for (const name of policies) {
        const m = result.policies[name]!;
        // The region figures join the contract when the run has regions (node regions or a
        // region column): null when they cannot be computed (no --node-regions).
        const o: SimOutput = { ...contractOf(m) };
        if (cfg.nodeRegions || trace.regionNames.length > 0) o.cross_region_fraction = m.cross_region_fraction;
        if (m.access_latency_ms_p50 !== undefined) {
          o.access_latency_ms_p50 = m.access_latency_ms_p50;
          o.access_latency_ms_p99 = m.access_latency_ms_p99;
        }
        out[name] = o;
      }
      if (flags.json) {
        process.stdout.write(JSON.stringify({ policies: out }) + '\n');
        return;
      }
      if (process.env.SHARDCAST_ROUND_STATS) process.stderr.write(`round stats: ${JSON.stringify(roundStats)}\n`);
      process.stdout.write(`${trace.rowCount} rows, ${trace.intervals} intervals, ${trace.keyNames.length} keys; ${nodes} nodes x ${capacity} ops; ${cfg.microshards} microshards\n`);
      process.stdout.write(table(Object.entries(out)));
      if (result.reactiveBest) process.stdout.write(`reactive: best of ${result.reactiveSweep.length} settings swept: tolerance ${result.reactiveBest.tolerance}, k ${result.reactiveBest.k}\n`);
    });
}
