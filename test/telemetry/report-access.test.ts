// ReportAccess over real loopback gRPC: the platform server, the Sidecar service definition,
// the handler and an aggregator; bad records and a broken batch are rejected and named while
// the stream and the server carry on.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { evenRanges, findRangeIndex } from '../../core/ranges.js';
import { v1 } from '../../platform/proto.js';
import { startServer, deadline, type RunningServer } from '../../platform/server.js';
import { INSECURE } from '../../platform/security.js';
import { clientStream } from '../../platform/handlers.js';
import { startMetricsServer } from '../../platform/metrics-http.js';
import { Aggregator } from '../../sidecar/telemetry/aggregator.js';
import { handleReportAccess, withLeanReportAccess } from '../../sidecar/telemetry/report-access.js';
import { createSidecarMetrics, instrumentService } from '../../sidecar/telemetry/metrics.js';
import type { AccessBatch } from '../../generated/proto/shardcast/v1/AccessBatch.js';
import type { ReportAccessSummary__Output } from '../../generated/proto/shardcast/v1/ReportAccessSummary.js';

const method = v1.Sidecar.service.ReportAccess;
const ranges = evenRanges(8).map((r) => ({ id: String(r.id), start: r.start, end: r.end }));
const lookup = (p: bigint) => ranges[findRangeIndex(ranges, p)];

async function serve(lean: boolean): Promise<{ server: RunningServer; aggregator: Aggregator; metrics: ReturnType<typeof createSidecarMetrics> }> {
  const aggregator = new Aggregator({ lookup, startMs: 0 });
  const metrics = createSidecarMetrics({ labels: { node: 'n1' } });
  const definition = lean ? withLeanReportAccess(v1.Sidecar.service) : v1.Sidecar.service;
  const impl = instrumentService(
    definition,
    { ReportAccess: clientStream((call) => handleReportAccess(call, aggregator, { onBatch: metrics.observeIngest, onBadBatch: metrics.observeBadBatch })) },
    metrics.rpcDuration,
  );
  const server = await startServer('127.0.0.1:0', INSECURE, (s) => s.addService(definition, impl), ['shardcast.v1.Sidecar']);
  return { server, aggregator, metrics };
}

/** Streams raw (already serialized) batches, so a test can send bytes no encoder would produce. */
function send(address: string, batches: Buffer[]): Promise<ReportAccessSummary__Output> {
  const passThrough = { ...method, requestSerialize: (b: Buffer) => b };
  const Client = grpc.makeGenericClientConstructor({ ReportAccess: passThrough }, 'Sidecar');
  const client = new Client(address, grpc.credentials.createInsecure());
  return new Promise<ReportAccessSummary__Output>((resolve, reject) => {
    const call = client.makeClientStreamRequest(passThrough.path, passThrough.requestSerialize, passThrough.responseDeserialize, new grpc.Metadata(), { deadline: deadline(5000) }, (err: grpc.ServiceError | null, res?: unknown) => {
      client.close();
      if (err) reject(err);
      else resolve(res as ReportAccessSummary__Output);
    });
    for (const b of batches) call.write(b);
    call.end();
  });
}

const encode = (b: AccessBatch): Buffer => method.requestSerialize(b);

for (const lean of [true, false]) {
  test(`ReportAccess (${lean ? 'lean' : 'loader'} decoding) aggregates, rejects a bad record, keeps serving`, async (t) => {
    const { server, aggregator, metrics } = await serve(lean);
    t.teardown(() => server.stop(100));
    const summary = await send(server.address, [
      encode({ records: [{ keyHash: '00000000000000ff', reads: 2, latencyUs: 200 }, { keyHash: 'zz-not-hex', reads: 1 }] }),
      encode({ records: [{ keyHash: 'f000000000000000', writes: 3, bytesWritten: 30 }] }),
    ]);
    t.deepEqual(summary, { batches: '2', records: '3', rejected: '1', errors: ['batch 0 record 1: key_hash "zz-not-hex" is not 1-16 hex digits'] });
    // The server is still up: a second stream on a new connection.
    const again = await send(server.address, [encode({ records: [{ keyHash: '1', reads: 1 }] })]);
    t.is(again.records, '1');
    const [closed] = aggregator.rollover(10_000);
    t.deepEqual(
      closed!.microshards.map((m) => [m.microshardId, m.reads, m.writes, m.bytesWritten]),
      [
        ['0', 3, 0, 0],
        ['7', 0, 3, 30],
      ],
    );
    const text = await metrics.registry.metrics();
    t.regex(text, /shardcast_sidecar_ingest_records_total\{node="n1"\} 4/);
    t.regex(text, /shardcast_sidecar_ingest_rejected_total\{node="n1"\} 1/);
    t.regex(text, /shardcast_sidecar_ingest_events_total\{node="n1"\} 6/);
    t.regex(text, /shardcast_sidecar_rpc_duration_seconds_count\{(?=[^}]*method="ReportAccess")(?=[^}]*code="OK")[^}]*\} 2/);
  });
}

test('a batch with broken framing is refused whole and named; the stream goes on (lean path)', async (t) => {
  const { server, aggregator } = await serve(true);
  t.teardown(() => server.stop(100));
  const good = encode({ records: [{ keyHash: 'a', reads: 1 }] });
  const summary = await send(server.address, [good, good.subarray(0, good.length - 1), good]);
  t.is(summary.batches, '3');
  t.is(summary.records, '2');
  t.is(summary.rejected, '1');
  t.regex(summary.errors[0]!, /^batch 1: malformed AccessBatch: record 0 runs past the end/);
  t.is(aggregator.rollover(10_000)[0]!.totals.ops, 2);
});

test('the /metrics endpoint serves the registry and nothing else', async (t) => {
  const metrics = createSidecarMetrics({ host: () => ({ cpuUtilisation: 0.25, memoryUsedBytes: 1, memoryTotalBytes: 2, diskReadBytesPerS: 3, diskWriteBytesPerS: 4, netRxBytesPerS: 5, netTxBytesPerS: 6, sampledAtMs: Date.now() }) });
  metrics.observeInterval({ startMs: 0, intervalMs: 10_000, microshards: [], totals: { batches: 1, records: 10, ops: 50_000, rejected: 0, unrouted: 0 }, coAccess: [] });
  const http = await startMetricsServer(0, metrics.registry, '127.0.0.1');
  t.teardown(() => http.close());
  const res = await fetch(`http://${http.address}/metrics`);
  t.is(res.status, 200);
  t.regex(res.headers.get('content-type') ?? '', /text\/plain/);
  const body = await res.text();
  t.regex(body, /shardcast_host_cpu_ratio 0\.25/);
  t.regex(body, /shardcast_host_network_transmit_bytes_per_second 6/);
  t.regex(body, /shardcast_sidecar_ops_per_second 5000/);
  t.regex(body, /# TYPE shardcast_sidecar_forecast_duration_seconds histogram/);
  t.is((await fetch(`http://${http.address}/other`)).status, 404);
  const post = await fetch(`http://${http.address}/metrics`, { method: 'POST' });
  t.is(post.status, 405);
  t.is(post.headers.get('allow'), 'GET, HEAD');
  await t.throwsAsync(() => startMetricsServer(http.port, metrics.registry, '127.0.0.1'), { message: /cannot serve metrics on 127\.0\.0\.1:\d+/ });
});
