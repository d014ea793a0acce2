// Telemetry end to end through a real local cluster (etcd, two coordinators, two storage nodes
// with their sidecars, all processes on loopback): access reports into a sidecar become load
// and forecasts on the leader, PredictLoad and `ctl forecast` show them, history follows a split
// and a merge, survives a sidecar kill -9, and /metrics answers on sidecars and coordinators.
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { LocalCluster } from '../../devcluster/cluster.js';
import { keyPosition, parsePosition, positionToHex } from '../../core/keyspace.js';
import { deadline } from '../../platform/server.js';
import { readMetadata, defaultModelPath } from '../../models/index.js';
import type { Microshard__Output } from '../../generated/proto/shardcast/v1/Microshard.js';
import type { PredictLoadResponse__Output } from '../../generated/proto/shardcast/v1/PredictLoadResponse.js';
import { waitFor, waitAllServing, unaryCall } from '../integration/helpers.js';
import { predictLoad, probeSession, reportAccess, sample, scrape, ctl } from './helpers.js';
import { FORWARDED_HEADER } from '../../coordinator/cluster/forward.js';

const INTERVAL_MS = 500;
const SEASON = 4;
const HORIZON = 8;
/** The model needs max(2S, 8) points; fewer gives a fallback. */
const MODEL_MIN_POINTS = Math.max(2 * SEASON, 8);

let cluster: LocalCluster;
let target: Microshard__Output;

/** The leader and a follower, read fresh (a loaded machine can move leadership between tests). */
async function roles(): Promise<{ leaderAddress: string; leaderId: string; followerAddress: string }> {
  const s = await cluster.waitLeader(15_000);
  return { leaderAddress: s.leaderAddress, leaderId: s.leaderId, followerAddress: cluster.coordinatorAddresses().find((a) => a !== s.leaderAddress)! };
}

test.before(async () => {
  cluster = await LocalCluster.start({
    coordinators: 2,
    nodes: 2,
    microshards: 8,
    heartbeatIntervalMs: 500,
    metrics: true,
    sidecarArgs: ['--interval-ms', String(INTERVAL_MS), '--forecast-season', String(SEASON), '--forecast-horizon', String(HORIZON), '--history-save-ms', '500', '--size-refresh-ms', '1000'],
  });
  const ms = await waitAllServing(cluster);
  target = ms.find((m) => m.owner === 'node-1')!;
});

test.after.always(async () => {
  await cluster?.stop();
});

/** Positions inside [start, end): `left` of every 4 in the lower half, the rest in the upper half. */
function positionsIn(m: { start: string; end: string }, n: number): string[] {
  const start = parsePosition(m.start);
  const end = parsePosition(m.end, true);
  const quarter = (end - start) / 4n;
  return Array.from({ length: n }, (_, i) => positionToHex(start + (i % 4 < 3 ? quarter : 3n * quarter) + BigInt(i)));
}

/** Streams batches to node-1's sidecar every 100 ms for `ms`; returns the ops sent per microshard. */
async function pump(ms: number, microshards: Array<{ start: string; end: string; id: string }>): Promise<Map<string, number>> {
  const stream = reportAccess(cluster.sidecars.get('node-1')!.address, cluster.credentials({ role: 'storage', nodeId: 'node-1' }));
  const sent = new Map<string, number>();
  const until = Date.now() + ms;
  let batch = 0;
  while (Date.now() < until) {
    const records = microshards.flatMap((m) => {
      const n = 4 + (batch % 3); // a little variation between batches
      sent.set(m.id, (sent.get(m.id) ?? 0) + n * 3);
      return positionsIn(m, n).map((keyHash) => ({ keyHash, reads: 2, writes: 1, bytesRead: 100, bytesWritten: 10, latencyUs: 900 }));
    });
    stream.write({ atMs: Date.now(), records });
    batch++;
    await new Promise((r) => setTimeout(r, 100));
  }
  const summary = await stream.end();
  stream.close();
  if (Number(summary.rejected) !== 0) throw new Error(`records rejected: ${summary.errors.join('; ')}`);
  return sent;
}

function checkForecast(t: import('ava').ExecutionContext, r: PredictLoadResponse__Output): void {
  const f = r.forecast!;
  t.deepEqual(f.quantiles, [0.1, 0.5, 0.9]);
  t.is(f.values.length, 3);
  for (const s of f.values) t.is(s.values.length, HORIZON);
  for (let h = 0; h < HORIZON; h++) {
    const [lo, mid, hi] = f.values.map((s) => s.values[h]!);
    t.true(lo! >= 0 && lo! <= mid! && mid! <= hi!, `step ${h + 1}: ${lo} <= ${mid} <= ${hi}`);
  }
  t.is(f.intervalMs, String(INTERVAL_MS));
  t.is(f.season, SEASON);
}

test.serial('access reports become load and forecasts on the leader; PredictLoad answers from any replica', async (t) => {
  const { followerAddress } = await roles();
  const follower = cluster.admin(followerAddress);
  const started = Date.now();
  const pumping = pump(5_000, [target]);
  // How long from the first access record to its load (and a forecast) on the leader.
  const firstSeen = await waitFor('the first load on the leader', async () => {
    const x = await predictLoad(follower, { microshardId: target.id }).catch(() => undefined);
    return x && x.history.some((p) => Number(p.ops) > 0) ? x : undefined;
  }, 10_000, 20);
  const seenMs = Date.now() - started;
  console.log(`[measure] telemetry: first access to its load + forecast on the leader: ${seenMs} ms (interval ${INTERVAL_MS} ms; via the follower)`);
  t.true(seenMs < 4 * INTERVAL_MS + 2_000, `${seenMs} ms`);
  t.truthy(firstSeen.forecast);
  const sent = await pumping;
  const total = sent.get(target.id)!;
  // The interval after the stream ended must be in (idle): then every op sent has been reported.
  const r = await waitFor('an idle interval reported after the traffic', async () => {
    const x = await predictLoad(follower, { microshardId: target.id });
    const ops = x.history.map((p) => Number(p.ops));
    return ops.some((o) => o > 0) && ops[ops.length - 1] === 0 ? x : undefined;
  }, 10_000, 100);
  t.is(r.history.reduce((s, p) => s + Number(p.ops), 0), total, 'every op sent is in the reported history, once');
  t.is(r.microshard!.id, target.id);
  t.is(r.reportedBy, 'node-1');
  t.is(r.answeredBy, (await roles()).leaderId, 'the follower forwarded to the leader');
  t.is(r.forecast!.modelVersion, readMetadata(defaultModelPath()).version);
  t.is(r.forecast!.method, 'model', `${r.forecast!.historyPoints} points of history`);
  t.true(r.forecast!.historyPoints >= MODEL_MIN_POINTS);
  t.true(Number(r.asOfMs) >= started);
  checkForecast(t, r);

  // By key: the same answer for a key that hashes into the microshard.
  let key = '';
  for (let i = 0; !key; i++) {
    const p = keyPosition(`k${i}`);
    if (p >= parsePosition(target.start) && p < parsePosition(target.end, true)) key = `k${i}`;
  }
  const byKey = await predictLoad(cluster.admin((await roles()).leaderAddress), { key: Buffer.from(key) });
  t.is(byKey.microshard!.id, target.id);
  t.is(byKey.forecast!.modelVersion, r.forecast!.modelVersion);
});

test.serial('PredictLoad refuses what it cannot answer, with the right status', async (t) => {
  const { leaderAddress, followerAddress } = await roles();
  const leader = cluster.admin(leaderAddress);
  const notFound = await t.throwsAsync(predictLoad(leader, { microshardId: '999999' }));
  t.is((notFound as grpc.ServiceError).code, grpc.status.NOT_FOUND);
  t.regex((notFound as grpc.ServiceError).details, /999999 does not exist/);
  const empty = await t.throwsAsync(predictLoad(leader, {}));
  t.is((empty as grpc.ServiceError).code, grpc.status.INVALID_ARGUMENT);
  t.regex((empty as grpc.ServiceError).details, /microshard_id or key/);
  const emptyKey = await t.throwsAsync(predictLoad(leader, { key: Buffer.alloc(0) }));
  t.is((emptyKey as grpc.ServiceError).code, grpc.status.INVALID_ARGUMENT);
  // A call already forwarded once is not forwarded again: the follower names the leader.
  const md = new grpc.Metadata();
  md.set(FORWARDED_HEADER, 'someone');
  const twice = await t.throwsAsync(predictLoad(cluster.admin(followerAddress), { microshardId: target.id }, md));
  t.is((twice as grpc.ServiceError).code, grpc.status.FAILED_PRECONDITION);
  t.true((twice as grpc.ServiceError).details.includes(leaderAddress), (twice as grpc.ServiceError).details);
});

test.serial('ctl forecast prints the chart, or JSON; bad arguments exit non-zero naming the problem', async (t) => {
  const coords = cluster.coordinatorAddresses().join(',');
  const json = await ctl(cluster, ['ctl', 'forecast', target.id, '--coordinators', coords, '--json']);
  t.is(json.code, 0, json.stderr);
  const parsed = JSON.parse(json.stdout) as PredictLoadResponse__Output;
  t.is(parsed.microshard!.id, target.id);
  t.is(parsed.forecast!.modelVersion, readMetadata(defaultModelPath()).version);
  t.is(parsed.forecast!.values.length, 3);

  const text = await ctl(cluster, ['ctl', 'forecast', target.id, '--coordinators', coords, '--width', '40']);
  t.is(text.code, 0, text.stderr);
  t.log(`\n${text.stdout}`);
  t.true(text.stdout.includes(`microshard ${target.id}`));
  t.true(text.stdout.includes(`model ${parsed.forecast!.modelVersion}`));
  t.regex(text.stdout, /ops\/interval/);
  t.regex(text.stdout, /\|.*[#_].*\|/, 'history bars left of the "now" line');
  t.regex(text.stdout, /\bnow\b/);
  t.regex(text.stdout, /\+\d+s/, 'the horizon end on the x axis');
  t.regex(text.stdout, /next interval: p10 \S+, p50 \S+, p90 \S+/);

  const none = await ctl(cluster, ['ctl', 'forecast', '--coordinators', coords]);
  t.not(none.code, 0);
  t.regex(none.stderr, /microshard id or --key/);
  const bad = await ctl(cluster, ['ctl', 'forecast', 'twelve', '--coordinators', coords]);
  t.not(bad.code, 0);
  t.regex(bad.stderr, /decimal id/);
  const missing = await ctl(cluster, ['ctl', 'forecast', '999999', '--coordinators', coords]);
  t.not(missing.code, 0);
  t.regex(missing.stderr, /NOT_FOUND/);
});

test.serial('/metrics answers on every sidecar and coordinator with the expected series', async (t) => {
  const side = await scrape(cluster.metricsAddresses.get('node-1-sidecar')!);
  t.true(sample(side, 'shardcast_sidecar_ingest_events_total', { node: 'node-1' })! > 0);
  t.true(sample(side, 'shardcast_sidecar_rpc_duration_seconds_count', { method: 'ReportAccess', code: 'OK' })! >= 1);
  const runs = sample(side, 'shardcast_sidecar_forecast_duration_seconds_count')!;
  t.true(runs > 0);
  const mean = (sample(side, 'shardcast_sidecar_forecast_duration_seconds_sum')! / runs) * 1000;
  console.log(`[measure] telemetry: node-1's batched forecast per interval (all its microshards, worker round trip): mean ${mean.toFixed(1)} ms over ${runs} runs`);
  t.true(sample(side, 'shardcast_sidecar_owned_microshards')! >= 1);
  t.not(sample(side, 'shardcast_host_cpu_ratio'), undefined);
  t.not(sample(side, 'process_resident_memory_bytes'), undefined);
  t.not(sample(side, 'shardcast_host_memory_total_bytes'), undefined);

  const { leaderAddress, followerAddress } = await roles();
  const leaderName = [...cluster.coordinators.entries()].find(([, p]) => p.address === leaderAddress)![0];
  const followerName = [...cluster.coordinators.entries()].find(([, p]) => p.address === followerAddress)![0];
  const lead = await scrape(cluster.metricsAddresses.get(leaderName)!);
  t.is(sample(lead, 'shardcast_coordinator_is_leader'), 1);
  t.is(sample(lead, 'shardcast_coordinator_sessions'), 2);
  t.true(sample(lead, 'shardcast_coordinator_load_reports_total', { result: 'accepted' })! > 0);
  t.true(sample(lead, 'shardcast_coordinator_forecasts_received_total')! > 0);
  t.not(sample(lead, 'shardcast_coordinator_node_ops_per_second', { node: 'node-1' }), undefined);
  t.not(sample(lead, 'shardcast_coordinator_node_cpu_ratio', { node: 'node-2' }), undefined);
  t.true(sample(lead, 'shardcast_coordinator_rpc_duration_seconds_count', { method: 'PredictLoad', code: 'OK' })! >= 1);
  t.false(/microshard="/.test(lead), 'no per-microshard series');
  const follow = await scrape(cluster.metricsAddresses.get(followerName)!);
  t.is(sample(follow, 'shardcast_coordinator_is_leader'), 0);
  t.true(sample(follow, 'shardcast_coordinator_rpc_duration_seconds_count', { method: 'PredictLoad' })! >= 1, 'the follower served (forwarded) PredictLoad');
});

test.serial('a split apportions history to the halves and a merge sums it: forecasts right after carry it', async (t) => {
  const leader = cluster.admin((await roles()).leaderAddress);
  // Some traffic first, so the microshard has fresh load and an access histogram.
  await pump(1_500, [target]);
  const before = await predictLoad(leader, { microshardId: target.id });
  const split = await unaryCall<{ microshards: Microshard__Output[] }>((cb) => leader.Split({ microshardId: target.id, at: '', dryRun: false, requestedBy: 'telemetry-test' }, { deadline: deadline(10_000) }, cb));
  const halves = split.microshards;
  t.is(halves.length, 2);
  const splitAt = Date.now();
  for (const h of halves) {
    const r = await waitFor(`a forecast for half ${h.id}`, () => predictLoad(leader, { microshardId: h.id }).catch(() => undefined), 10_000, 100);
    // A fresh microshard would have 1-2 points; the carried history has what the parent had.
    t.true(r.forecast!.historyPoints >= Math.min(before.forecast!.historyPoints, MODEL_MIN_POINTS), `half ${h.id}: ${r.forecast!.historyPoints} points ${Date.now() - splitAt} ms after the split`);
    t.is(r.forecast!.method, 'model');
  }
  const merged = await unaryCall<{ merged: Microshard__Output | null }>((cb) => leader.Merge({ a: halves[0]!.id, b: halves[1]!.id, dryRun: false, requestedBy: 'telemetry-test' }, { deadline: deadline(10_000) }, cb));
  t.truthy(merged.merged);
  const m = await waitFor('a forecast for the merged microshard', () => predictLoad(leader, { microshardId: merged.merged!.id }).catch(() => undefined), 10_000, 100);
  t.true(m.forecast!.historyPoints >= MODEL_MIN_POINTS, `merged: ${m.forecast!.historyPoints} points`);
  t.is(m.forecast!.method, 'model');
  target = (await waitAllServing(cluster)).find((x) => x.id === merged.merged!.id)!;
});

test.serial('a sidecar killed with -9 reloads its history on restart', async (t) => {
  const leader = cluster.admin((await roles()).leaderAddress);
  const file = join(cluster.baseDir, 'data', 'node-1-sidecar', 'history.bin');
  // The file lists its microshards in a JSON header (history.ts toBuffer): wait until the merged
  // microshard is in it, i.e. a save happened after the merge.
  await waitFor('the merged microshard in the saved history', async () => {
    if (!existsSync(file)) return false;
    const buf = readFileSync(file);
    const header = JSON.parse(buf.toString('utf8', 12, 12 + buf.readUInt32LE(8))) as { microshards: string[] };
    return header.microshards.includes(target.id);
  }, 5_000, 50);
  const before = await predictLoad(leader, { microshardId: target.id });
  t.true(before.forecast!.historyPoints >= MODEL_MIN_POINTS);
  cluster.sidecars.get('node-1')!.child.kill('SIGKILL');
  await cluster.sidecars.get('node-1')!.exited;
  const restartedAt = Date.now();
  const p = await cluster.startSidecar('node-1');
  const loaded = p.tail().find((l) => l.includes('telemetry history loaded'));
  t.truthy(loaded);
  t.is(JSON.parse(loaded!).history, 'file');
  const after = await waitFor('a forecast made after the restart', async () => {
    const r = await predictLoad(leader, { microshardId: target.id });
    return Number(r.asOfMs) > restartedAt ? r : undefined;
  }, 20_000, 100);
  t.log(`first forecast ${Number(after.asOfMs) - restartedAt} ms after the restart: ${after.forecast!.historyPoints} points, ${after.forecast!.method}`);
  t.true(after.forecast!.historyPoints >= MODEL_MIN_POINTS, `${after.forecast!.historyPoints} points (a fresh history would have 1-2)`);
  t.is(after.forecast!.method, 'model');
});

test.serial('nonsense in a load report ends the session with INVALID_ARGUMENT naming it; entries for microshards the node does not own are ignored and counted', async (t) => {
  const { leaderAddress } = await roles();
  const leaderName = [...cluster.coordinators.entries()].find(([, p]) => p.address === leaderAddress)![0];
  const { call, ended } = await probeSession(cluster, leaderAddress, t);
  const start = String(Math.floor(Date.now() / INTERVAL_MS) * INTERVAL_MS);
  // Well-formed, but about node-1's microshard: ignored, counted for the probe.
  call.write({ load: { intervalStartMs: start, intervalMs: String(INTERVAL_MS), microshards: [{ microshardId: target.id, reads: '1000000' }] } });
  await waitFor('the ignored entry counted', async () => (sample(await scrape(cluster.metricsAddresses.get(leaderName)!), 'shardcast_coordinator_node_load_entries_ignored', { node: 'probe' }) ?? 0) >= 1, 5_000, 100);
  const r = await predictLoad(cluster.admin(leaderAddress), { microshardId: target.id });
  t.is(r.reportedBy, 'node-1');
  t.false(r.history.some((p) => p.reads === '1000000'), 'the probe\'s numbers were not taken');
  const invalidBefore = sample(await scrape(cluster.metricsAddresses.get(leaderName)!), 'shardcast_coordinator_load_reports_total', { result: 'invalid' }) ?? 0;
  call.write({ load: { intervalStartMs: start, intervalMs: String(INTERVAL_MS), microshards: [{ microshardId: target.id, latencyP50Ms: NaN }] } });
  const err = await ended;
  t.is(err.code, grpc.status.INVALID_ARGUMENT);
  t.regex(err.details, new RegExp(`microshard ${target.id} latency_p50_ms is NaN`));
  t.is(sample(await scrape(cluster.metricsAddresses.get(leaderName)!), 'shardcast_coordinator_load_reports_total', { result: 'invalid' }), invalidBefore + 1);
});
