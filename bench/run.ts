// `npm run bench`: every benchmark in sequence, each in its own process (so one bench's heap,
// worker threads and native sessions cannot colour the next), its output shown as it runs, then
// one summary: each figure beside the baseline the same bench measured in the same run.
//
//   node dist/bench/run.js [--quick] [--only ingest,forecast,planner,topics,datapath,migration,anomaly]
//
// --quick shortens the runs (fewer seconds and rounds): for a smoke check, not for the record.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export interface BenchSpec {
  name: string;
  /** Compiled file next to this one. */
  file: string;
  args: string[];
  quickArgs: string[];
  nodeArgs?: string[];
  /** Pulls "figure | same-run baseline" rows out of the bench's output. */
  summarise: (out: string) => Array<[figure: string, baseline: string]>;
}

const num = (re: RegExp, s: string): string | undefined => re.exec(s)?.[1];

export const BENCHES: BenchSpec[] = [
  {
    name: 'ingest',
    file: 'ingest.js',
    args: [],
    quickArgs: ['--seconds', '2'],
    summarise(out) {
      const lean = num(/end to end over loopback gRPC, lean\s+path: ([\d.]+) M events\/s/, out);
      const plain = num(/end to end over loopback gRPC, default path: ([\d.]+) M events\/s/, out);
      const loader = num(/proto-loader deserialize[^:]*:\s*([\d.]+) M records\/s/, out);
      const scan = num(/lean wire scan[^:]*:\s*([\d.]+) M records\/s/, out);
      const agg = num(/decode \+ aggregate in process[^:]*:\s*([\d.]+) M records\/s/, out);
      const rows: Array<[string, string]> = [];
      if (lean) rows.push([`ingest into one sidecar over loopback gRPC (lean path): ${lean} M events/s (goal >= 2)`, `raw decode of the same batches: proto-loader ${loader ?? '?'} M/s, lean scan ${scan ?? '?'} M/s; decode + aggregate in process ${agg ?? '?'} M/s`]);
      if (plain) rows.push([`ingest over loopback gRPC (plain loader path): ${plain} M events/s`, `proto-loader decode alone ${loader ?? '?'} M/s`]);
      return rows;
    },
  },
  {
    name: 'forecast',
    file: 'forecast.js',
    args: [],
    quickArgs: ['--runs', '3'],
    summarise(out) {
      const rows: Array<[string, string]> = [];
      const re = /H=(\d+): session\.run ([\d.]+) ms[^,]*, worker total ([\d.]+) ms, end to end ([\d.]+) ms \| baselines, same batch: seasonal naive ([\d.]+) ms, previous model end to end ([\d.]+) ms, TS reference of the model (\d+) ms/g;
      const series = num(/forecast bench: (\d+) series/, out) ?? '?';
      for (const m of out.matchAll(re)) {
        rows.push([`${series} microshards forecast in one run, H=${m[1]}: session.run ${m[2]} ms (worker ${m[3]} ms, end to end ${m[4]} ms; goal < 100 ms)`, `seasonal naive over the same batch ${m[5]} ms; previous model end to end ${m[6]} ms; TypeScript reference of the model ${m[7]} ms`]);
      }
      return rows;
    },
  },
  {
    name: 'planner',
    file: 'planner.js',
    args: [],
    quickArgs: ['--rounds', '2'],
    summarise(out) {
      const round = /planner round \(([^)]+)\)\s+(\d+) ms/.exec(out);
      const select = num(/planner round with policy selection\s+(\d+) ms/, out);
      const reactive = num(/baseline: reactive rebalancer round\s+(\d+) ms/, out);
      const size = /planner bench: ([\d,]+) microshards, ([\d,]+) nodes/.exec(out);
      const rows: Array<[string, string]> = [];
      if (round) rows.push([`planner round (${round[1]}) over ${size?.[1] ?? '?'} microshards, ${size?.[2] ?? '?'} nodes: ${round[2]} ms (goal < 1000)`, `reactive rebalancer round on the same snapshot ${reactive ?? '?'} ms`]);
      if (select) rows.push([`planner round with policy selection: ${select} ms`, `reactive rebalancer round ${reactive ?? '?'} ms`]);
      return rows;
    },
  },
  {
    name: 'topics',
    file: 'topics.js',
    args: ['--quick'],
    quickArgs: ['--quick'],
    nodeArgs: ['--expose-gc'],
    summarise(out) {
      const rows: Array<[string, string]> = [];
      for (const m of out.matchAll(/^\s*(\d+) \|\s*(\d+) ns \|\s*(\d+) ns \|[^|]*\|\s*(\d+) ns \|[^|]*\|\s*([\d.]+) \|/gm)) {
        rows.push([`publish route with ${m[1]} wildcard filters: ${m[3]} ns, ${m[5]} shards asked per publish`, `concrete key lookup ${m[2]} ns; linear scan of the filters ${m[4]} ns`]);
      }
      return rows;
    },
  },
  {
    name: 'datapath',
    file: 'datapath.js',
    args: [],
    quickArgs: ['--seconds', '1', '--rounds', '1'],
    summarise(out) {
      const rows: Array<[string, string]> = [];
      const put = /put: (\d+) ops\/s, p99 ([\d.]+) ms vs bare grpc-js unary echo (\d+) ops\/s \(p99 ([\d.]+) ms\) at concurrency (\d+): ([\d.]+)%[^;]*; bare lmdb write loop (\d+) ops\/s/.exec(out);
      if (put) rows.push([`durable put through the client library: ${put[1]} ops/s, p99 ${put[2]} ms at concurrency ${put[5]} (${put[6]}% of echo; goal >= 50%)`, `bare grpc-js unary echo ${put[3]} ops/s (p99 ${put[4]} ms); bare lmdb write loop ${put[7]} ops/s`]);
      const get = /get: (\d+) ops\/s, p99 ([\d.]+) ms vs bare grpc-js unary echo (\d+) ops\/s: ([\d.]+)%/.exec(out);
      if (get) rows.push([`get through the client library: ${get[1]} ops/s, p99 ${get[2]} ms (${get[4]}% of echo; goal >= 70%)`, `bare grpc-js unary echo ${get[3]} ops/s`]);
      return rows;
    },
  },
  {
    name: 'migration',
    file: 'migration.js',
    args: [],
    quickArgs: [],
    summarise(out) {
      const rows: Array<[string, string]> = [];
      const copy = /copy: ([\d.]+) MB\/s vs raw gRPC stream ([\d.]+) MB\/s \(([^)]*)\)/.exec(out);
      if (copy) rows.push([`migration snapshot copy: ${copy[1]} MB/s (${copy[3]})`, `raw gRPC stream between two processes ${copy[2]} MB/s`]);
      const fg = /foreground: ([\d.]+) writes\/s before; during the adaptive copy ([\d.]+) writes\/s: drop (-?[\d.]+%) \(goal < 10%\), copy ([\d.]+) MB\/s \| baseline, same run: fixed rate with no budget: drop (-?[\d.]+%), copy ([\d.]+) MB\/s/.exec(out);
      if (fg) rows.push([`foreground writes during the adaptive copy: ${fg[2]} writes/s (drop ${fg[3]}; goal < 10%), copy ${fg[4]} MB/s`, `before the copy ${fg[1]} writes/s; fixed rate, no budget: drop ${fg[5]}, copy ${fg[6]} MB/s`]);
      const budget = /with a copy budget of ([^\n]+)/.exec(out);
      if (budget) rows.push([`with a fixed copy budget of ${budget[1]}`, `foreground before the copy ${fg?.[1] ?? '?'} writes/s`]);
      const cpu = /CPU ms per MB copied, by side \(core\/migration-cost.ts\): source \S+ ([\d.]+), target \S+ ([\d.]+)/.exec(out);
      if (cpu) rows.push([`copy CPU per MB copied: source side ${cpu[1]} ms, target side ${cpu[2]} ms (the planner's copy load: core/migration-cost.ts)`, 'none: a cost, measured directly']);
      const pause = /write pause (p50 [\d.]+ ms, p99 [\d.]+ ms over \d+ of \d+ migrations)/.exec(out);
      const commit = /fence to commit (p50 [\d.]+ ms, p99 [\d.]+ ms)/.exec(out);
      if (pause) rows.push([`write pause as the writers see it (fence to the target's first acknowledged write): ${pause[1]}`, commit ? `fence to commit in etcd ${commit[1]}` : 'none: a duration, measured directly']);
      const lost = /acknowledged writes (\d+), lost (\d+)/.exec(out);
      if (lost) rows.push([`acknowledged writes ${lost[1]}, lost ${lost[2]}`, 'every acknowledged write read back at the end']);
      return rows;
    },
  },
  {
    name: 'anomaly',
    file: 'anomaly.js',
    args: [],
    quickArgs: ['--runs', '1', '--points', '500'],
    summarise(out) {
      const given = num(/detector, season given: ([\d.]+) µs/, out);
      const inferred = num(/detector, season inferred from the prefix: ([\d.]+) µs/, out);
      const z = num(/rolling z-score \(window 100\): ([\d.]+) µs/, out);
      const size = /anomaly bench: (\d+) series x (\d+) points/.exec(out);
      const rows: Array<[string, string]> = [];
      if (given) rows.push([`streaming anomaly detector over ${size?.[1] ?? '?'} series x ${size?.[2] ?? '?'} points: ${given} µs/point/series (season inferred: ${inferred ?? '?'}; goal < 5)`, `rolling z-score over the same points ${z ?? '?'} µs/point/series`]);
      return rows;
    },
  },
];

interface Outcome {
  spec: BenchSpec;
  status: 'ok' | 'failed' | 'missing';
  seconds: number;
  rows: Array<[string, string]>;
  tail: string[];
}

function runOne(spec: BenchSpec, quick: boolean): Promise<Outcome> {
  const path = fileURLToPath(new URL(`./${spec.file}`, import.meta.url));
  if (!existsSync(path)) return Promise.resolve({ spec, status: 'missing', seconds: 0, rows: [], tail: [] });
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), path, ...(quick ? spec.quickArgs : spec.args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      process.stdout.write(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
      process.stderr.write(b);
    });
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      let rows: Array<[string, string]> = [];
      try {
        rows = spec.summarise(out);
      } catch {
        rows = [];
      }
      const tail = out.trimEnd().split('\n').slice(-3);
      resolve({ spec, status: code === 0 ? 'ok' : 'failed', seconds, rows, tail });
    });
  });
}

export async function runAll(opts: { quick: boolean; only?: string[] }): Promise<Outcome[]> {
  const chosen = opts.only ? BENCHES.filter((b) => opts.only!.includes(b.name)) : BENCHES;
  const outcomes: Outcome[] = [];
  for (const spec of chosen) {
    process.stdout.write(`\n=== ${spec.name} (${spec.file}${opts.quick ? ', quick' : ''}) ===\n`);
    const o = await runOne(spec, opts.quick);
    if (o.status === 'missing') process.stdout.write(`(not present in this build: skipped)\n`);
    outcomes.push(o);
  }
  const lines: string[] = ['', `=== summary (${new Date().toISOString()}, node ${process.version}${opts.quick ? ', quick' : ''}): each figure | its baseline, same run ===`];
  for (const o of outcomes) {
    if (o.status === 'missing') {
      lines.push(`${o.spec.name}: not present, skipped`);
      continue;
    }
    lines.push(`${o.spec.name} (${o.seconds.toFixed(0)} s${o.status === 'failed' ? ', FAILED' : ''}):`);
    if (o.rows.length === 0) for (const l of o.tail) lines.push(`  ${l}`);
    for (const [figure, baseline] of o.rows) lines.push(`  ${figure}\n      | baseline: ${baseline}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return outcomes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const usage = `usage: npm run bench -- [--quick] [--only NAME,...]\n  benches: ${BENCHES.map((b) => b.name).join(', ')}\n`;
  let values: { quick?: boolean; only?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((n) => !BENCHES.some((b) => b.name === n)) ?? [];
  if (unknown.length) {
    process.stderr.write(`--only: unknown bench ${unknown.join(', ')} (known: ${BENCHES.map((b) => b.name).join(', ')})\n`);
    process.exit(2);
  }
  const outcomes = await runAll({ quick: Boolean(values.quick), only });
  if (outcomes.some((o) => o.status === 'failed')) process.exitCode = 1;
}
