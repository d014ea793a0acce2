// Soak (issue 12; a benchmark, not a test): the demo's cluster and workload for a long run, the
// resident memory (RSS) of every process sampled. Goal: no process grows more than 10 % after its
// first 5 minutes. Prints the curve (one row a minute) and each process's growth after the warm-up.
//
//   node dist/bench/soak.js [--minutes 30] [--warmup-minutes 5] [--sample-s 10] [--concurrency 16]
//
// RSS is read from /proc/PID/status (Linux); etcd is sampled too, the workload's own process
// (this one) as `workload`.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LocalCluster } from '../devcluster/cluster.js';
import { Workload } from '../devcluster/workload.js';
import { ShardcastClient } from '../client/index.js';

/** The demo's decision loop period (cli/commands/demo.ts). */
const PLANNER_INTERVAL_MS = 2_000;
const GROWTH_GOAL = 0.1;

function rssMiB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '30' }, 'warmup-minutes': { type: 'string', default: '5' }, 'sample-s': { type: 'string', default: '10' }, concurrency: { type: 'string', default: '16' } } });
  const minutes = Number(values.minutes);
  const warmupMin = Number(values['warmup-minutes']);
  const sampleMs = Number(values['sample-s']) * 1000;
  const cluster = await LocalCluster.start({ coordinators: 2, nodes: 3, microshards: 64, orphanPolicy: 'reassign', plannerIntervalMs: PLANNER_INTERVAL_MS, transport: 'mtls' });
  const client = new ShardcastClient({ sidecars: [...cluster.sidecars.values()].map((s) => s.address), security: cluster.security({ role: 'client' }) });
  await client.start(30_000);
  const workload = new Workload(client, { concurrency: Number(values.concurrency) });
  workload.start();
  const pids = (): Array<[string, number | undefined]> => [
    ['etcd', cluster.etcd.process.pid],
    ...[...cluster.coordinators].map(([n, p]) => [n, p.child.pid] as [string, number | undefined]),
    ...[...cluster.datastores].map(([n, p]) => [`${n}-datastore`, p.child.pid] as [string, number | undefined]),
    ...[...cluster.sidecars].map(([n, p]) => [`${n}-sidecar`, p.child.pid] as [string, number | undefined]),
    ['workload', process.pid],
  ];
  const names = pids().map(([n]) => n);
  const samples: Array<{ atMin: number; rss: Map<string, number> }> = [];
  const started = Date.now();
  process.stdout.write(`soak: ${minutes} min, RSS every ${sampleMs / 1000} s, growth measured after ${warmupMin} min\n`);
  process.stdout.write(`min    ${names.map((n) => n.padStart(19)).join('')}\n`);
  let lastRow = -1;
  try {
    while (Date.now() - started < minutes * 60_000) {
      const atMin = (Date.now() - started) / 60_000;
      samples.push({ atMin, rss: new Map(pids().flatMap(([n, pid]) => { const r = rssMiB(pid); return r === undefined ? [] : [[n, r] as [string, number]]; })) });
      if (Math.floor(atMin) > lastRow) {
        lastRow = Math.floor(atMin);
        const s = samples.at(-1)!;
        process.stdout.write(`${atMin.toFixed(1).padStart(5)}  ${names.map((n) => (s.rss.get(n)?.toFixed(1) ?? '-').padStart(19)).join('')}\n`);
      }
      await new Promise((r) => setTimeout(r, sampleMs));
    }
  } finally {
    await workload.stop();
    client.close();
    await cluster.stop();
  }
  const ok = [...workload.stats.okByNode.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(`\nworkload: ${ok} operations acknowledged (${(ok / (minutes * 60)).toFixed(0)}/s), ${workload.stats.errors} errors${workload.stats.lastError ? ` (last: ${workload.stats.lastError})` : ''}\n`);
  process.stdout.write(`RSS after the ${warmupMin}-minute warm-up -> at the end (max after warm-up): growth (goal <= ${GROWTH_GOAL * 100} %)\n`);
  const after = samples.filter((s) => s.atMin >= warmupMin);
  let worst = 0;
  for (const n of names) {
    const xs = after.map((s) => s.rss.get(n)).filter((x): x is number => x !== undefined);
    if (xs.length < 2) continue;
    const growth = xs.at(-1)! / xs[0]! - 1;
    worst = Math.max(worst, growth);
    process.stdout.write(`  ${n.padEnd(18)} ${xs[0]!.toFixed(1)} -> ${xs.at(-1)!.toFixed(1)} MiB (max ${Math.max(...xs).toFixed(1)}): ${(growth * 100).toFixed(1)} %${growth > GROWTH_GOAL ? '  OVER GOAL' : ''}\n`);
  }
  process.stdout.write(`largest growth after warm-up: ${(worst * 100).toFixed(1)} %\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`soak failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
