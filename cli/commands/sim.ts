// shardcast sim: replays a trace under placement policies and compares them.
//   shardcast sim --trace TRACE.csv --nodes N --capacity C [--microshards M]
//                 [--policies static,reactive,predictive,oracle] [--timeline DIR] [--json]
// Progress goes to stderr; --json prints exactly one object on stdout.
import { UsageError } from '../exit-codes.js';
import { mkdirSync, writeFileSync } from 'node:fs';
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
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));

function table(rows: [string, ContractMetrics][]): string {
  const cols = Object.keys(rows[0]![1]) as (keyof ContractMetrics)[];
  const head = ['policy', ...cols];
  const body = rows.map(([name, m]) => [name, ...cols.map((c) => fmt(m[c]))]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('sim')
    .description('replay a trace under placement policies (static, reactive, predictive, oracle) and compare them')
    .requiredOption('--trace <file>', 'trace CSV with header t,key,ops[,group]')
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
    .action(async (flags: SimFlags) => {
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
      });
      const progress = progressBar();
      const trace = await readTrace(flags.trace, (done, total) => progress.update(done, total, 'reading trace'));
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
      const out: Record<string, ContractMetrics> = {};
      for (const name of policies) out[name] = contractOf(result.policies[name]!);
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
