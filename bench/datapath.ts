// Data-path throughput of the reference storage node, through the client library, beside two
// baselines measured in the same run at the same concurrency:
//
//   put_ops_s / put_p99_ms   durable Puts: `concurrency` closed-loop callers of client.put()
//                            (the library coalesces them into PutBatch RPCs) against a real
//                            `shardcast datastore` process (LMDB, synced commits), which reports
//                            its accesses to a stand-in sidecar as in a cluster
//   get_ops_s / get_p99_ms   the same for client.get() (GetBatch)
//   echo_ops_s / echo_p99_ms bare grpc-js unary echo of a Put-sized message, a child process
//                            serving, `concurrency` closed-loop callers: what one call costs
//   lmdb_ops_s               bare LMDB write loop: `concurrency` closed-loop awaited db.put()
//                            with synced commits (lmdb-js group-commits them), no gRPC
//
// Goals (issue 11): Puts >= 50 % of the echo rate, Gets >= 70 %. details.unbatched repeats Put
// and Get with the client's coalescing off (one RPC per call), to show what batching buys.
// The phases run one at a time, each for `seconds` after a warm-up, interleaved over `rounds`
// (echo, lmdb, put, get, echo, ...) and each figure is the median over the rounds, so a burst
// of load from elsewhere on a shared machine colours one round of every phase, not one phase.
//
// Run: node dist/bench/datapath.js [--json] [--concurrency 64] [--seconds 3] [--rounds 3] [--value-bytes 100]
//      or `shardcast bench datapath --json`.
import { INSECURE } from '../platform/security.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { open } from 'lmdb';
import { ShardcastClient } from '../client/index.js';
import { v1 } from '../platform/proto.js';
import { deadline } from '../platform/server.js';
import { evenTable, startStaticSidecar } from './static-sidecar.js';
import type { DataPlaneClient } from '../generated/proto/shardcast/v1/DataPlane.js';

export const DEFAULT_CONCURRENCY = 64;
export const DEFAULT_SECONDS = 3;
export const DEFAULT_ROUNDS = 3;
export const DEFAULT_VALUE_BYTES = 100;
/** Microshards of the node's table (the client batches per microshard). */
const MICROSHARDS = 8;
/** Distinct keys written and read. */
const KEYS = 20_000;
const WARMUP_MS = 1_000;
const CALL_DEADLINE_MS = 10_000;

export interface DatapathBenchResult {
  concurrency: number;
  put_ops_s: number;
  put_p99_ms: number;
  get_ops_s: number;
  get_p99_ms: number;
  echo_ops_s: number;
  echo_p99_ms: number;
  lmdb_ops_s: number;
  put_vs_echo_pct: number;
  get_vs_echo_pct: number;
  details: Record<string, unknown>;
}

export interface DatapathBenchOptions {
  concurrency?: number;
  seconds?: number;
  rounds?: number;
  valueBytes?: number;
  log?: (line: string) => void;
}

const identity = (b: Buffer) => b;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

interface Phase {
  ops_s: number;
  p50_ms: number;
  p99_ms: number;
}

/** `concurrency` closed loops of `op` for `seconds` after a warm-up: ops/s and latency percentiles. */
async function closedLoop(concurrency: number, seconds: number, op: (i: number) => Promise<unknown>): Promise<Phase> {
  let measuring = false;
  let stop = false;
  const lat: number[] = [];
  const loops = Array.from({ length: concurrency }, async (_, w) => {
    for (let i = w; !stop; i += concurrency) {
      const t0 = performance.now();
      await op(i);
      if (measuring) lat.push(performance.now() - t0);
    }
  });
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  measuring = true;
  const from = performance.now();
  lat.length = 0;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const secs = (performance.now() - from) / 1000;
  const count = lat.length;
  stop = true;
  await Promise.all(loops);
  lat.sort((a, b) => a - b);
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.max(0, Math.ceil((p / 100) * lat.length) - 1))] ?? NaN;
  return { ops_s: round(count / secs, 0), p50_ms: round(pct(50), 2), p99_ms: round(pct(99), 2) };
}

// ---- children: the echo server, and lines from a child's stdout ----

const ECHO_PATH = '/shardcast.bench.Echo/Echo';

async function echoServerMain(): Promise<void> {
  const server = new grpc.Server();
  server.addService({ Echo: { path: ECHO_PATH, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity, originalName: 'Echo' } }, {
    Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, call.request),
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  process.stdout.write(`${port}\n`);
}

/** Spawns a child and resolves with the first stdout line `pick` accepts. */
function spawnUntil(args: string[], pick: (line: string) => string | undefined): Promise<{ child: ChildProcess; value: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (l) => {
      lines.push(l);
      const v = pick(l);
      if (v !== undefined) resolve({ child, value: v });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${lines.join('\n')}`)));
  });
}

// ---- the phases ----

/** The echo server child and a client of it; `phase` runs one measured closed loop. */
async function startEcho(bytes: number): Promise<{ phase: (concurrency: number, seconds: number) => Promise<Phase>; stop: () => void }> {
  const { child, value: port } = await spawnUntil([fileURLToPath(import.meta.url), '--echo-server'], (l) => (/^\d+$/.test(l) ? l : undefined));
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const payload = randomBytes(bytes);
  return {
    phase: (concurrency, seconds) =>
      closedLoop(concurrency, seconds, () =>
        new Promise<Buffer>((resolve, reject) => client.makeUnaryRequest<Buffer, Buffer>(ECHO_PATH, identity, identity, payload, new grpc.Metadata(), { deadline: deadline(CALL_DEADLINE_MS) }, (e, res) => (e ? reject(e) : resolve(res!)))),
      ),
    stop: () => {
      client.close();
      child.kill('SIGKILL');
    },
  };
}

/** A bare LMDB environment with the storage node's settings: synced commits, so an awaited put is durable. */
function startLmdb(valueBytes: number, keys: Buffer[]): { phase: (concurrency: number, seconds: number) => Promise<Phase>; stop: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'shardcast-bench-lmdb-'));
  const root = open({ path: dir, noSubdir: false, overlappingSync: false });
  const db = root.openDB<Buffer, Buffer>({ name: 'data', keyEncoding: 'binary', encoding: 'binary' });
  const value = randomBytes(valueBytes);
  return {
    phase: (concurrency, seconds) => closedLoop(concurrency, seconds, (i) => db.put(keys[i % keys.length]!, value)),
    stop: async () => {
      await root.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The median of each figure over the rounds (a shared machine makes single rounds erratic). */
function median(phases: Phase[]): Phase {
  const mid = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : round((s[s.length / 2 - 1]! + s[s.length / 2]!) / 2, 2);
  };
  return { ops_s: mid(phases.map((p) => p.ops_s)), p50_ms: mid(phases.map((p) => p.p50_ms)), p99_ms: mid(phases.map((p) => p.p99_ms)) };
}

export async function runDatapathBench(opts: DatapathBenchOptions = {}): Promise<DatapathBenchResult> {
  const log = opts.log ?? (() => undefined);
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const seconds = opts.seconds ?? DEFAULT_SECONDS;
  const rounds = opts.rounds ?? DEFAULT_ROUNDS;
  const valueBytes = opts.valueBytes ?? DEFAULT_VALUE_BYTES;
  const keys = Array.from({ length: KEYS }, (_, i) => Buffer.from(`dp-${i.toString().padStart(6, '0')}`));
  const putBytes = keys[0]!.length + valueBytes + 48; // key, value, epoch, request id (a UUID)

  log(`datapath bench: ${concurrency} closed-loop callers, ${rounds} rounds of ${seconds} s per phase (echo, lmdb, put, get interleaved; medians), ${valueBytes} B values, ${KEYS} keys over ${MICROSHARDS} microshards`);
  const echoServer = await startEcho(putBytes);
  const lmdbEnv = startLmdb(valueBytes, keys);

  // The storage node as a real process, its accesses reported to the stand-in sidecar.
  const dir = mkdtempSync(join(tmpdir(), 'shardcast-bench-datapath-'));
  const sidecar = await startStaticSidecar({ revision: '0', full: true, upserts: [], removedIds: [], nodes: [] });
  const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  const { child, value: address } = await spawnUntil([cli, 'datastore', '--node-id', 'n1', '--data-dir', dir, '--listen', '127.0.0.1:0', '--insecure', '--sidecar', sidecar.address], (l) => {
    try {
      const rec = JSON.parse(l) as { msg?: string; address?: string };
      return rec.msg === 'listening' ? rec.address : undefined;
    } catch {
      return undefined;
    }
  });
  const clients: ShardcastClient[] = [];
  try {
    const table = evenTable(1, MICROSHARDS, [{ id: 'n1', address }]);
    sidecar.publish(table);
    const admin: DataPlaneClient = new v1.DataPlane(address, grpc.credentials.createInsecure());
    await new Promise<void>((resolve, reject) => admin.ApplyAssignments({ nodeId: 'n1', routes: table as never, leaseValidForMs: String(3_600_000) }, { deadline: deadline(CALL_DEADLINE_MS) }, (e) => (e ? reject(e) : resolve())));
    admin.close();

    const value = randomBytes(valueBytes);
    const client = async (batch: boolean) => {
      const c = new ShardcastClient({ sidecars: [sidecar.address], security: INSECURE, batch, callDeadlineMs: CALL_DEADLINE_MS });
      clients.push(c);
      await c.start();
      return c;
    };
    const batchedClient = await client(true);
    const rows: Array<{ echo: Phase; lmdb: Phase; put: Phase; get: Phase }> = [];
    for (let r = 1; r <= rounds; r++) {
      const echo = await echoServer.phase(concurrency, seconds);
      const lmdb = await lmdbEnv.phase(concurrency, seconds);
      const put = await closedLoop(concurrency, seconds, (i) => batchedClient.put(keys[i % keys.length]!, value));
      const get = await closedLoop(concurrency, seconds, (i) => batchedClient.get(keys[i % keys.length]!));
      rows.push({ echo, lmdb, put, get });
      log(`round ${r}: echo ${echo.ops_s} ops/s (p99 ${echo.p99_ms} ms); lmdb ${lmdb.ops_s} ops/s (p99 ${lmdb.p99_ms} ms); put ${put.ops_s} ops/s (p99 ${put.p99_ms} ms); get ${get.ops_s} ops/s (p99 ${get.p99_ms} ms)`);
    }
    const echo = median(rows.map((r) => r.echo));
    const lmdb = median(rows.map((r) => r.lmdb));
    const perRpc = (c: { batches: number; batchedCalls: number }) => (c.batches ? round(c.batchedCalls / c.batches) : 1);
    const batched = { put: median(rows.map((r) => r.put)), get: median(rows.map((r) => r.get)), putsPerRpc: perRpc(batchedClient.putBatches), getsPerRpc: perRpc(batchedClient.getBatches) };
    log(`client.put (coalesced into PutBatch, ${batched.putsPerRpc} puts per RPC): ${batched.put.ops_s} ops/s, p50 ${batched.put.p50_ms} ms, p99 ${batched.put.p99_ms} ms`);
    log(`client.get (coalesced into GetBatch, ${batched.getsPerRpc} gets per RPC): ${batched.get.ops_s} ops/s, p50 ${batched.get.p50_ms} ms, p99 ${batched.get.p99_ms} ms`);
    // One round with coalescing off, beside one more echo round: what batching buys.
    const singleClient = await client(false);
    const echoAgain = await echoServer.phase(concurrency, seconds);
    const single = { put: await closedLoop(concurrency, seconds, (i) => singleClient.put(keys[i % keys.length]!, value)), get: await closedLoop(concurrency, seconds, (i) => singleClient.get(keys[i % keys.length]!)) };
    log(`unbatched (one RPC per call): put ${single.put.ops_s} ops/s p99 ${single.put.p99_ms} ms; get ${single.get.ops_s} ops/s p99 ${single.get.p99_ms} ms; echo beside it ${echoAgain.ops_s} ops/s`);

    return {
      concurrency,
      put_ops_s: batched.put.ops_s,
      put_p99_ms: batched.put.p99_ms,
      get_ops_s: batched.get.ops_s,
      get_p99_ms: batched.get.p99_ms,
      echo_ops_s: echo.ops_s,
      echo_p99_ms: echo.p99_ms,
      lmdb_ops_s: lmdb.ops_s,
      put_vs_echo_pct: round((batched.put.ops_s / echo.ops_s) * 100),
      get_vs_echo_pct: round((batched.get.ops_s / echo.ops_s) * 100),
      details: {
        seconds,
        value_bytes: valueBytes,
        microshards: MICROSHARDS,
        put_p50_ms: batched.put.p50_ms,
        get_p50_ms: batched.get.p50_ms,
        echo_p50_ms: echo.p50_ms,
        lmdb_p99_ms: lmdb.p99_ms,
        lmdb_p50_ms: lmdb.p50_ms,
        puts_per_rpc: batched.putsPerRpc,
        gets_per_rpc: batched.getsPerRpc,
        access_records_reported: sidecar.accessRecords,
        rounds,
        per_round: rows,
        unbatched: { put_ops_s: single.put.ops_s, put_p99_ms: single.put.p99_ms, get_ops_s: single.get.ops_s, get_p99_ms: single.get.p99_ms, echo_ops_s: echoAgain.ops_s },
      },
    };
  } finally {
    for (const c of clients) c.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await sidecar.stop();
    echoServer.stop();
    await lmdbEnv.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printText(r: DatapathBenchResult): void {
  console.log(`put: ${r.put_ops_s} ops/s, p99 ${r.put_p99_ms} ms vs bare grpc-js unary echo ${r.echo_ops_s} ops/s (p99 ${r.echo_p99_ms} ms) at concurrency ${r.concurrency}: ${r.put_vs_echo_pct}% (goal >= 50%); bare lmdb write loop ${r.lmdb_ops_s} ops/s`);
  console.log(`get: ${r.get_ops_s} ops/s, p99 ${r.get_p99_ms} ms vs bare grpc-js unary echo ${r.echo_ops_s} ops/s: ${r.get_vs_echo_pct}% (goal >= 70%)`);
  const u = r.details.unbatched as { put_ops_s: number; put_p99_ms: number; get_ops_s: number; get_p99_ms: number };
  console.log(`unbatched client (one RPC per call): put ${u.put_ops_s} ops/s (p99 ${u.put_p99_ms} ms), get ${u.get_ops_s} ops/s (p99 ${u.get_p99_ms} ms); ${r.details.puts_per_rpc} puts and ${r.details.gets_per_rpc} gets per RPC when batched`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--echo-server')) return echoServerMain();
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, concurrency: { type: 'string' }, seconds: { type: 'string' }, rounds: { type: 'string' }, 'value-bytes': { type: 'string' } } });
  const int = (v: string | undefined, name: string, min: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`--${name} must be an integer >= ${min}, got "${v}"\n`);
      process.exit(2);
    }
    return n;
  };
  const r = await runDatapathBench({ concurrency: int(values.concurrency, 'concurrency', 1), seconds: int(values.seconds, 'seconds', 1), rounds: int(values.rounds, 'rounds', 1), valueBytes: int(values['value-bytes'], 'value-bytes', 0), log: values.json ? undefined : (l) => console.log(l) });
  if (values.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  else printText(r);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    process.stderr.write(`bench datapath failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
