// The local provisioner on a mutual-TLS cluster (issue 12): the nodes it starts get their own
// certificates from the cluster's CA (storage node N, sidecar of N), so they join like any other
// node under the same access rules: the sidecar's session is bound to its certificate, its
// storage node takes route tables from it alone, and a microshard migrated to the new node is
// served there. Without a CA to issue from, the provisioner refuses to start and says why.
import test from 'ava';
import { join } from 'node:path';
import { LocalCluster } from '../../devcluster/cluster.js';
import { LocalProvisioner } from '../../coordinator/capacity/provisioners/index.js';
import { ShardcastClient } from '../../client/index.js';
import { keyPosition, parsePosition } from '../../core/keyspace.js';
import { deadline } from '../../platform/server.js';
import { microshards, unaryCall, waitAllServing, waitFor } from '../integration/helpers.js';

test('a node the local provisioner starts on a mutual-TLS cluster joins with its own certificates and serves', async (t) => {
  t.timeout(120_000);
  t.throws(() => new LocalProvisioner({ transport: 'mtls', sidecarArgs: [], datastoreArgs: [] }), { message: /provisionerLocal\.caDir: the coordinator runs mutual TLS/ });

  const cluster = await LocalCluster.start({ coordinators: 1, nodes: 1, microshards: 4 });
  t.teardown(() => cluster.stop());
  await cluster.waitLeader();
  await waitAllServing(cluster);
  const provisioner = new LocalProvisioner({ transport: 'mtls', caDir: join(cluster.baseDir, 'certs'), sidecarArgs: [], datastoreArgs: [] });
  t.teardown(() => provisioner.close());
  const started = await provisioner.provision({ nodeId: 'auto-1', cluster: 'default', type: 'default', cpu: 1, memoryMb: 512, capacityOpsPerS: 100, coordinators: cluster.coordinatorAddresses(), reason: 'test', deadlineMs: 30_000 });
  t.log(started.detail);

  await waitFor('auto-1 live', async () => {
    const r = await unaryCall<{ nodes: Array<{ node: { id: string; live: boolean } }> }>((cb) => cluster.admin().ListNodes({}, { deadline: deadline(3000) }, cb as never));
    return r.nodes.some((n) => n.node.id === 'auto-1' && n.node.live) || undefined;
  }, 20_000);

  // A microshard moves to the new node: copy and cutover between the sidecars, route tables to
  // its storage node (accepted from its own sidecar only), and it serves writes.
  const m = (await microshards(cluster))[0]!;
  await unaryCall((cb) => cluster.admin().Migrate({ microshardId: m.id, toNode: 'auto-1', requestedBy: 'test' } as never, { deadline: deadline(5000) }, cb as never));
  await waitFor('the microshard on auto-1', async () => (await microshards(cluster)).some((x) => x.id === m.id && x.owner === 'auto-1' && x.state === 'ACTIVE') || undefined, 30_000);
  const client = new ShardcastClient({ sidecars: [cluster.sidecars.get('node-1')!.address], security: cluster.security({ role: 'client' }) });
  t.teardown(() => client.close());
  await client.start();
  const key = Array.from({ length: 10_000 }, (_, i) => `prov-${i}`).find((k) => parsePosition(m.start) <= keyPosition(k) && keyPosition(k) < parsePosition(m.end, true))!;
  const w = await waitFor('a write served by auto-1', async () => {
    const r = await client.put(key, 'on the provisioned node').catch(() => undefined);
    return r?.node === 'auto-1' ? r : undefined;
  }, 15_000);
  t.is(w.node, 'auto-1');
  t.is((await client.get(key)).value.toString(), 'on the provisioned node');
  await provisioner.retire({ nodeId: 'auto-1', cluster: 'default', reason: 'test', deadlineMs: 10_000 });
});
