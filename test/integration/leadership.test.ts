// Leader election against a real etcd: takeover after kill -9, and a deposed leader's guarded
// write rejected (invariant 3).
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { Etcd3 } from 'etcd3';
import { startEtcd } from '../../devcluster/etcd.js';
import { spawnShardcast } from '../../platform/process.js';
import { v1 } from '../../platform/proto.js';
import { deadline } from '../../platform/server.js';
import { silentLogger } from '../../platform/logger.js';
import { Leadership } from '../../coordinator/cluster/leadership.js';
import { NotLeaderError } from '../../platform/errors.js';
import { CLUSTER_ROOT } from '../../coordinator/cluster/keys.js';
import type { LifecycleEvent__Output } from '../../generated/proto/shardcast/v1/LifecycleEvent.js';

const ELECTION_TTL_S = 2;

test('kill -9 the leader: the other coordinator leads and acts within the election TTL + 1 s', async (t) => {
  const etcd = await startEtcd();
  t.teardown(() => etcd.stop());
  const args = (id: string) => ['coordinator', '--id', id, '--listen', '127.0.0.1:0', '--etcd', etcd.endpoint, '--insecure', '--microshards', '16', '--election-ttl', String(ELECTION_TTL_S), '--node-lease-ttl-ms', '5000', '--heartbeat-interval-ms', '500'];
  const a = await spawnShardcast('coord-a', args('coord-a'));
  t.teardown(() => a.kill('SIGKILL'));
  const b = await spawnShardcast('coord-b', args('coord-b'));
  t.teardown(() => b.kill('SIGKILL'));
  const adminB = new v1.Admin(b.address, grpc.credentials.createInsecure());
  t.teardown(() => adminB.close());
  const status = () => new Promise<{ leaderId: string }>((res, rej) => adminB.GetStatus({}, { deadline: deadline(2000) }, (e, r) => (e ? rej(e) : res(r!))));
  // coord-a started first and leads.
  for (let i = 0; i < 50 && (await status()).leaderId !== 'coord-a'; i++) await new Promise((r) => setTimeout(r, 100));
  t.is((await status()).leaderId, 'coord-a');

  // Follow the event log on the survivor: its first act as leader is a guarded write.
  const acted = new Promise<number>((resolve) => {
    const stream = adminB.WatchEvents({ follow: true, last: 0 });
    stream.on('data', (e: LifecycleEvent__Output) => {
      if (e.kind === 'leader_elected' && e.actor === 'leader:coord-b') {
        resolve(Date.now());
        stream.cancel();
      }
    });
    stream.on('error', () => undefined);
  });
  await new Promise((r) => setTimeout(r, 300));
  const killedAt = Date.now();
  a.child.kill('SIGKILL');
  const actedAt = await acted;
  const takeoverMs = actedAt - killedAt;
  t.log(`takeover: coord-b led and committed its first guarded write ${takeoverMs} ms after kill -9 of the leader (election TTL ${ELECTION_TTL_S * 1000} ms)`);
  console.log(`[measure] leader takeover after kill -9: ${takeoverMs} ms (election TTL ${ELECTION_TTL_S} s)`);
  t.is((await status()).leaderId, 'coord-b');
  // Generous bound (machines are noisy); the figure is printed above.
  t.true(takeoverMs <= ELECTION_TTL_S * 1000 + 3000, `takeover took ${takeoverMs} ms`);
});

test("a deposed leader's guarded write is rejected and changes nothing", async (t) => {
  const etcd = await startEtcd();
  t.teardown(() => etcd.stop());
  const client = new Etcd3({ hosts: etcd.endpoint });
  t.teardown(() => client.close());
  const ns = client.namespace(CLUSTER_ROOT('guard-test'));
  const a = new Leadership(ns, { id: 'a', address: '127.0.0.1:1' }, 2, silentLogger);
  const elected = new Promise<void>((r) => a.once('elected', () => r()));
  a.start('127.0.0.1:1');
  t.teardown(() => a.stop());
  await elected;
  await a.commit([ns.put('probe').value('written by a while leader')]);
  t.is(await ns.get('probe').string(), 'written by a while leader');

  // Depose a behind its back: its campaign key disappears (as when its lease expires), b wins.
  await ns.delete().prefix('election/');
  const b = new Leadership(ns, { id: 'b', address: '127.0.0.1:2' }, 2, silentLogger);
  const bElected = new Promise<void>((r) => b.once('elected', () => r()));
  b.start('127.0.0.1:2');
  t.teardown(() => b.stop());
  await bElected;
  t.true(a.isLeader, 'a has not noticed yet: exactly the case the guard exists for');
  const err = await t.throwsAsync(() => a.commit([ns.put('probe').value('stale write from a')]));
  t.true(err instanceof NotLeaderError, `expected NotLeaderError, got ${err?.constructor.name}`);
  t.is(await ns.get('probe').string(), 'written by a while leader');
  t.false(a.isLeader, 'a stepped down after its guard failed');
  await b.commit([ns.put('probe').value('written by b')]);
  t.is(await ns.get('probe').string(), 'written by b');
});

test('a replica whose campaign never reports the election (a stalled watch) still leads once its key is the oldest', async (t) => {
  const etcd = await startEtcd();
  t.teardown(() => etcd.stop());
  const client = new Etcd3({ hosts: etcd.endpoint });
  t.teardown(() => client.close());
  const ns = client.namespace(CLUSTER_ROOT('deaf-test'));
  const a = new Leadership(ns, { id: 'a', address: '127.0.0.1:1' }, 2, silentLogger);
  const aElected = new Promise<void>((r) => a.once('elected', () => r()));
  a.start('127.0.0.1:1');
  t.teardown(() => a.stop());
  await aElected;
  const b = new Leadership(ns, { id: 'b', address: '127.0.0.1:2' }, 2, silentLogger);
  b.start('127.0.0.1:2');
  t.teardown(() => b.stop());
  // b's campaign is queued behind a's key; make it deaf, as a campaign whose watch stalled.
  await new Promise((r) => setTimeout(r, 300));
  const campaign = (b as unknown as { campaign: { removeAllListeners(e: string): void } }).campaign;
  campaign.removeAllListeners('elected');
  const bElected = new Promise<number>((r) => b.once('elected', () => r(Date.now())));
  const resignedAt = Date.now();
  await a.stop(); // resigns: b's key is now the oldest
  const at = await Promise.race([bElected, new Promise<number>((r) => setTimeout(() => r(-1), 5_000))]);
  t.true(at > 0, 'b led although its campaign never said so');
  t.log(`b led ${at - resignedAt} ms after a resigned (direct check every 1 s)`);
  t.true(b.isLeader);
  await b.commit([ns.put('probe').value('written by b')]);
  t.is(await ns.get('probe').string(), 'written by b');
});
