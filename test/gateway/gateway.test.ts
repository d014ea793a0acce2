// The HTTP/JSON gateway against a real cluster: subscriptions reported to sidecars, polled by the
// leader, answered over HTTP; and every kind of bad input.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { LocalCluster } from '../../devcluster/cluster.js';
import { keyPosition } from '../../core/keyspace.js';
import { findRangeIndex } from '../../core/ranges.js';
import { fromWire } from '../../core/microshard.js';
import { startEtcd } from '../../devcluster/etcd.js';
import { startCoordinator, CoordinatorConfigSchema } from '../../coordinator/index.js';
import { loadConfig } from '../../platform/config.js';
import { silentLogger } from '../../platform/logger.js';
import { v1 } from '../../platform/proto.js';
import { adminMetadata } from '../../platform/security.js';
import { deadline } from '../../platform/server.js';
import { waitFor, microshards, waitAllServing } from '../integration/helpers.js';
import { http, postJson, reportSubscriptions } from './helpers.js';
import { cli } from '../telemetry-live/helpers.js';

/** ReportSubscriptions as a data client of the cluster. */
const reportAs = (address: string, events: Parameters<typeof reportSubscriptions>[1]) => reportSubscriptions(address, events, cluster.credentials({ role: 'client' }));

let cluster: LocalCluster;
let gw: string;
let clusterStartedAt = 0;

test.before(async () => {
  cluster = await LocalCluster.start({
    coordinators: 2,
    nodes: 2,
    microshards: 16,
    orphanPolicy: 'reassign',
    sidecarArgs: ['--interval-ms', '500', '--forecast-season', '4', '--forecast-horizon', '4'],
    coordinatorConfig: { gatewayListen: '127.0.0.1:0', topicPollMs: 300 },
  });
  clusterStartedAt = Date.now();
  await waitAllServing(cluster);
  // A third node whose sidecar does not forecast: its topics have loads but no forecast.
  await cluster.startNode('node-quiet', ['--no-forecast']);
  const status = await cluster.waitLeader();
  gw = await waitFor(`the gateway address of ${status.leaderId}`, async () => cluster.gatewayAddresses.get(status.leaderId), 10_000);
});

test.after.always(async () => {
  await cluster?.stop();
});

function microshardOf(list: Awaited<ReturnType<typeof microshards>>, key: string) {
  const sorted = list.map((w) => fromWire(w)).sort((a, b) => (a.start < b.start ? -1 : 1));
  return sorted[findRangeIndex(sorted, keyPosition(key))]!;
}

test.serial('subscriptions reported to sidecars become the pointer table and predictions on the gateway', async (t) => {
  const [s1, s2] = [cluster.sidecars.get('node-1')!.address, cluster.sidecars.get('node-2')!.address];
  const a = await reportAs(s1, [
    { topic: 'sport/tennis', action: 'SUBSCRIBE', clientId: 'c1' },
    { topic: 'sport/+', action: 'SUBSCRIBE', clientId: 'c2' },
    { topic: '#', action: 'SUBSCRIBE', clientId: 'c3' },
    { topic: 'sport/tennis', action: 'PUBLISH', publishes: 20, publishBytes: 2000 },
  ]);
  t.is(a.accepted, '4');
  await reportAs(s2, [{ topic: 'sport/tennis', action: 'SUBSCRIBE', clientId: 'c9' }]);
  // Keep publishing so the topic has a few intervals of history.
  const pub = setInterval(() => void reportAs(s1, [{ topic: 'sport/tennis', action: 'PUBLISH', publishes: 20, publishBytes: 2000 }]).catch(() => undefined), 250);
  t.teardown(() => clearInterval(pub));

  const shard = await waitFor('the gateway to know the filters', async () => {
    const r = await http(gw, '/get_shard_id?topic=sport/tennis');
    return r.status === 200 && r.json.filters_known === 3 ? r : undefined;
  }, 15_000);
  const ms = await microshards(cluster);
  const own = microshardOf(ms, 'sport/tennis');
  t.is(shard.json.topic, 'sport/tennis');
  t.is(shard.json.shard.microshard_id, own.id);
  t.is(shard.json.shard.node, own.owner);
  const nodes = await new Promise<any>((res, rej) => cluster.admin().ListNodes({}, { deadline: deadline(3000) }, (e, r) => (e ? rej(e) : res(r)))); // eslint-disable-line @typescript-eslint/no-explicit-any
  const ownerNode = nodes.nodes.find((n: any) => n.node.id === own.owner); // eslint-disable-line @typescript-eslint/no-explicit-any
  t.is(shard.json.shard.datastore_address, ownerNode.node.datastoreAddress);
  // Wildcard shards: the home of sport/+ (group key sport/#) and of # (its own key).
  const expected = new Map<string, string[]>();
  for (const [f, home] of [['sport/+', 'sport/#'], ['#', '#']] as const) {
    const m = microshardOf(ms, home);
    expected.set(m.id, [...(expected.get(m.id) ?? []), f].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
  }
  const got = new Map<string, string[]>(shard.json.wildcard_shards.map((w: { shard: { microshard_id: string }; filters: string[] }) => [w.shard.microshard_id, w.filters]));
  t.deepEqual(got, expected);
  t.is(shard.json.shards_asked, new Set([own.id, ...expected.keys()]).size);

  // A topic nothing wildcard matches except '#': a $SYS topic matches none at all.
  const sys = await http(gw, '/get_shard_id?topic=%24SYS/load');
  t.is(sys.status, 200);
  t.deepEqual(sys.json.wildcard_shards, []);
  t.is(sys.json.shards_asked, 1);

  const pred = await waitFor('a topic forecast', async () => {
    const r = await http(gw, '/predict_load?topic=sport/tennis');
    return r.status === 200 ? r : undefined;
  }, 20_000);
  const p = pred.json;
  t.is(p.topic.topic, 'sport/tennis');
  t.is(p.topic.subscriptions, '2'); // one on each sidecar
  t.deepEqual(p.topic.quantiles, [0.1, 0.5, 0.9]);
  t.is(p.topic.values.length, 3);
  t.is(p.topic.values[0].values.length, 4);
  t.true(p.topic.predicted_rate_p90 >= p.topic.predicted_rate_p50);
  t.deepEqual(p.topic.reported_by, ['node-1', 'node-2']);
  t.true(Number(p.topic.expires_at_ms) > Number(p.topic.cached_at_ms));
  t.is(p.shard.microshard_id, own.id);
  t.truthy(p.answered_by);

  // Through a follower: forwarded to the leader, same answer.
  const status = await cluster.status();
  const follower = [...cluster.gatewayAddresses.entries()].find(([id]) => id !== status.leaderId)![1];
  // (A follower that has not observed the leader yet answers 503 with Retry-After: retry.)
  const viaFollower = await waitFor('the follower to forward', async () => {
    const r = await http(follower, '/get_shard_id?topic=sport/tennis');
    if (r.status === 503) t.is(r.headers.get('retry-after'), '1');
    return r.status === 200 ? r : undefined;
  }, 10_000);
  t.is(viaFollower.json.answered_by, status.leaderId);
  t.is(viaFollower.json.shard.microshard_id, own.id);

  // The shard map and the prediction cache list what the leader knows.
  const map = await http(gw, '/shard_map?prefix=sport');
  t.is(map.status, 200);
  t.deepEqual(map.json.entries.map((e: { topic: string }) => e.topic), ['sport/+', 'sport/tennis']);
  const cache = await http(gw, '/prediction_cache?limit=1');
  t.is(cache.json.entries.length, 1);
  const all = await http(gw, '/prediction_cache');
  t.true(all.json.total >= 3);
  // The busiest first ('#' carries what sport/tennis carries: it delivers those publishes).
  t.true(all.json.entries.every((e: { predicted_rate_p90: number }) => e.predicted_rate_p90 <= cache.json.entries[0].predicted_rate_p90));
  t.true(['sport/tennis', 'sport/+', '#'].includes(cache.json.entries[0].topic));
});

test.serial('predict_load: 404 for a topic nobody reported, 503 for one without a forecast yet', async (t) => {
  const unknown = await http(gw, '/predict_load?topic=never/reported');
  t.is(unknown.status, 404);
  t.is(unknown.json.error.code, 'NOT_FOUND');
  t.regex(unknown.json.error.message, /not known: no sidecar has reported/);
  await reportAs(cluster.sidecars.get('node-quiet')!.address, [{ topic: 'quiet/topic', action: 'SUBSCRIBE', clientId: 'q' }]);
  const r = await waitFor('the quiet topic in the cache', async () => {
    const x = await http(gw, '/predict_load?topic=quiet/topic');
    return x.status !== 404 ? x : undefined;
  }, 10_000);
  t.is(r.status, 503);
  t.is(r.json.error.code, 'UNAVAILABLE');
  t.regex(r.json.error.message, /no forecast yet for topic "quiet\/topic"/);
});

test.serial('update_metrics: good input is attributed to the instance and sized; bad input gets a clear 4xx', async (t) => {
  const ms = await microshards(cluster);
  const m = ms.find((x) => x.owner)!;
  const ok = await postJson(gw, '/update_metrics', { shard_id: m.id, metrics: { cpu_utilisation: 0.5, cpu_cores: 4, memory_used_bytes: 1_000_000_000, memory_total_bytes: 4_000_000_000, iops: 300 } });
  t.is(ok.status, 200, JSON.stringify(ok.json));
  t.is(ok.json.node, m.owner);
  t.true(Number(ok.json.expires_at_ms) > Number(ok.json.accepted_at_ms));
  t.is(ok.json.recommendation.node, m.owner);
  // Measured 1e9 bytes used: memory recommendation is at least that over the target utilisation.
  t.true(ok.json.recommendation.memory_mb >= 1_000_000_000 / 1024 / 1024 / 0.75);
  t.is(ok.json.recommendation.memory_from, 'measured');
  t.true(ok.json.recommendation.iops >= 300);
  const byNode = await postJson(gw, '/update_metrics', { node_id: m.owner, metrics: { iops: 10 } });
  t.is(byNode.status, 200);

  const cases: Array<[string, unknown, number, RegExp, Record<string, string>?]> = [
    ['not JSON', '{"shard_id":', 400, /not valid JSON/],
    ['unknown field', { shard_id: m.id, metrics: { cpu: 1 } }, 400, /metrics: Unrecognized key: "cpu"|metrics.*cpu/],
    ['cpu above 1', { shard_id: m.id, metrics: { cpu_utilisation: 2 } }, 400, /metrics\.cpu_utilisation/],
    ['no target', { metrics: { iops: 1 } }, 400, /shard_id .* or node_id is required/],
    ['both targets', { shard_id: m.id, node_id: 'x', metrics: { iops: 1 } }, 400, /not both/],
    ['bad shard id', { shard_id: 'abc', metrics: { iops: 1 } }, 400, /shard_id: must be a decimal microshard id/],
    ['no metric', { shard_id: m.id, metrics: {} }, 400, /at least one of/],
    ['used > total', { shard_id: m.id, metrics: { memory_used_bytes: 10, memory_total_bytes: 5 } }, 400, /exceeds memory_total_bytes/],
    ['unknown shard', { shard_id: '999999', metrics: { iops: 1 } }, 404, /shard 999999 does not exist/],
    ['unknown node', { node_id: 'ghost', metrics: { iops: 1 } }, 404, /instance ghost is not known/],
  ];
  for (const [what, body, status, re] of cases) {
    const r = await postJson(gw, '/update_metrics', body);
    t.is(r.status, status, what);
    t.regex(r.json.error.message, re, what);
  }
  const wrongType = await http(gw, '/update_metrics', { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  t.is(wrongType.status, 415);
  const big = await postJson(gw, '/update_metrics', JSON.stringify({ shard_id: m.id, metrics: { iops: 1 }, pad: 'x'.repeat(70_000) }));
  t.is(big.status, 413);
  t.regex(big.json.error.message, /limit is 65536/);
});

test.serial('wrong method, unknown path, bad topic: 405, 404, 400 with a message', async (t) => {
  const m1 = await http(gw, '/get_shard_id?topic=a', { method: 'POST' });
  t.is(m1.status, 405);
  t.is(m1.headers.get('allow'), 'GET, HEAD');
  const m2 = await http(gw, '/update_metrics');
  t.is(m2.status, 405);
  t.is(m2.headers.get('allow'), 'POST');
  const nf = await http(gw, '/nope');
  t.is(nf.status, 404);
  t.regex(nf.json.error.message, /no such endpoint \/nope/);
  const missing = await http(gw, '/get_shard_id');
  t.is(missing.status, 400);
  t.regex(missing.json.error.message, /query parameter topic is required/);
  const twice = await http(gw, '/get_shard_id?topic=a&topic=b');
  t.is(twice.status, 400);
  const wild = await http(gw, '/get_shard_id?topic=sport/%2B');
  t.is(wild.status, 400);
  t.regex(wild.json.error.message, /contains the wildcard '\+'/);
  const badFilter = await http(gw, '/predict_load?topic=a/%23/b');
  t.is(badFilter.status, 400);
  t.regex(badFilter.json.error.message, /must be the last level/);
  const badLimit = await http(gw, '/shard_map?limit=-1');
  t.is(badLimit.status, 400);
  // Malformed percent-encoding is refused, not read as the literal text "%ZZ" (issue 12).
  for (const [query, shown] of [['topic=%ZZ', '%ZZ'], ['topic=a%2', 'a%2'], ['topic=%FF', '%FF'], ['prefix=x&topic=s%', 's%']]) {
    const bad = await http(gw, `/get_shard_id?${query}`);
    t.is(bad.status, 400, query);
    t.is(bad.json.error.code, 'INVALID_ARGUMENT', query);
    t.true(bad.json.error.message.includes(`query parameter topic has malformed percent-encoding: "${shown}"`), bad.json.error.message);
  }
  const badName = await http(gw, '/get_shard_id?%ZZ=1');
  t.is(badName.status, 400);
  t.regex(badName.json.error.message, /query parameter name has malformed percent-encoding/);
});

test.serial('ctl topic, shard-map, predictions, capacity, update-metrics read and write the same data', async (t) => {
  const co = ['--coordinators', cluster.coordinatorAddresses().join(','), ...cluster.ctlArgs()];
  const topic = await cli(['ctl', 'topic', 'sport/tennis', ...co]);
  t.is(topic.code, 0, topic.stderr);
  t.regex(topic.stdout, /^sport\/tennis \(position [0-9a-f]{16}\): microshard \d+ on node-\d/);
  t.regex(topic.stdout, /a publish asks \d shard\(s\)/);
  t.regex(topic.stdout, /\+ microshard \d+ on node-\d .* for /);
  const map = await cli(['ctl', 'shard-map', '--prefix', 'sport', '--json', ...co]);
  t.deepEqual(JSON.parse(map.stdout).entries.map((e: { topic: string }) => e.topic), ['sport/+', 'sport/tennis']);
  const preds = await cli(['ctl', 'predictions', '--limit', '2', ...co]);
  t.regex(preds.stdout, /2 of \d+ \(ttl/);
  const cap = await cli(['ctl', 'capacity', '--json', ...co]);
  const c = JSON.parse(cap.stdout);
  t.is(c.provisioner, 'none');
  t.is(c.liveNodes, 3);
  t.deepEqual(c.sizes.map((x: { node: string }) => x.node).sort(), ['node-1', 'node-2', 'node-quiet']);
  const upd = await cli(['ctl', 'update-metrics', '--node', 'node-2', '--cpu-utilisation', '0.4', '--cpu-cores', '2', ...co]);
  t.is(upd.code, 0, upd.stderr);
  t.regex(upd.stdout, /accepted for node-2; recommended size now [\d.]+ CPU/);
  const bad = await cli(['ctl', 'update-metrics', '--cpu-utilisation', '3', '--node', 'node-2', ...co]);
  t.not(bad.code, 0);
  t.regex(bad.stderr, /--cpu-utilisation must be a number in 0\.\.1/);
  const neither = await cli(['ctl', 'update-metrics', '--iops', '3', ...co]);
  t.not(neither.code, 0);
  t.regex(neither.stderr, /give --shard ID or --node ID/);
});

test.serial('over the whole run no stream to etcd dropped and no sidecar lost its session (no faults were injected)', async (t) => {
  // A regression check: etcd3 once reset its channels on a stream error and keepalive pings then
  // killed the streams left on the closed ones, every 10 s: sidecar sessions, lease keepalives
  // and watches all dropped. This file runs its cluster for well over 10 s without faults.
  await new Promise((r) => setTimeout(r, Math.max(0, clusterStartedAt + 12_000 - Date.now())));
  const dropped = [...cluster.coordinators.values(), ...cluster.sidecars.values()].flatMap((p) => p.tail().filter((l) => /Connection dropped|keepalive stream failed|election lease keepalive failed|coordinator session lost/.test(l)));
  t.deepEqual(dropped, []);
});

test('the admin bearer token applies to the gateway; Admin RPCs answer the same data', async (t) => {
  const etcd = await startEtcd();
  t.teardown(() => etcd.stop());
  const config = loadConfig(CoordinatorConfigSchema, {
    flags: { id: 'c1', listen: '127.0.0.1:0', etcd: { endpoints: [etcd.endpoint] }, electionTtlS: 2, nodeLeaseTtlMs: 4000, security: { mode: 'insecure', adminToken: 's3cret' }, gatewayListen: '127.0.0.1:0', microshards: 8 },
  });
  const coord = await startCoordinator(config, silentLogger);
  t.teardown(() => coord.stop());
  const addr = coord.gatewayAddress;
  t.truthy(addr);
  const none = await http(addr!, '/get_shard_id?topic=a/b');
  t.is(none.status, 401);
  t.is(none.headers.get('www-authenticate'), 'Bearer');
  const wrong = await http(addr!, '/get_shard_id?topic=a/b', { headers: { authorization: 'Bearer nope' } });
  t.is(wrong.status, 401);
  const ok = await waitFor('the leader to answer', async () => {
    const r = await http(addr!, '/get_shard_id?topic=a/b', { headers: { authorization: 'Bearer s3cret' } });
    return r.status === 200 ? r : undefined;
  }, 10_000);
  // The same through the Admin API.
  const admin = new v1.Admin(coord.address, grpc.credentials.createInsecure());
  t.teardown(() => admin.close());
  const viaGrpc = await new Promise<any>((res, rej) => admin.GetShardForTopic({ topic: 'a/b' }, adminMetadata('s3cret'), { deadline: deadline(3000) }, (e, r) => (e ? rej(e) : res(r)))); // eslint-disable-line @typescript-eslint/no-explicit-any
  t.is(viaGrpc.shard.microshardId, ok.json.shard.microshard_id);
  t.is(viaGrpc.keyHash, ok.json.key_hash);
  const unauth = await new Promise<grpc.ServiceError>((res) => admin.GetCapacity({}, { deadline: deadline(3000) }, (e) => res(e!)));
  t.is(unauth.code, grpc.status.UNAUTHENTICATED);
});
