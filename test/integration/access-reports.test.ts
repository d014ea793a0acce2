// Storage node -> sidecar -> leader: the reference storage node reports every access to its
// sidecar (ReportAccess), so the leader's load for a microshard reflects real client traffic.
import test from 'ava';
import { LocalCluster } from '../../devcluster/cluster.js';
import { ShardcastClient } from '../../client/index.js';
import { deadline } from '../../platform/server.js';
import { waitAllServing, waitFor, unaryCall } from './helpers.js';
import type { PredictLoadResponse__Output } from '../../generated/proto/shardcast/v1/PredictLoadResponse.js';

test('writes and reads through the client show up as that microshard\'s load on the leader', async (t) => {
  const cluster = await LocalCluster.start({ coordinators: 1, nodes: 2, microshards: 8, electionTtlS: 2, nodeLeaseTtlMs: 4000, heartbeatIntervalMs: 500, sidecarArgs: ['--interval-ms', '500'] });
  t.teardown(() => cluster.stop());
  await waitAllServing(cluster);
  const client = new ShardcastClient({ sidecars: [cluster.sidecars.get('node-1')!.address], security: cluster.security({ role: 'client' }) });
  t.teardown(() => client.close());
  await client.start();
  const key = 'hot-key';
  const route = client.route(key)!;
  for (let i = 0; i < 40; i++) await client.put(key, `v${i}`);
  for (let i = 0; i < 60; i++) await client.get(key);
  const load = await waitFor('the leader to hold this microshard\'s reported load', async () => {
    const r = await unaryCall<PredictLoadResponse__Output>((cb) => cluster.admin().PredictLoad({ microshardId: route.microshard.id, history: 60 }, { deadline: deadline(3000) }, cb));
    const writes = r.history.reduce((a, p) => a + Number(p.writes), 0);
    const reads = r.history.reduce((a, p) => a + Number(p.reads), 0);
    return writes >= 40 && reads >= 60 ? { writes, reads, by: r.reportedBy } : undefined;
  }, 20_000, 250);
  t.is(load.by, route.microshard.owner);
  t.log(`leader holds ${load.writes} writes and ${load.reads} reads for microshard ${route.microshard.id}`);
});
