// Migration speed on a real cluster (etcd, one coordinator, two storage nodes with their
// sidecars, all processes on loopback), with a foreground workload running throughout:
//
//   copy_mb_s               snapshot copy rate of one microshard of >= 200 MB (source storage
//                           node -> target storage node; the sidecars only follow it)
//   raw_stream_mb_s         plaintext gRPC server streaming of the same number of bytes in 1 MiB
//                           messages between two processes over loopback, measured in the same
//                           run just before the copy, under the same foreground load (details:
//                           raw_stream_quiet_mb_s, measured before the cluster starts;
//                           raw_stream_cluster_transport_mb_s, the same on the cluster's mutual
//                           TLS, which the copy pays too)
//   pause_ms_p50 / _p99     write pause per migration as the writers see it: from the source's
//                           fence until the first foreground write into the moved range was
//                           acknowledged by the target, over the big migration and a series of
//                           small ones (details: orchestrator_pause_ms_*, from the fence until the
//                           target's sidecar served the new route; fence_to_commit_ms_*, from the
//                           fence until the owner change was committed in etcd)
//   foreground_ops_drop_pct foreground writes/s while the big copy runs vs just before it, for
//                           the default copy: its rate adapts to both nodes' foreground latency
//                           (the same data moved back; details.adaptive has the controller's
//                           rate over time); details.fixed_unlimited is the first move's drop
//   acked_writes            foreground writes acknowledged (one sequential writer per key)
//   lost_writes             acknowledged writes (foreground and the bulk load) not readable at
//                           the end with their last acknowledged value
//
// For the simulator's and the planner's copy cost (core/migration-cost.ts), details has the CPU
// per MB copied per process (copy_cpu_ms_per_mb) and grouped by side with each side's sum
// (copy_cpu_ms_per_mb_by_side: the source node's processes, the target's; gross: it counts the
// foreground work those processes did meanwhile too; copy_cpu_ms_per_mb_net_by_side: less the
// foreground's CPU at its baseline rate, scaled to its ops during the copy), and, per big move
// (fixed_unlimited, adaptive, throttled), the foreground drop per MB/s of copy rate
// (foreground_drop_pct_per_mb_s) and the same CPU by side.
//
// The first big move copies at a fixed rate with no budget (the machinery's speed, copy_mb_s);
// the same data then moves back with the adaptive rate (the default), and once more under a fixed
// budget (--throttle-mb), to show what each trades: foreground throughput for copy speed.
//
// Run: node dist/bench/migration.js [--json] [--mb 200] [--small 20] [--value-kb 64] [--throttle-mb 10]
//      or `shardcast bench migration --json`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { LocalCluster } from '../devcluster/cluster.js';
import { ShardcastClient } from '../client/index.js';
import { keyPosition, parsePosition } from '../core/keyspace.js';
import { deadline } from '../platform/server.js';
import { v1 } from '../platform/proto.js';
import { channelCredentials, INSECURE, serverCredentials, TransportSecuritySchema, type TransportSecurity } from '../platform/security.js';
import { DEFAULT_STREAM_WINDOW_BYTES } from '../platform/flow-control.js';
import { DEFAULT_FOREGROUND_BASELINE_MS } from '../sidecar/migration/foreground.js';
import type { Migration__Output } from '../generated/proto/shardcast/v1/Migration.js';
import type { Microshard__Output } from '../generated/proto/shardcast/v1/Microshard.js';

/** Size of the big microshard (MB of values). */
export const DEFAULT_BIG_MB = 200;
/** Small migrations run after the big one, for the pause distribution. */
export const DEFAULT_SMALL_MIGRATIONS = 20;
/** Value size of the bulk load. */
export const DEFAULT_VALUE_KB = 64;
/** Copy budget of the second big migration (the same data moved back), MB/s. */
export const DEFAULT_THROTTLE_MB = 10;
/** Foreground writer loops (each owns its keys and writes them in turn). */
export const DEFAULT_WRITERS = 8;
/** Keys per foreground writer. */
const KEYS_PER_WRITER = 16;
/** Foreground value size (bytes). */
const FG_VALUE_BYTES = 100;
/** How long the foreground baseline is measured before the big migration. */
const BASELINE_MS = 5_000;
/** Concurrent puts of the bulk load. */
const LOAD_CONCURRENCY = 16;
/** Message size of the raw stream (the copy's chunks are about 1 MiB too). */
const RAW_MESSAGE_BYTES = 1024 * 1024;

export interface MigrationBenchResult {
  copy_mb_s: number;
  raw_stream_mb_s: number;
  pause_ms_p50: number;
  pause_ms_p99: number;
  foreground_ops_drop_pct: number;
  acked_writes: number;
  lost_writes: number;
  details: Record<string, unknown>;
}

export interface MigrationBenchOptions {
  mb?: number;
  small?: number;
  valueKb?: number;
  writers?: number;
  /** The second big migration (back) runs with this copy budget, MB/s (0: skip it). */
  throttleMb?: number;
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const identity = (b: Buffer) => b;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

// ---- raw gRPC stream baseline (a child process serves, this one reads) ----

const RAW_SERVICE: grpc.ServiceDefinition = {
  Stream: { path: '/shardcast.bench.Raw/Stream', requestStream: false, responseStream: true, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity, originalName: 'Stream' },
};

async function rawServerMain(security: TransportSecurity): Promise<void> {
  const server = new grpc.Server({ 'grpc.max_send_message_length': 64 * 1024 * 1024 });
  const payload = randomBytes(RAW_MESSAGE_BYTES);
  server.addService(RAW_SERVICE, {
    Stream: (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
      let left = Number(call.request.toString());
      const pump = () => {
        while (left > 0) {
          left -= payload.length;
          if (!call.write(payload)) return void call.once('drain', pump);
        }
        call.end();
      };
      pump();
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', serverCredentials(security), (e, p) => (e ? reject(e) : resolve(p))));
  process.stdout.write(`${port}\n`);
}

/**
 * MB/s of `bytes` streamed from a child process in 1 MiB messages over loopback gRPC: plaintext,
 * or on `security` (the cluster's mutual TLS, which the copy pays too).
 */
async function rawStream(bytes: number, security: TransportSecurity = INSECURE): Promise<number> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--raw-server', JSON.stringify(security)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', () => reject(new Error('raw stream server exited')));
    });
    // The reader advertises the storage node's receive window (platform/flow-control.ts): the copy
    // no longer waits on HTTP/2's 64 KiB default, and neither may the baseline it is held to.
    const client = new grpc.Client(`127.0.0.1:${port}`, channelCredentials(security), { 'grpc.max_receive_message_length': 64 * 1024 * 1024, 'grpc-node.flow_control_window': DEFAULT_STREAM_WINDOW_BYTES });
    const t0 = performance.now();
    let got = 0;
    await new Promise<void>((resolve, reject) => {
      const s = client.makeServerStreamRequest<Buffer, Buffer>(RAW_SERVICE.Stream!.path, identity, identity, Buffer.from(String(bytes)), new grpc.Metadata(), { deadline: deadline(600_000) });
      s.on('data', (b: Buffer) => (got += b.length));
      s.on('end', resolve);
      s.on('error', reject);
    });
    const secs = (performance.now() - t0) / 1000;
    client.close();
    return got / 1e6 / secs;
  } finally {
    child.kill('SIGKILL');
  }
}

// ---- CPU time of the cluster's processes (Linux /proc; empty elsewhere) ----

function cpuSeconds(pid: number | undefined): number {
  try {
    if (pid === undefined) return NaN;
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

function cpuSnapshot(cluster: LocalCluster): Map<string, number> {
  const out = new Map<string, number>();
  for (const [kind, procs] of [['datastore', cluster.datastores], ['sidecar', cluster.sidecars], ['coordinator', cluster.coordinators]] as const) {
    for (const [id, p] of procs) out.set(`${id}-${kind}`, cpuSeconds(p.child.pid));
  }
  return out;
}

/** CPU milliseconds per MB copied, per process, between two snapshots. */
function cpuPerMb(before: Map<string, number>, after: Map<string, number>, mb: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of after) if (Number.isFinite(v)) out[k] = round(((v - before.get(k)!) * 1000) / mb);
  return out;
}

/**
 * The copy's own CPU per MB, per process: what the process used while the copy ran, less what
 * its foreground work would have used in that time (the CPU rate measured over the baseline,
 * scaled by the foreground's ops during the copy over its baseline ops: the foreground does less
 * while the copy takes its CPU). The gross figure (cpuPerMb) also counts the storage nodes
 * serving the foreground and the sidecars aggregating its telemetry.
 */
function netCpuPerMb(before: Map<string, number>, after: Map<string, number>, seconds: number, baseRate: Map<string, number>, foregroundShare: number, mb: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of after) {
    const base = baseRate.get(k);
    if (Number.isFinite(v) && base !== undefined && Number.isFinite(base)) out[k] = round((Math.max(0, v - before.get(k)! - base * seconds * foregroundShare) * 1000) / mb);
  }
  return out;
}

/** CPU seconds per second of each process between two snapshots `seconds` apart. */
function cpuRate(before: Map<string, number>, after: Map<string, number>, seconds: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of after) out.set(k, (v - before.get(k)!) / seconds);
  return out;
}

/** Per-process CPU per MB grouped by the copy's side (processes of the source node, of the target node), with each side's sum: what core/migration-cost.ts is calibrated from. */
function cpuBySide(perProcess: Record<string, number>, source: string, target: string): Record<'source' | 'target', { node: string; processes: Record<string, number>; total: number }> {
  const side = (node: string) => {
    const processes: Record<string, number> = {};
    for (const [k, v] of Object.entries(perProcess)) if (k.startsWith(`${node}-`)) processes[k.slice(node.length + 1)] = v;
    return { node, processes, total: round(Object.values(processes).reduce((a, b) => a + b, 0)) };
  };
  return { source: side(source), target: side(target) };
}

/** Foreground writes lost per MB/s of copy rate, % (the drop divided by the rate). */
function dropPerMbS(dropPct: number, copyMbS: number): number {
  return copyMbS > 0 ? round(dropPct / copyMbS, 2) : NaN;
}

// ---- the foreground workload ----

interface Op {
  pos: bigint;
  start: number;
  end: number;
  /** The node that acknowledged the write. */
  node: string;
}

class Foreground {
  private stopped = false;
  private loops: Array<Promise<void>> = [];
  readonly ops: Op[] = [];
  acked = 0;
  failed = 0;
  /** key -> [last acknowledged value, value in flight when stopped]. */
  readonly last = new Map<string, { acked?: string; pending?: string }>();

  constructor(
    private readonly client: ShardcastClient,
    private readonly writers: number,
  ) {}

  start(): void {
    this.loops = Array.from({ length: this.writers }, (_, w) => this.loop(w));
  }

  private async loop(w: number): Promise<void> {
    const keys = Array.from({ length: KEYS_PER_WRITER }, (_, i) => `fg-${w}-${i}`);
    const pos = keys.map((k) => keyPosition(k));
    const pad = 'f'.repeat(FG_VALUE_BYTES);
    for (let n = 0; !this.stopped; n++) {
      const i = n % keys.length;
      const key = keys[i]!;
      const value = `${n}:${pad}`;
      const rid = randomUUID();
      const state = this.last.get(key) ?? {};
      this.last.set(key, state);
      state.pending = value;
      const start = performance.now();
      let node = '';
      for (;;) {
        try {
          node = (await this.client.put(key, value, rid)).node;
          break;
        } catch {
          this.failed++;
          if (this.stopped) return;
          await sleep(5);
        }
      }
      this.ops.push({ pos: pos[i]!, start, end: performance.now(), node });
      this.acked++;
      state.acked = value;
      state.pending = undefined;
    }
  }

  /** Acknowledged writes per second in [from, to) (performance.now() ms). */
  rate(from: number, to: number): number {
    return this.ops.filter((o) => o.end >= from && o.end < to).length / ((to - from) / 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }
}

// ---- the bench ----

/** An Admin call, retried a few times (a busy machine can make etcd slow for a moment). */
async function admin<Res>(cluster: LocalCluster, method: string, req: unknown): Promise<Res> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise((resolve, reject) => (cluster.admin() as any)[method](req, { deadline: deadline(10_000) }, (e: grpc.ServiceError | null, r: Res) => (e ? reject(e) : resolve(r))));
    } catch (err) {
      const code = (err as grpc.ServiceError).code;
      const retry = code === grpc.status.UNAVAILABLE || code === grpc.status.DEADLINE_EXCEEDED || code === grpc.status.INTERNAL;
      if (!retry || attempt >= 20 || (method !== 'ListMigrations' && method !== 'ListMicroshards')) throw err;
      await sleep(500);
    }
  }
}

async function waitDone(cluster: LocalCluster, id: string, onPhase?: (m: Migration__Output) => void): Promise<Migration__Output> {
  let phase = '';
  for (;;) {
    const r = await admin<{ migrations: Migration__Output[] }>(cluster, 'ListMigrations', { all: true, limit: 0 });
    const m = r.migrations.find((x) => x.id === id)!;
    if (m.phase !== phase) {
      phase = m.phase;
      onPhase?.(m);
    }
    if (m.phase === 'DONE' || m.phase === 'ABORTED') return m;
    await sleep(20);
  }
}

export async function runMigrationBench(opts: MigrationBenchOptions = {}): Promise<MigrationBenchResult> {
  const log = opts.log ?? (() => undefined);
  const mb = opts.mb ?? DEFAULT_BIG_MB;
  const valueBytes = (opts.valueKb ?? DEFAULT_VALUE_KB) * 1024;
  const bulkKeys = Math.ceil((mb * 1e6) / valueBytes);

  log(`raw gRPC stream of ${mb} MB between two processes over loopback...`);
  const raw = await rawStream(mb * 1e6);
  log(`raw stream: ${round(raw)} MB/s`);

  // A cleanup grace of 0 and no copy budget: the figures are the machinery's, not a setting's.
  process.env.SHARDCAST_COORDINATOR_MIGRATION_CLEANUP_GRACE_MS = '0';
  process.env.SHARDCAST_COORDINATOR_MIGRATION_BYTES_PER_S ??= '0';
  const cluster = await LocalCluster.start({ coordinators: 1, nodes: 2, microshards: 8, electionTtlS: 2, nodeLeaseTtlMs: 8_000, heartbeatIntervalMs: 500 });
  const client = new ShardcastClient({ sidecars: [...cluster.sidecars.values()].map((s) => s.address), security: cluster.security({ role: 'client' }) });
  try {
    let ms: Microshard__Output[] = [];
    for (let i = 0; ; i++) {
      ms = (await admin<{ microshards: Microshard__Output[] }>(cluster, 'ListMicroshards', { owner: '', limit: 0 })).microshards;
      if (ms.every((m) => m.owner && m.state === 'ACTIVE')) break;
      if (i > 300) throw new Error('cluster did not assign its microshards');
      await sleep(100);
    }
    await client.start();
    const big = ms.find((m) => m.owner === 'node-1')!;
    const lo = parsePosition(big.start);
    const hi = parsePosition(big.end, true);

    // Bulk load of the big microshard.
    log(`loading ${bulkKeys} x ${valueBytes / 1024} KiB (${round((bulkKeys * valueBytes) / 1e6)} MB) into microshard ${big.id} on node-1...`);
    const keys: string[] = [];
    for (let i = 0; keys.length < bulkKeys; i++) {
      const k = `bulk-${i}`;
      const p = keyPosition(k);
      if (p >= lo && p < hi) keys.push(k);
    }
    const value = (k: string) => Buffer.concat([Buffer.from(k + ':'), randomBytes(valueBytes - k.length - 1)]);
    const bulkValues = new Map<string, string>();
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: LOAD_CONCURRENCY }, async () => {
        while (next < keys.length) {
          const k = keys[next++]!;
          const v = value(k);
          for (let a = 0; ; a++) {
            try {
              await client.put(k, v, `bulk:${k}`);
              break;
            } catch (err) {
              if (a > 20) throw err;
              await sleep(50);
            }
          }
          bulkValues.set(k, v.subarray(0, 64).toString('hex'));
        }
      }),
    );
    log(`loaded in ${round((performance.now() - t0) / 1000)} s`);

    // Foreground workload: baseline, then the big migration.
    const fg = new Foreground(client, opts.writers ?? DEFAULT_WRITERS);
    fg.start();
    await sleep(1_000);
    const baseFrom = performance.now();
    const baseCpu0 = cpuSnapshot(cluster);
    await sleep(BASELINE_MS);
    const baseTo = performance.now();
    const baseCpuRate = cpuRate(baseCpu0, cpuSnapshot(cluster), (baseTo - baseFrom) / 1000);
    const baseline = fg.rate(baseFrom, baseTo);
    log(`foreground baseline: ${round(baseline)} writes/s`);

    /** One big migration with the foreground running: its record, writes/s during the copy, CPU per MB. */
    const bigMove = async (to: string, maxBytesPerS: number, fixedRate: boolean, label: string) => {
      const cpu0 = cpuSnapshot(cluster);
      const cpu0At = performance.now();
      let cpu1At = cpu0At;
      const from = to === 'node-1' ? 'node-2' : 'node-1';
      const started = await admin<{ migration: Migration__Output }>(cluster, 'Migrate', { microshardId: big.id, toNode: to, dryRun: false, requestedBy: 'bench', maxBytesPerS, fixedRate });
      let copyFrom = 0;
      let copyTo = 0;
      let cpu1 = cpu0;
      // The copy's rate as the source sidecar reports it, every 500 ms: [s, MB/s, reason, pressure].
      const timeline: Array<[number, number, string, number]> = [];
      const agent = new v1.MigrationAgent(cluster.sidecars.get(from)!.address, cluster.credentials({ role: 'coordinator' }));
      const t0 = performance.now();
      const poll = setInterval(() => {
        agent.CopyStatus({ migrationId: started.migration.id }, { deadline: deadline(1_000) }, (e, st) => {
          if (!e && st?.known && st.state === 'copying') timeline.push([round((performance.now() - t0) / 1000), round(Number(st.rateBytesPerS) / 1e6), st.rateReason, round(st.foregroundPressure, 2)]);
        });
      }, 500);
      const done = await waitDone(cluster, started.migration.id, (m) => {
        if (m.phase === 'COPYING') copyFrom = performance.now();
        if (m.phase !== 'COPYING' && m.phase !== 'PLANNED' && copyTo === 0 && copyFrom > 0) {
          copyTo = performance.now();
          cpu1 = cpuSnapshot(cluster);
          cpu1At = performance.now();
        }
        log(`${label}: ${m.phase}`);
      });
      clearInterval(poll);
      agent.close();
      if (done.phase !== 'DONE') throw new Error(`${label} aborted: ${done.error}`);
      const rate = fg.rate(copyFrom, copyTo);
      log(`${label}: copy ${done.copyMbS} MB/s (${round(Number(done.bytes) / 1e6)} MB); foreground during the copy ${round(rate)} writes/s; pause ${done.pauseMs} ms`);
      const cpu = cpuPerMb(cpu0, cpu1, Number(done.bytes) / 1e6);
      const net = netCpuPerMb(cpu0, cpu1, (cpu1At - cpu0At) / 1000, baseCpuRate, baseline > 0 ? rate / baseline : 1, Number(done.bytes) / 1e6);
      const drop = round(((baseline - rate) / baseline) * 100);
      return { done, rate, drop, cpu, bySide: cpuBySide(cpu, from, to), netBySide: cpuBySide(net, from, to), dropPerMbS: dropPerMbS(drop, done.copyMbS), timeline };
    };
    // The raw stream again, now under the same foreground load the copy runs under.
    log(`raw gRPC stream of ${mb} MB again, with the foreground running...`);
    const rawLoaded = await rawStream(mb * 1e6);
    log(`raw stream under the foreground load: ${round(rawLoaded)} MB/s`);
    // The copy runs on the cluster's transport (mutual TLS by default): the same stream on it.
    const rawLoadedCluster = cluster.opts.transport === 'mtls' ? await rawStream(mb * 1e6, cluster.security({ role: 'storage', nodeId: 'node-1' })) : rawLoaded;
    log(`raw stream on the cluster's transport (${cluster.opts.transport}) under the foreground load: ${round(rawLoadedCluster)} MB/s`);
    // The raw streams loaded the same CPUs: let the foreground settle for a whole baseline window.
    await sleep(DEFAULT_FOREGROUND_BASELINE_MS + 1_000);
    const first = await bigMove('node-2', 0, true, 'big migration (fixed rate, no budget)');
    const bigDone = first.done;
    // Likewise after the first move and its range drop: an adaptive copy takes the foreground of the
    // seconds before it as the level to protect, and those must be the foreground's own.
    await sleep(DEFAULT_FOREGROUND_BASELINE_MS + 1_000);
    const adaptive = await bigMove('node-1', 0, false, 'big migration back (adaptive rate)');
    const during = adaptive.rate;
    const throttleMb = opts.throttleMb ?? DEFAULT_THROTTLE_MB;
    const second = throttleMb > 0 ? await bigMove('node-2', throttleMb * 1e6, true, `big migration again (fixed budget ${throttleMb} MB/s)`) : undefined;

    // Small migrations, back and forth, for the pause distribution.
    const pauses: Array<{ m: Migration__Output; lo: bigint; hi: bigint }> = [{ m: bigDone, lo, hi }, { m: adaptive.done, lo, hi }, ...(second ? [{ m: second.done, lo, hi }] : [])];
    const others = ms.filter((m) => m.id !== big.id);
    for (let i = 0; i < (opts.small ?? DEFAULT_SMALL_MIGRATIONS); i++) {
      const cur = (await admin<{ microshards: Microshard__Output[] }>(cluster, 'ListMicroshards', { owner: '', limit: 0 })).microshards;
      const m = cur.find((x) => x.id === others[i % others.length]!.id)!;
      const r = await admin<{ migration: Migration__Output }>(cluster, 'Migrate', { microshardId: m.id, toNode: m.owner === 'node-1' ? 'node-2' : 'node-1', dryRun: false, requestedBy: 'bench' });
      const done = await waitDone(cluster, r.migration.id);
      if (done.phase === 'DONE') pauses.push({ m: done, lo: parsePosition(m.start), hi: parsePosition(m.end, true) });
      else log(`small migration ${done.id} aborted: ${done.error}`);
    }
    await fg.stop();

    // The pause as the writers see it, per migration: from the fence until the first foreground
    // write into the moved range acknowledged by the target (fencedAtMs is the source sidecar's
    // wall clock; the writes' times are this process's, on the same machine).
    const origin = performance.timeOrigin;
    const clientPauses = pauses
      .map(({ m, lo: a, hi: b }) => {
        const fence = Number(m.fencedAtMs) - origin;
        const served = fg.ops.filter((o) => o.pos >= a && o.pos < b && o.node === m.target && o.end >= fence);
        return served.length ? Math.min(...served.map((o) => o.end)) - fence : undefined;
      })
      .filter((x): x is number => x !== undefined);
    // The slowest foreground write into the moved range that was in flight at the fence or
    // started during the orchestrator's pause.
    const stalls = pauses
      .map(({ m, lo: a, hi: b }) => {
        const fence = Number(m.fencedAtMs) - origin;
        const until = fence + Math.max(0, m.pauseMs);
        const hit = fg.ops.filter((o) => o.pos >= a && o.pos < b && o.start <= until && o.end >= fence);
        return hit.length ? Math.max(...hit.map((o) => o.end - Math.max(o.start, fence))) : undefined;
      })
      .filter((x): x is number => x !== undefined);

    // Every acknowledged write readable with its last value.
    let lost = 0;
    for (const [k, s] of fg.last) {
      if (!s.acked && !s.pending) continue;
      const g = await client.get(k);
      const v = g.value.toString();
      if (!(g.found && (v === s.acked || v === s.pending)) && s.acked) lost++;
    }
    for (const k of keys) {
      const g = await client.get(k);
      if (!g.found || g.value.subarray(0, 64).toString('hex') !== bulkValues.get(k)) lost++;
    }
    const pauseMs = pauses.map((p) => p.m.pauseMs).filter((x) => x >= 0);
    const fenceToCommit = pauses.map((p) => p.m.fenceToCommitMs);
    return {
      copy_mb_s: bigDone.copyMbS,
      raw_stream_mb_s: round(rawLoaded),
      pause_ms_p50: round(percentile(clientPauses, 50)),
      pause_ms_p99: round(percentile(clientPauses, 99)),
      foreground_ops_drop_pct: round(((baseline - during) / baseline) * 100),
      acked_writes: fg.acked,
      lost_writes: lost,
      details: {
        big_microshard_mb: round(Number(bigDone.bytes) / 1e6),
        big_pause_ms: bigDone.pauseMs,
        fence_to_commit_ms_p50: round(percentile(fenceToCommit, 50)),
        fence_to_commit_ms_p99: round(percentile(fenceToCommit, 99)),
        orchestrator_pause_ms_p50: round(percentile(pauseMs, 50)),
        orchestrator_pause_ms_p99: round(percentile(pauseMs, 99)),
        migrations: pauses.length,
        client_pauses_measured: clientPauses.length,
        client_stall_ms_p50: round(percentile(stalls, 50)),
        client_stall_ms_p99: round(percentile(stalls, 99)),
        foreground_baseline_ops_s: round(baseline),
        foreground_during_copy_ops_s: round(during),
        fixed_unlimited: { copy_mb_s: bigDone.copyMbS, foreground_during_copy_ops_s: round(first.rate), foreground_ops_drop_pct: first.drop, foreground_drop_pct_per_mb_s: first.dropPerMbS, cpu_ms_per_mb_by_side: first.bySide },
        adaptive: {
          copy_mb_s: adaptive.done.copyMbS,
          pause_ms: adaptive.done.pauseMs,
          foreground_during_copy_ops_s: round(adaptive.rate),
          foreground_ops_drop_pct: adaptive.drop,
          foreground_drop_pct_per_mb_s: adaptive.dropPerMbS,
          cpu_ms_per_mb_by_side: adaptive.bySide,
          rate_timeline: adaptive.timeline,
        },
        foreground_failed_attempts: fg.failed,
        bulk_keys_checked: keys.length,
        copy_vs_raw_pct: round((bigDone.copyMbS / rawLoaded) * 100),
        raw_stream_cluster_transport_mb_s: round(rawLoadedCluster),
        copy_vs_raw_cluster_transport_pct: round((bigDone.copyMbS / rawLoadedCluster) * 100),
        raw_stream_quiet_mb_s: round(raw),
        copy_vs_quiet_raw_pct: round((bigDone.copyMbS / raw) * 100),
        copy_bytes_per_s_budget: Number(process.env.SHARDCAST_COORDINATOR_MIGRATION_BYTES_PER_S),
        copy_cpu_ms_per_mb: first.cpu,
        copy_cpu_ms_per_mb_by_side: first.bySide,
        copy_cpu_ms_per_mb_net_by_side: first.netBySide,
        throttled: second
          ? {
              budget_mb_s: throttleMb,
              copy_mb_s: second.done.copyMbS,
              pause_ms: second.done.pauseMs,
              foreground_during_copy_ops_s: round(second.rate),
              foreground_ops_drop_pct: second.drop,
              foreground_drop_pct_per_mb_s: second.dropPerMbS,
              cpu_ms_per_mb_by_side: second.bySide,
            }
          : undefined,
      },
    };
  } finally {
    client.close();
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--raw-server');
  if (at >= 0) return rawServerMain(TransportSecuritySchema.parse(JSON.parse(process.argv[at + 1] ?? '{"mode":"insecure"}')));
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, mb: { type: 'string' }, small: { type: 'string' }, 'value-kb': { type: 'string' }, writers: { type: 'string' }, 'throttle-mb': { type: 'string' } } });
  const int = (v: string | undefined, name: string, min: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`--${name} must be an integer >= ${min}, got "${v}"\n`);
      process.exit(2);
    }
    return n;
  };
  const r = await runMigrationBench({ mb: int(values.mb, 'mb', 1), small: int(values.small, 'small', 0), valueKb: int(values['value-kb'], 'value-kb', 1), writers: int(values.writers, 'writers', 1), throttleMb: int(values['throttle-mb'], 'throttle-mb', 0), log: values.json ? undefined : (l) => console.log(l) });
  if (values.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  else printText(r);
}

export function printText(r: MigrationBenchResult): void {
  console.log(`copy: ${r.copy_mb_s} MB/s vs raw gRPC stream ${r.raw_stream_mb_s} MB/s under the same load (${r.details.copy_vs_raw_pct}%; goal >= 60%); on the cluster's transport ${r.details.raw_stream_cluster_transport_mb_s} MB/s (${r.details.copy_vs_raw_cluster_transport_pct}%); raw stream on a quiet machine ${r.details.raw_stream_quiet_mb_s} MB/s`);
  console.log(`write pause p50 ${r.pause_ms_p50} ms, p99 ${r.pause_ms_p99} ms over ${r.details.client_pauses_measured} of ${r.details.migrations} migrations, as the writers see it: fence to the first write the target acknowledged (goal p99 < 20 ms); fence to commit p50 ${r.details.fence_to_commit_ms_p50} ms, p99 ${r.details.fence_to_commit_ms_p99} ms; orchestrator's pause (fence to the target's sidecar serving) p50 ${r.details.orchestrator_pause_ms_p50} ms, p99 ${r.details.orchestrator_pause_ms_p99} ms; slowest write in the pause p50 ${r.details.client_stall_ms_p50} ms, p99 ${r.details.client_stall_ms_p99} ms`);
  const fx = r.details.fixed_unlimited as { copy_mb_s: number; foreground_ops_drop_pct: number };
  const ad = r.details.adaptive as { copy_mb_s: number; foreground_ops_drop_pct: number; rate_timeline: Array<[number, number, string, number]> };
  console.log(`foreground: ${r.details.foreground_baseline_ops_s} writes/s before; during the adaptive copy ${r.details.foreground_during_copy_ops_s} writes/s: drop ${r.foreground_ops_drop_pct}% (goal < 10%), copy ${ad.copy_mb_s} MB/s | baseline, same run: fixed rate with no budget: drop ${fx.foreground_ops_drop_pct}%, copy ${fx.copy_mb_s} MB/s`);
  console.log(`adaptive copy rate over time (s: MB/s reason pressure): ${ad.rate_timeline.map(([s, mb, why, p]) => `${s}: ${mb} ${why} ${p}`).join(', ')}`);
  const th = r.details.throttled as { budget_mb_s: number; copy_mb_s: number; foreground_ops_drop_pct: number; pause_ms: number } | undefined;
  if (th) console.log(`with a copy budget of ${th.budget_mb_s} MB/s: copy ${th.copy_mb_s} MB/s, foreground drop ${th.foreground_ops_drop_pct}%, pause ${th.pause_ms} ms`);
  console.log(`CPU ms per MB copied, per process: ${JSON.stringify(r.details.copy_cpu_ms_per_mb)}`);
  const sides = r.details.copy_cpu_ms_per_mb_by_side as ReturnType<typeof cpuBySide>;
  const net = r.details.copy_cpu_ms_per_mb_net_by_side as ReturnType<typeof cpuBySide>;
  console.log(`CPU ms per MB copied, by side (core/migration-cost.ts): source ${net.source.node} ${net.source.total}, target ${net.target.node} ${net.target.total} (net of the foreground's CPU: ${JSON.stringify({ source: net.source.processes, target: net.target.processes })}; gross: source ${sides.source.total}, target ${sides.target.total})`);
  const per = (x: unknown) => (x ? `${(x as { foreground_drop_pct_per_mb_s: number }).foreground_drop_pct_per_mb_s}%` : '-');
  console.log(`foreground drop per MB/s of copy: fixed rate, no budget ${per(r.details.fixed_unlimited)}; adaptive ${per(r.details.adaptive)}; budget ${per(r.details.throttled)}`);
  console.log(`acknowledged writes ${r.acked_writes}, lost ${r.lost_writes}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    process.stderr.write(`bench migration failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
