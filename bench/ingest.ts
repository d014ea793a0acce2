// Ingest benchmark: access events per second into one sidecar process over loopback gRPC,
// printed beside the raw decode rate of the same batches measured in the same run.
//
//   node dist/bench/ingest.js [--seconds 5] [--batch 5000] [--microshards 1024] [--distinct 32]
//                             [--group-fraction 0.3] [--ops-per-record 1] [--paths lean,default]
//
// The server is the real thing: platform/server.ts startServer, the Sidecar service with
// ReportAccess wired to handleReportAccess and an Aggregator over a 1024-microshard route table.
// The client is a separate process (forked), so its work does not share the server's core;
// it sends pre-encoded batches (encoded once here with the loader's own serializer) through a
// pass-through serializer, so what is measured is the server's side. One record = one access
// event unless --ops-per-record says otherwise (pre-aggregated records).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as grpc from '@grpc/grpc-js';
import { evenRanges, findRangeIndex } from '../core/ranges.js';
import { v1 } from '../platform/proto.js';
import { startServer, deadline } from '../platform/server.js';
import { INSECURE } from '../platform/security.js';
import { clientStream } from '../platform/handlers.js';
import { Aggregator } from '../sidecar/telemetry/aggregator.js';
import type { RoutedRange } from '../sidecar/telemetry/route-cache.js';
import { AccessFields, scanAccessBatch, type AccessSink } from '../sidecar/telemetry/access-wire.js';
import { handleReportAccess, withLeanReportAccess } from '../sidecar/telemetry/report-access.js';
import type { AccessRecord } from '../generated/proto/shardcast/v1/AccessRecord.js';
import type { AccessBatch } from '../generated/proto/shardcast/v1/AccessBatch.js';

const METHOD = v1.Sidecar.service.ReportAccess;

export interface IngestBenchOptions {
  seconds: number;
  batch: number;
  microshards: number;
  distinct: number;
  groupFraction: number;
  opsPerRecord: number;
  paths: Array<'lean' | 'default'>;
}

export const DEFAULT_INGEST_BENCH: IngestBenchOptions = {
  seconds: 5,
  batch: 5000,
  microshards: 1024,
  distinct: 32,
  groupFraction: 0.3,
  opsPerRecord: 1,
  paths: ['lean', 'default'],
};

/** xorshift32: deterministic batches, no BigInt in the generator. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

/**
 * Batches shaped like a cache-fronted store: 90 % reads, a hot key set taking 20 % of the
 * singles, and multi-key requests drawn with a power-law skew from a fixed set of request
 * templates (the same keys are fetched together again and again, as co-access is in practice).
 */
export function makeBatches(o: IngestBenchOptions): AccessBatch[] {
  const r = rng(0x5eed);
  const key = (): string => hex8(r()) + hex8(r());
  const hot: string[] = [];
  for (let i = 0; i < 1000; i++) hot.push(key());
  const templates: string[][] = [];
  for (let i = 0; i < 5000; i++) templates.push(Array.from({ length: 2 + (r() % 3) }, key));
  const regions = ['eu-west-1', 'us-east-1', 'ap-south-1'];
  const out: AccessBatch[] = [];
  let group = 1;
  for (let b = 0; b < o.distinct; b++) {
    const records: AccessRecord[] = [];
    while (records.length < o.batch) {
      const grouped = r() / 4294967296 < o.groupFraction;
      const keys = grouped ? templates[Math.floor(templates.length * Math.pow(r() / 4294967296, 3))]! : [r() % 5 === 0 ? hot[r() % hot.length]! : key()];
      const g = grouped ? group++ : 0;
      for (const keyHash of keys) {
        if (records.length >= o.batch) break;
        const write = r() % 10 === 0;
        const ops = o.opsPerRecord;
        records.push({
          keyHash,
          reads: write ? 0 : ops,
          writes: write ? ops : 0,
          bytesRead: write ? 0 : ops * (64 + (r() % 4000)),
          bytesWritten: write ? ops * (64 + (r() % 2000)) : 0,
          latencyUs: ops * (100 + (r() % 900) + (r() % 100 === 0 ? 20_000 : 0)),
          errors: r() % 1000 === 0 ? 1 : 0,
          coAccessGroup: g,
          clientRegion: r() % 4 === 0 ? regions[r() % regions.length]! : '',
        });
      }
    }
    out.push({ atMs: 1_700_000_000_000 + b, records });
  }
  return out;
}

function routeTable(microshards: number): (p: bigint) => RoutedRange {
  const ranges = evenRanges(microshards).map((m) => ({ id: String(m.id), start: m.start, end: m.end }));
  return (p) => ranges[findRangeIndex(ranges, p)]!;
}

/** Runs `fn` over the buffers for at least `ms` after one warm-up pass; returns records per second. */
function rate(buffers: Buffer[], recordsPerBuffer: number, ms: number, fn: (b: Buffer) => void): number {
  for (const b of buffers) fn(b); // warm up: JIT, and state for every microshard
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (const b of buffers) {
      fn(b);
      n += recordsPerBuffer;
    }
    t = performance.now();
  }
  return n / ((t - t0) / 1000);
}

class NullSink implements AccessSink {
  n = 0;
  accept(f: AccessFields): void {
    this.n += f.reads + f.writes;
  }
  reject(): void {
    this.n--;
  }
}

interface EndToEnd {
  path: string;
  batches: number;
  records: number;
  ops: number;
  seconds: number;
  recordsPerSecond: number;
  eventsPerSecond: number;
  rejected: number;
  serverCpuSeconds: number;
}

async function endToEnd(path: 'lean' | 'default', buffers: Buffer[], o: IngestBenchOptions): Promise<EndToEnd> {
  const aggregator = new Aggregator({ lookup: routeTable(o.microshards), startMs: 0 });
  let first = 0;
  let last = 0;
  let ops = 0;
  const service = path === 'lean' ? withLeanReportAccess(v1.Sidecar.service) : v1.Sidecar.service;
  const running = await startServer(
    '127.0.0.1:0',
    INSECURE,
    (s) =>
      s.addService(service, {
        ReportAccess: clientStream((call) =>
          handleReportAccess(call, aggregator, {
            onBatch: (r) => {
              last = performance.now();
              if (first === 0) first = last;
              ops += r.ops;
            },
          }),
        ),
      }),
    ['shardcast.v1.Sidecar'],
  );
  const cpu0 = process.cpuUsage();
  const child = fork(fileURLToPath(import.meta.url), ['--client'], { serialization: 'advanced', stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  const result = await new Promise<{ batches: number; summary: { batches: string; records: string; rejected: string } }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as never));
    child.once('error', reject);
    child.once('exit', (code) => (code ? reject(new Error(`client exited with ${code}`)) : undefined));
    child.send({ address: running.address, buffers, seconds: o.seconds });
  });
  const cpu = process.cpuUsage(cpu0);
  await running.stop(500);
  const seconds = (last - first) / 1000;
  const records = Number(result.summary.records);
  // The closed interval must account for every event sent: the figure is real aggregation.
  const closed = aggregator.rollover(10_000);
  const aggregated = closed.reduce((s, c) => s + c.microshards.reduce((x, m) => x + m.ops, 0), 0);
  if (aggregated !== ops) throw new Error(`aggregated ${aggregated} ops but ingested ${ops}`);
  return {
    path,
    batches: Number(result.summary.batches),
    records,
    ops,
    seconds,
    recordsPerSecond: records / seconds,
    eventsPerSecond: ops / seconds,
    rejected: Number(result.summary.rejected),
    serverCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

export async function runIngestBench(o: IngestBenchOptions = DEFAULT_INGEST_BENCH): Promise<void> {
  const batches = makeBatches(o);
  const buffers = batches.map((b) => METHOD.requestSerialize(b));
  const bytes = buffers.reduce((s, b) => s + b.length, 0);
  console.log(`ingest: ${o.distinct} distinct batches x ${o.batch} records (${(bytes / buffers.length / 1024).toFixed(0)} KiB/batch, ${(bytes / buffers.length / o.batch).toFixed(1)} B/record), ${o.microshards} microshards, ${o.opsPerRecord} op(s)/record, group fraction ${o.groupFraction}`);

  // Same batches, same run. The raw decode baselines run in a worker thread (its own V8
  // isolate): a second AccessSink class in this isolate would make the reader's sink call
  // polymorphic and slow the sidecar path down by ~30 %, which is not what a sidecar runs.
  const decode = await decodeBaselines(buffers, o.batch);
  const agg = new Aggregator({ lookup: routeTable(o.microshards), startMs: 0 });
  const inProcess = rate(buffers, o.batch, 2000, (b) => agg.ingestWire(b));
  agg.dispose();
  console.log(`  raw decode, proto-loader deserialize (protobufjs decode + toObject): ${(decode.loader / 1e6).toFixed(2)} M records/s`);
  console.log(`  raw decode, lean wire scan (no aggregation):                          ${(decode.lean / 1e6).toFixed(2)} M records/s`);
  console.log(`  decode + aggregate in process (no gRPC):                               ${(inProcess / 1e6).toFixed(2)} M records/s`);
  for (const path of o.paths) {
    const r = await endToEnd(path, buffers, o);
    console.log(
      `  end to end over loopback gRPC, ${path.padEnd(7)} path: ${(r.eventsPerSecond / 1e6).toFixed(2)} M events/s (${(r.recordsPerSecond / 1e6).toFixed(2)} M records/s; ` +
        `${r.batches} batches, ${r.records} records in ${r.seconds.toFixed(2)} s, server process CPU ${r.serverCpuSeconds.toFixed(2)} s, rejected ${r.rejected})`,
    );
  }
  console.log(`  goal: >= 2.00 M events/s end to end`);
}

/** Raw decode rates of the batches, measured in a worker thread. */
function decodeBaselines(buffers: Buffer[], recordsPerBuffer: number): Promise<{ loader: number; lean: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: { buffers, recordsPerBuffer }, argv: ['--decode-baselines'] });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

function decodeBaselinesMain(): void {
  const { buffers, recordsPerBuffer } = workerData as { buffers: Uint8Array[]; recordsPerBuffer: number };
  const bufs = buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  const sink = new NullSink();
  const f = new AccessFields();
  const lean = rate(bufs, recordsPerBuffer, 1500, (b) => scanAccessBatch(b, sink, f));
  const loader = rate(bufs, recordsPerBuffer, 1500, (b) => METHOD.requestDeserialize(b));
  parentPort!.postMessage({ loader, lean });
}

async function clientMain(): Promise<void> {
  const msg = await new Promise<{ address: string; buffers: Uint8Array[]; seconds: number }>((resolve) => process.once('message', (m) => resolve(m as never)));
  const buffers = msg.buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  const passThrough = { ...METHOD, requestSerialize: (b: Buffer) => b };
  const Client = grpc.makeGenericClientConstructor({ ReportAccess: passThrough }, 'Sidecar');
  const client = new Client(msg.address, grpc.credentials.createInsecure());
  let sent = 0;
  const summary = await new Promise<unknown>((resolve, reject) => {
    const call = client.makeClientStreamRequest(
      passThrough.path,
      passThrough.requestSerialize,
      passThrough.responseDeserialize,
      new grpc.Metadata(),
      { deadline: deadline(msg.seconds * 1000 + 60_000) },
      (err: grpc.ServiceError | null, res?: unknown) => (err ? reject(err) : resolve(res)),
    );
    const until = performance.now() + msg.seconds * 1000;
    const pump = (): void => {
      while (performance.now() < until) {
        const ok = call.write(buffers[sent++ % buffers.length]);
        if (!ok) {
          call.once('drain', pump);
          return;
        }
      }
      call.end();
    };
    pump();
  });
  client.close();
  process.send!({ batches: sent, summary }, () => process.exit(0));
}

if (!isMainThread && process.argv.includes('--decode-baselines')) {
  decodeBaselinesMain();
} else if (process.argv.includes('--client')) {
  await clientMain();
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string' },
      batch: { type: 'string' },
      microshards: { type: 'string' },
      distinct: { type: 'string' },
      'group-fraction': { type: 'string' },
      'ops-per-record': { type: 'string' },
      paths: { type: 'string' },
    },
  });
  const numberFlag = (name: string, v: string | undefined, dflt: number): number => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) {
      console.error(`--${name}: expected a positive number, got "${v}"`);
      process.exit(2);
    }
    return n;
  };
  const fractionFlag = (name: string, v: string | undefined, dflt: number): number => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!(n >= 0 && n <= 1)) {
      console.error(`--${name}: expected a number from 0 to 1, got "${v}"`);
      process.exit(2);
    }
    return n;
  };
  const paths = (values.paths ?? 'lean,default').split(',');
  if (paths.some((p) => p !== 'lean' && p !== 'default')) {
    console.error(`--paths: expected a list of lean,default, got "${values.paths}"`);
    process.exit(2);
  }
  await runIngestBench({
    seconds: numberFlag('seconds', values.seconds, DEFAULT_INGEST_BENCH.seconds),
    batch: Math.floor(numberFlag('batch', values.batch, DEFAULT_INGEST_BENCH.batch)),
    microshards: Math.floor(numberFlag('microshards', values.microshards, DEFAULT_INGEST_BENCH.microshards)),
    distinct: Math.floor(numberFlag('distinct', values.distinct, DEFAULT_INGEST_BENCH.distinct)),
    groupFraction: fractionFlag('group-fraction', values['group-fraction'], DEFAULT_INGEST_BENCH.groupFraction),
    opsPerRecord: Math.floor(numberFlag('ops-per-record', values['ops-per-record'], DEFAULT_INGEST_BENCH.opsPerRecord)),
    paths: paths as Array<'lean' | 'default'>,
  });
}
