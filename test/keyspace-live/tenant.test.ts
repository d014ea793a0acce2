// Composite keys and proximity end to end on a real local cluster (etcd, a coordinator, three
// storage nodes with sidecars in three regions, intervals of one second), through the real data
// path: a client in region "ap" works on one tenant whose keys are `tenant/<time>` under the
// prefix-ordered schema; its storage node reports every access with the client's region; the
// sidecar aggregates per microshard per region; the planner splits the hot tenant by time
// (inside its own range) and moves its microshards to the node in "ap". The schema is the
// cluster's: a coordinator started with another one is refused.
import test from 'ava';
import { LocalCluster } from '../../devcluster/cluster.js';
import { ShardcastClient } from '../../client/index.js';
import { prefixRange, keyPosition } from '../../core/keyspace.js';
import { waitAllServing, waitFor } from '../integration/helpers.js';
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
      planner: { horizon: 8, splitThreshold: 0.4, minAgeAfterSplit: 4, cooldown: 4 },
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

test.serial('a hot tenant in region ap is split by time inside its range and its microshards move to the ap node', async (t) => {
  t.timeout(330_000);
  // A tenant whose range starts on a node outside ap, so the move is the planner's doing.
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
  // Old data: 600 keys at time codes 0..599; new writes continue the clock from 600 on.
  for (let i = 0; i < 600; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => client.put(`${tenant}/${code(i + j)}`, 'x'.repeat(64))));
  let now = 600;
  // ~120 reads/s spread over old data and ~100 writes/s of new data (above the split line
  // 0.4 x 400; each half after a split is well below the proximity headroom of 0.7).
  const pump = (async () => {
    while (!stopped) {
      const started = Date.now();
      const ops: Promise<unknown>[] = [];
      for (let j = 0; j < 12; j++) ops.push(client.get(`${tenant}/${code(Math.floor(Math.random() * 600))}`).catch(() => undefined));
      for (let j = 0; j < 10; j++) ops.push(client.put(`${tenant}/${code(now++)}`, 'y'.repeat(64)).catch(() => undefined));
      await Promise.all(ops);
      await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - started))));
    }
  })();
  t.teardown(() => void pump);
  const pieces = async () => (await microshardList(cluster.admin())).filter((m) => BigInt('0x' + m.start) < range.end && BigInt('0x' + m.end) > range.start);
  const diagnose = async (what: string) => {
    for (const m of await pieces()) {
      const e = await explain(cluster.admin(), m.id).catch((err: Error) => ({ records: [], error: err.message }));
      t.log(`${what}: ${m.id} [${m.start}, ${m.end}) on ${m.owner}: ${JSON.stringify(e).slice(0, 1500)}`);
    }
  };
  const split = await waitFor('the tenant split inside its own range', async () => {
    const p = await pieces();
    return p.length >= 2 && p.some((m) => BigInt('0x' + m.start) > range.start && BigInt('0x' + m.start) < range.end) ? p : undefined;
  }, 120_000, 500).catch(async (err) => {
    await diagnose('no split');
    throw err;
  });
  t.log(`split: ${split.map((m) => `${m.id} [${m.start}, ${m.end}) on ${m.owner}`).join('; ')}`);
  // The split point lies between two time codes: old data on one side, recent on the other.
  const inner = split.map((m) => BigInt('0x' + m.start)).filter((s) => s > range.start && s < range.end);
  t.true(inner.every((s) => (s & 0xffffffffn) > 0n), 'the split point orders by time inside the tenant');
  const moved = await waitFor('the tenant\'s loaded microshards owned by the ap node', async () => {
    const p = await pieces();
    const recent = p.find((m) => BigInt('0x' + m.start) <= keyPosition(`${tenant}/${code(now)}`, 'prefix-ordered') && keyPosition(`${tenant}/${code(now)}`, 'prefix-ordered') < BigInt('0x' + m.end));
    return recent && recent.owner === apNode ? p : undefined;
  }, 150_000, 1000).catch(async (err) => {
    await diagnose('not moved');
    throw err;
  });
  t.log(`after: ${moved.map((m) => `${m.id} [${m.start}, ${m.end}) on ${m.owner}`).join('; ')} (started on ${startOwner}, ap is ${apNode})`);
  const planned = (await migrations(cluster.admin())).filter((m) => m.requestedBy.startsWith('planner:') && m.target === apNode);
  t.true(planned.length >= 1, 'a planner migration to the ap node');
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
