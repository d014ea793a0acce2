// Composite keys and proximity end to end on a real local cluster (etcd, a coordinator, three
// storage nodes with sidecars in three regions, intervals of one second), through the real data
// path: a client in region "ap" works on one tenant whose keys are `tenant/<time>` under the
// prefix-ordered schema; its storage node reports every access with the client's region; the
// sidecar aggregates per microshard per region; the planner splits the hot tenant by time (inside
// its own range) and moves its microshards to the node in "ap". A
// prefix scan reads the tenant in time order, before and after. The schema is the cluster's: a
// coordinator started with another one is refused.
import test from 'ava';
import { LocalCluster } from '../../devcluster/cluster.js';
import { ShardcastClient } from '../../client/index.js';
import { prefixRange, keyPosition } from '../../core/keyspace.js';
import { waitAllServing, waitFor } from '../integration/helpers.js';
import type { Microshard__Output } from '../../generated/proto/shardcast/v1/Microshard.js';
import { explain, microshardList, migrations } from '../planner-live/helpers.js';
import { spawnShardcast } from '../../platform/process.js';

const INTERVAL_MS = 1000;
const CAPACITY = 400;
const REGIONS = ['eu', 'us', 'ap'];
const CLIENT_REGION = 'ap';

let cluster: LocalCluster;
let client: ShardcastClient;
let stopped = false;

test.before(async () => {
  cluster = await LocalCluster.start({
    coordinators: 1,
    nodes: 3,
    microshards: 6,
    keySchema: 'prefix-ordered',
    nodeRegions: REGIONS,
    heartbeatIntervalMs: 500,
    logToFiles: true,
    baseDir: process.env.KEYSPACE_LIVE_DIR,
    plannerIntervalMs: INTERVAL_MS,
    sidecarArgs: ['--interval-ms', String(INTERVAL_MS), '--capacity', String(CAPACITY), '--forecast-season', '4', '--forecast-horizon', '8', '--size-refresh-ms', '1000', '--history-save-ms', '1000'],
    coordinatorConfig: {
      plannerAuctionDeadlineMs: 800,
      // Proximity is the policy under test here (dynamic selection is covered by the simulator).
      plannerPolicy: 'proximity',
      // A microshard predicted above 20% of a node (80 ops/s) splits; the tenant carries ~110.
      planner: { horizon: 8, splitThreshold: 0.2, minAgeAfterSplit: 4, cooldown: 4 },
    },
  });
  await waitAllServing(cluster);
  client = new ShardcastClient({ sidecars: [cluster.sidecars.get('node-1')!.address], security: cluster.security({ role: 'client' }), region: CLIENT_REGION });
  await client.start();
});

test.after.always(async () => {
  stopped = true;
  client?.close();
  await cluster?.stop();
});

/** A 4-character time code (base 36): the ordered part of a prefix-ordered key. */
const code = (n: number) => n.toString(36).padStart(4, '0');

test.serial('the route table carries the cluster\'s key schema, and the client positions keys with it', (t) => {
  t.is(client.table.keySchema, 'prefix-ordered');
  const pos = keyPosition('acme/0001', 'prefix-ordered');
  const r = client.route('acme/0001')!;
  t.true(r.microshard.start <= pos && pos < r.microshard.end);
  t.not(pos, keyPosition('acme/0001'), 'not the hash position');
});

test.serial('a hot tenant in region ap, split by time, has its microshards moved to the ap node; a prefix scan reads it in time order', async (t) => {
  t.timeout(330_000);
  // A tenant whose range lies inside one microshard of a node outside ap, so the move is the planner's doing.
  const apNode = client.table.allNodes().find((n) => n.region === CLIENT_REGION)!.id;
  let tenant = '';
  for (let i = 0; i < 200 && !tenant; i++) {
    const range = prefixRange(`t${i}`, 'prefix-ordered');
    const first = client.table.lookup(range.start)!;
    const last = client.table.lookup(range.end - 1n)!;
    if (first.id === last.id && first.owner !== apNode) tenant = `t${i}`;
  }
  t.truthy(tenant, 'a tenant held whole by a non-ap node');
  const range = prefixRange(tenant, 'prefix-ordered');
  const startOwner = client.table.lookup(range.start)!.owner;
  // Old data: 600 keys at time codes 0..599, written at the pump's pace (a burst would teach the
  // forecaster a peak that is not there); new writes continue the clock from 600 on.
  for (let i = 0; i < 600; i += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, j) => client.put(`${tenant}/${code(i + j)}`, 'x'.repeat(64))));
    await new Promise((r) => setTimeout(r, 100));
  }
  const old = await client.scanPrefix(tenant, { limit: 5000 });
  t.is(old.entries.length, 600, 'the prefix scan finds every key of the tenant');
  t.deepEqual(old.entries.map((e) => e.key.toString()), Array.from({ length: 600 }, (_, i) => `${tenant}/${code(i)}`), 'in time order');
  const window = await client.scanPrefix(tenant, { from: code(100), to: code(110) });
  t.deepEqual(window.entries.map((e) => e.key.toString()), Array.from({ length: 10 }, (_, i) => `${tenant}/${code(100 + i)}`), 'a time range reads just that range');
  let now = 600;
  // ~60 reads/s over old data and ~50 writes/s of new data, all from region ap.
  const pump = (async () => {
    while (!stopped) {
      const started = Date.now();
      const ops: Promise<unknown>[] = [];
      for (let j = 0; j < 6; j++) ops.push(client.get(`${tenant}/${code(Math.floor(Math.random() * 600))}`).catch(() => undefined));
      for (let j = 0; j < 5; j++) ops.push(client.put(`${tenant}/${code(now++)}`, 'y'.repeat(64)).catch(() => undefined));
      await Promise.all(ops);
      await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - started))));
    }
  })();
  t.teardown(() => void pump);
  // The planner splits the hot tenant by time: inside its own range, at a point of the access
  // histogram (the sidecar zooms its buckets onto where the accesses fall).
  const pieces = async () => (await microshardList(cluster.admin())).filter((m) => BigInt('0x' + m.start) < range.end && BigInt('0x' + m.end) > range.start);
  const diagnose = async (what: string) => {
    for (const m of await pieces()) {
      const e = await explain(cluster.admin(), m.id).catch((err: Error) => ({ records: [], error: err.message }));
      t.log(`${what}: ${m.id} [${m.start}, ${m.end}) on ${m.owner}: ${JSON.stringify(e).slice(0, 1500)}`);
    }
  };
  const split = await waitFor('the planner to split the tenant inside its own range', async () => {
    const p = await pieces();
    const inner = p.map((m) => BigInt('0x' + m.start)).filter((x) => x > range.start && x < range.end);
    return inner.length > 0 ? { p, inner } : undefined;
  }, 120_000, 500).catch(async (err) => {
    await diagnose('no split');
    throw err;
  });
  t.log(`split: ${split.p.map((m) => `${m.id} [${m.start}, ${m.end}) on ${m.owner}`).join('; ')}`);
  // The split point orders by time: old keys below it, the newest above.
  for (const at of split.inner) {
    t.true(keyPosition(`${tenant}/${code(0)}`, 'prefix-ordered') < at && at <= keyPosition(`${tenant}/${code(now)}`, 'prefix-ordered'), 'between the oldest and the newest data');
  }
  const recentOf = (p: Microshard__Output[]) => {
    const pos = keyPosition(`${tenant}/${code(now)}`, 'prefix-ordered');
    return p.find((m) => BigInt('0x' + m.start) <= pos && pos < BigInt('0x' + m.end));
  };
  const moved = await waitFor('the tenant\'s recent microshard owned by the ap node', async () => {
    const recent = recentOf(await pieces());
    return recent && recent.owner === apNode ? recent : undefined;
  }, 150_000, 1000).catch(async (err) => {
    await diagnose('not moved');
    throw err;
  });
  t.log(`recent data ${moved.id} [${moved.start}, ${moved.end}) moved from ${startOwner} to ${moved.owner} (region ${CLIENT_REGION})`);
  const planned = (await migrations(cluster.admin())).filter((m) => m.requestedBy.startsWith('planner:') && m.target === apNode);
  t.true(planned.length >= 1, 'a planner migration to the ap node');
  // The data is still all there, old and new, in time order.
  const after = await client.scanPrefix(tenant, { limit: 10_000 });
  const keys = after.entries.map((e) => e.key.toString());
  t.true(keys.length >= 600);
  t.deepEqual(keys, [...keys].sort(), 'time order across the split');
});

test.serial('a coordinator configured with another key schema is refused with a clear error', async (t) => {
  const p = spawnShardcast('coord-wrong-schema', ['coordinator', '--id', 'coord-wrong', '--listen', '127.0.0.1:0', '--etcd', cluster.etcd.endpoint, '--insecure', '--key-schema', 'hash'], {});
  const err = await p.then(
    async (proc) => {
      await proc.kill();
      return undefined;
    },
    (e: Error) => e,
  );
  t.truthy(err, 'the coordinator did not start');
  t.regex(String(err?.message ?? ''), /key schema mismatch: this cluster was created with key schema "prefix-ordered"/);
});
