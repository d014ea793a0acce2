// A node started by the local provisioner lives as long as the coordinator that started it. Kill -9
// that leader: the node ends with it, the other coordinator takes over, the node's microshards
// are re-owned (orphan policy reassign), and the new leader forgets the node's managed record with
// an event instead of counting a node that no longer exists.
import test from 'ava';
import { LocalCluster } from '../../devcluster/cluster.js';
import { PubSubWorkload } from '../../devcluster/pubsub-workload.js';
import { keyPosition } from '../../core/keyspace.js';
import { findRangeIndex } from '../../core/ranges.js';
import { fromWire } from '../../core/microshard.js';
import { waitFor, waitAllServing, microshards } from '../integration/helpers.js';
import { SIDECAR, capacity, events, nodes } from './helpers.js';

test('after a failover, a local-provisioned node that ended with the old leader is forgotten with an event; its microshards are re-owned', async (t) => {
  const cluster = await LocalCluster.start({
    // The local provisioner starts nodes itself and cannot issue them certificates yet: plaintext.
    transport: 'insecure',
    coordinators: 2,
    nodes: 2,
    microshards: 16,
    orphanPolicy: 'reassign',
    electionTtlS: 2,
    nodeLeaseTtlMs: 4_000,
    sidecarArgs: SIDECAR,
    coordinatorConfig: {
      topicPollMs: 500,
      scaleIntervalMs: 500,
      provisioner: 'local',
      provisionerLocal: { sidecarArgs: ['--interval-ms', '500', '--forecast-season', '4', '--forecast-horizon', '8'] },
      costModel: { types: { default: { capacityOpsPerS: 100, provisionLeadMs: 3000, provisioningCost: 0.0001, costPerHour: 0.1 } }, overloadCostPerNodeHour: 50 },
      capacity: { safetyMarginMs: 1000, retireAfterMs: 60_000, scaleDownCooldownMs: 60_000, scaleUpCooldownMs: 5000 },
      provisionTimeoutMs: 30000,
      drainTimeoutMs: 30000,
      managedGoneAfterMs: 3000,
    },
  });
  t.teardown(() => cluster.stop());
  const ms = (await waitAllServing(cluster)).map((w) => fromWire(w)).sort((a, b) => (a.start < b.start ? -1 : 1));
  // Five topics in different microshards of node-1: 160 ops/s against its capacity of 100.
  const chosen: string[] = [];
  const used = new Set<string>();
  for (let i = 0; chosen.length < 5 && i < 10_000; i++) {
    const topic = `load/k${i}`;
    const m = ms[findRangeIndex(ms, keyPosition(topic))]!;
    if (m.owner === 'node-1' && !used.has(m.id)) {
      used.add(m.id);
      chosen.push(topic);
    }
  }
  let loadOn = true;
  const workload = new PubSubWorkload({
    sidecars: [...cluster.sidecars.values()].map((s) => s.address),
    topics: chosen.map((topic, i) => ({ topic, subscribers: 1, rate: () => (loadOn ? (i === 0 ? 40 : 30) : 0) })),
    tickMs: 100,
  });
  await workload.start();
  t.teardown(() => workload.stop());

  const auto = await waitFor('a provisioned node', async () => (await nodes(cluster)).nodes.find((n) => n.node!.id.startsWith('auto-')), 40_000);
  const autoId = auto.node!.id;
  const leaderId = (await cluster.waitLeader()).leaderId;
  // Recorded as managed once it serves (the record is written with its node_provisioned event).
  await waitFor('the new node counted as managed', async () => (await capacity(cluster)).managedNodes.includes(autoId), 30_000, 250);
  // Quiet from now on, so the new leader has no reason to provision again.
  loadOn = false;
  await waitFor('microshards on the new node', async () => (await microshards(cluster)).some((m) => m.owner === autoId), 30_000).catch(() => undefined);

  const killedAt = Date.now();
  const old = cluster.coordinators.get(leaderId)!;
  old.child.kill('SIGKILL');
  await old.exited;
  const next = await cluster.waitLeader(20_000);
  t.not(next.leaderId, leaderId);
  // The node ended with the coordinator that started it: its session lease runs out.
  await waitFor('the provisioned node gone from the live nodes', async () => !(await nodes(cluster)).nodes.some((n) => n.node!.id === autoId && n.node!.live), 30_000, 250);
  const gone = await waitFor('a managed_node_gone event', async () => (await events(cluster)).find((e) => e.kind === 'managed_node_gone' && e.nodeIds.includes(autoId)), 30_000, 250);
  t.log(`[measure] ${autoId} forgotten ${((Date.now() - killedAt) / 1000).toFixed(1)} s after kill -9 of ${leaderId}: ${gone.reason}`);
  t.is(gone.actor.includes(next.leaderId), true, gone.actor);
  t.false((await capacity(cluster)).managedNodes.includes(autoId));
  // Nothing is left on the dead node: every microshard owned by a live node and ACTIVE.
  const live = new Set((await nodes(cluster)).nodes.filter((n) => n.node!.live).map((n) => n.node!.id));
  const after = await waitAllServing(cluster, 30_000);
  t.true(after.every((m) => live.has(m.owner)), JSON.stringify(after.map((m) => m.owner)));
});
