// A node's session ends: its microshards follow the orphan policy (real etcd, coordinators,
// sidecars and storage nodes as processes on loopback).
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { LocalCluster } from '../../devcluster/cluster.js';
import { ShardcastClient } from '../../client/index.js';
import { keyPosition, positionToHex, parsePosition } from '../../core/keyspace.js';
import { deadline } from '../../platform/server.js';
import { waitFor, microshards, waitAllServing, dataPlane, sidecarClient, unaryCall } from './helpers.js';

const NODE_LEASE_TTL_MS = 4_000;
const base = { coordinators: 1, nodes: 3, microshards: 24, electionTtlS: 2, nodeLeaseTtlMs: NODE_LEASE_TTL_MS, heartbeatIntervalMs: 500 } as const;

/** A key whose microshard is owned by `node`. */
function keyOwnedBy(ms: Array<{ start: string; end: string; owner: string }>, node: string): string {
  for (let i = 0; i < 100_000; i++) {
    const key = `k${i}`;
    const pos = keyPosition(key);
    const m = ms.find((x) => parsePosition(x.start) <= pos && pos < parsePosition(x.end, true));
    if (m?.owner === node) return key;
  }
  throw new Error(`no key found for ${node}`);
}

test.serial('reassign: kill -9 a sidecar -> its microshards get new owners at higher epochs; the old storage node fences itself', async (t) => {
  const cluster = await LocalCluster.start({ ...base, orphanPolicy: 'reassign' });
  t.teardown(() => cluster.stop());
  const before = await waitAllServing(cluster);
  const victim = 'node-2';
  const lost = before.filter((m) => m.owner === victim);
  t.true(lost.length > 0);
  const client = new ShardcastClient({ sidecars: [cluster.sidecars.get('node-1')!.address], security: cluster.security({ role: 'client' }) });
  t.teardown(() => client.close());
  await client.start();
  const key = keyOwnedBy(before, victim);
  const first = await client.put(key, 'before');
  t.is(first.node, victim);

  const killedAt = Date.now();
  cluster.sidecars.get(victim)!.child.kill('SIGKILL');
  const after = await waitFor('lost microshards re-owned', async () => {
    const ms = await microshards(cluster);
    const moved = ms.filter((m) => lost.some((l) => l.id === m.id));
    return moved.every((m) => m.owner !== victim && m.state === 'ACTIVE') ? ms : undefined;
  }, NODE_LEASE_TTL_MS + 10_000, 50);
  const reownMs = Date.now() - killedAt;
  console.log(`[measure] reassign: ${lost.length} microshards re-owned ${reownMs} ms after kill -9 of ${victim}'s sidecar (node lease TTL ${NODE_LEASE_TTL_MS} ms)`);
  t.log(`re-owned after ${reownMs} ms`);
  for (const l of lost) {
    const m = after.find((x) => x.id === l.id)!;
    t.true(BigInt(m.epoch) > BigInt(l.epoch), `microshard ${m.id}: epoch ${l.epoch} -> ${m.epoch}`);
  }
  const untouched = before.filter((m) => m.owner !== victim);
  for (const u of untouched) t.deepEqual(after.find((x) => x.id === u.id)!.epoch, u.epoch);
  t.true(reownMs <= NODE_LEASE_TTL_MS + 5_000, `took ${reownMs} ms`);

  // The old storage node (still running, its sidecar dead) must refuse the old epoch now.
  const old = dataPlane(cluster, cluster.datastores.get(victim)!.address);
  t.teardown(() => old.close());
  const err = await t.throwsAsync(unaryCall((cb) => old.Put({ key: Buffer.from(key), value: Buffer.from('split-brain'), epoch: first.epoch }, { deadline: deadline(2000) }, cb)));
  t.true([grpc.status.UNAVAILABLE, grpc.status.FAILED_PRECONDITION].includes((err as grpc.ServiceError).code), String(err));
  // The client is redirected to the new owner without surfacing an error.
  const second = await client.put(key, 'after');
  t.not(second.node, victim);
  t.true(BigInt(second.epoch) > BigInt(first.epoch));
});

test.serial('await: kill -9 a sidecar -> its microshards stay fenced (routes UNAVAILABLE) and come back with the node at a higher epoch', async (t) => {
  const cluster = await LocalCluster.start({ ...base, orphanPolicy: 'await' });
  t.teardown(() => cluster.stop());
  const before = await waitAllServing(cluster);
  // Every start-up decision is in the event log, with contiguous sequence numbers (none overwritten).
  const log = await new Promise<Array<{ seq: string; kind: string; nodeIds: string[] }>>((resolve, reject) => {
    const got: Array<{ seq: string; kind: string; nodeIds: string[] }> = [];
    const s = cluster.admin().WatchEvents({ last: 100, follow: false }, { deadline: deadline(5000) });
    s.on('data', (e) => got.push(e));
    s.on('end', () => resolve(got));
    s.on('error', reject);
  });
  t.deepEqual(log.map((e) => Number(e.seq)), log.map((_, i) => i + 1), 'event sequence numbers are 1..n');
  for (const n of ['node-1', 'node-2', 'node-3']) t.true(log.some((e) => e.kind === 'node_joined' && e.nodeIds.includes(n)), `node_joined for ${n}`);
  t.true(log.some((e) => e.kind === 'leader_elected') && log.some((e) => e.kind === 'cluster_bootstrapped') && log.some((e) => e.kind === 'microshard_assigned'));
  const victim = 'node-3';
  const lost = before.filter((m) => m.owner === victim);
  const key = keyOwnedBy(before, victim);
  const killedAt = Date.now();
  cluster.sidecars.get(victim)!.child.kill('SIGKILL');
  await waitFor('microshards orphaned', async () => {
    const ms = await microshards(cluster);
    return ms.filter((m) => m.owner === victim).every((m) => m.state === 'ORPHANED');
  }, NODE_LEASE_TTL_MS + 10_000, 50);
  console.log(`[measure] await: ${lost.length} microshards of ${victim} fenced (ORPHANED) ${Date.now() - killedAt} ms after kill -9 of its sidecar`);
  const sc = sidecarClient(cluster, cluster.sidecars.get('node-1')!.address);
  t.teardown(() => sc.close());
  await waitFor('route answers UNAVAILABLE', async () => {
    try {
      await unaryCall((cb) => sc.Route({ key: Buffer.from(key) }, { deadline: deadline(2000) }, cb));
      return false;
    } catch (err) {
      return (err as grpc.ServiceError).code === grpc.status.UNAVAILABLE && /orphaned/.test((err as grpc.ServiceError).details);
    }
  }, 5_000);
  // Nothing moved elsewhere.
  const during = await microshards(cluster);
  for (const l of lost) t.is(during.find((m) => m.id === l.id)!.owner, victim);

  await cluster.startSidecar(victim);
  const back = await waitAllServing(cluster, NODE_LEASE_TTL_MS + 10_000);
  for (const l of lost) {
    const m = back.find((x) => x.id === l.id)!;
    t.is(m.owner, victim);
    t.true(BigInt(m.epoch) > BigInt(l.epoch));
  }
  const client = new ShardcastClient({ sidecars: [cluster.sidecars.get('node-1')!.address], security: cluster.security({ role: 'client' }) });
  t.teardown(() => client.close());
  await client.start();
  const w = await client.put(key, 'back');
  t.is(w.node, victim);
});

test.serial('a stale-epoch write is rejected with the current owner; malformed requests get the right status and nothing crashes', async (t) => {
  const cluster = await LocalCluster.start({ ...base, nodes: 2, microshards: 8, orphanPolicy: 'await' });
  t.teardown(() => cluster.stop());
  const ms = await waitAllServing(cluster);
  const m = ms[0]!;
  // Find a key inside microshard m.
  let key = '';
  for (let i = 0; !key; i++) {
    const p = keyPosition(`s${i}`);
    if (p >= parsePosition(m.start) && p < parsePosition(m.end, true)) key = `s${i}`;
  }
  const owner = dataPlane(cluster, cluster.datastores.get(m.owner)!.address);
  t.teardown(() => owner.close());
  // Wait until the storage node has its assignments (its sidecar pushes them on connect).
  await waitFor('owner accepts a write at the current epoch', async () => {
    await unaryCall((cb) => owner.Put({ key: Buffer.from(key), value: Buffer.from('ok'), epoch: m.epoch }, { deadline: deadline(2000) }, cb));
    return true;
  }, 10_000);
  const stale = (BigInt(m.epoch) - 1n).toString();
  const err = (await t.throwsAsync(unaryCall((cb) => owner.Put({ key: Buffer.from(key), value: Buffer.from('stale'), epoch: stale }, { deadline: deadline(2000) }, cb)))) as grpc.ServiceError;
  t.is(err.code, grpc.status.FAILED_PRECONDITION);
  t.regex(err.details, /epoch/);
  t.is(err.metadata.get('x-shardcast-epoch')[0], m.epoch);
  t.is(err.metadata.get('x-shardcast-owner')[0], m.owner);

  // Malformed requests: each gets INVALID_ARGUMENT naming the problem.
  const sc = sidecarClient(cluster, cluster.sidecars.get('node-1')!.address);
  t.teardown(() => sc.close());
  const bad = async (p: Promise<unknown>, re: RegExp) => {
    const e = (await t.throwsAsync(p)) as grpc.ServiceError;
    t.is(e.code, grpc.status.INVALID_ARGUMENT, e.details);
    t.regex(e.details, re);
  };
  await bad(unaryCall((cb) => sc.Route({}, { deadline: deadline(2000) }, cb)), /key or key_hash/);
  await bad(unaryCall((cb) => sc.Route({ keyHash: 'not-hex' }, { deadline: deadline(2000) }, cb)), /key_hash/);
  await bad(unaryCall((cb) => sc.Route({ key: Buffer.alloc(0) }, { deadline: deadline(2000) }, cb)), /empty/);
  await bad(unaryCall((cb) => cluster.admin().ListMicroshards({ owner: 'bad owner!' }, { deadline: deadline(2000) }, cb)), /owner/);
  const missing = (await t.throwsAsync(unaryCall((cb) => cluster.admin().Reassign({ microshardId: '999999' }, { deadline: deadline(2000) }, cb)))) as grpc.ServiceError;
  t.is(missing.code, grpc.status.NOT_FOUND);
  t.regex(missing.details, /999999 does not exist/);
  const live = (await t.throwsAsync(unaryCall((cb) => cluster.admin().Reassign({ microshardId: m.id }, { deadline: deadline(2000) }, cb)))) as grpc.ServiceError;
  t.is(live.code, grpc.status.FAILED_PRECONDITION);
  t.regex(live.details, /needs a migration/);
  await bad(unaryCall((cb) => owner.Put({ key: Buffer.alloc(0), value: Buffer.from('x'), epoch: m.epoch }, { deadline: deadline(2000) }, cb)), /key/);

  // A streaming call with a bad filter ends at once with its status (not at its deadline).
  const watchErr = await new Promise<grpc.ServiceError>((resolve) => {
    const s = cluster.admin().WatchEvents({ last: 5, follow: true, microshardId: 'abc' }, { deadline: deadline(10_000) });
    s.on('data', () => undefined);
    s.on('error', resolve);
  });
  t.is(watchErr.code, grpc.status.INVALID_ARGUMENT);
  t.regex(watchErr.details, /microshard_id/);

  // A session that says something malformed is refused with INVALID_ARGUMENT.
  const { v1 } = await import('../../platform/proto.js');
  const coord = new v1.Coordinator(cluster.coordinatorAddresses()[0]!, cluster.credentials({ role: 'sidecar', nodeId: 'node-1' }));
  t.teardown(() => coord.close());
  const session = coord.Session();
  const sessionErr = await new Promise<grpc.ServiceError>((resolve) => {
    session.on('error', resolve);
    session.on('data', () => undefined);
    session.write({ hello: { nodeId: 'bad id with spaces', datastoreAddress: '127.0.0.1:1', sidecarAddress: '127.0.0.1:2' } });
  });
  t.is(sessionErr.code, grpc.status.INVALID_ARGUMENT);
  t.regex(sessionErr.details, /node_id/);

  // Everything is still up and answering; the route for the key still works.
  const st = await cluster.status();
  t.is(st.microshardsTotal, 8);
  const r = await unaryCall<{ keyHash: string }>((cb) => sc.Route({ key: Buffer.from(key) }, { deadline: deadline(2000) }, cb));
  t.is(r.keyHash, positionToHex(keyPosition(key)));
});
