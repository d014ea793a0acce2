// The sidecar's MigrationAgent between two real storage nodes (in-process, real gRPC on
// loopback): copy with request ids, cutover, cleanup, abort, resume after a sidecar restart,
// fresh copies clearing stale data, the bytes/s budget, the adaptive rate, and bad requests.
import test, { type ExecutionContext } from 'ava';
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../../platform/proto.js';
import { INSECURE } from '../../platform/security.js';
import { startServer, deadline } from '../../platform/server.js';
import { silentLogger } from '../../platform/logger.js';
import { positionToHex } from '../../core/keyspace.js';
import { RouteTable, type RouteUpdateWire } from '../../core/route-table.js';
import { MigrationAgent, MIGRATION_AGENT_SERVICE } from '../../sidecar/migration/index.js';
import { ForegroundProbe } from '../../sidecar/migration/foreground.js';
import type { MigrationAgentClient } from '../../generated/proto/shardcast/v1/MigrationAgent.js';
import { assign, call, fullTable, keysIn, ranges, startNode, type TestNode } from '../datastore/helpers.js';

interface Side {
  node: TestNode;
  table: RouteTable;
  events: EventEmitter<{ applied: [update: RouteUpdateWire] }>;
  agent: MigrationAgent;
  address: string;
  client: MigrationAgentClient;
  stop(): Promise<void>;
}

async function startAgent(t: ExecutionContext, nodeId: string, node: TestNode, table = new RouteTable()): Promise<Side> {
  const events = new EventEmitter<{ applied: [update: RouteUpdateWire] }>();
  const agent = new MigrationAgent({ nodeId, datastoreAddress: node.ds.address, security: INSECURE, table, routeEvents: events, log: silentLogger });
  const server = await startServer('127.0.0.1:0', INSECURE, (s) => s.addService(agent.definition, agent.handlers()), [MIGRATION_AGENT_SERVICE]);
  const client = new v1.MigrationAgent(server.address, grpc.credentials.createInsecure());
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    client.close();
    agent.close();
    await server.stop(100);
  };
  t.teardown(stop);
  return { node, table, events, agent, address: server.address, client, stop };
}

/** Gives both nodes and both sidecar tables the same route table. */
async function routes(sides: Side[], revision: number, specs: Array<{ owner: string; epoch: number }>): Promise<void> {
  // Node addresses too: a cutover's fence names the target's storage node from them.
  const u = fullTable(revision, specs, Object.fromEntries(sides.map((s, i) => [i === 0 ? 'a' : 'b', s.node.ds.address]))) as RouteUpdateWire;
  for (const [i, s] of sides.entries()) {
    await assign(s.node.client, i === 0 ? 'a' : 'b', u);
    if (s.table.apply(u)) s.events.emit('applied', s.table.snapshot());
  }
}

function agentCall<Res = any>(c: MigrationAgentClient, method: string, req: unknown, ms = 10_000): Promise<Res> {
  return new Promise((resolve, reject) => (c as any)[method](req, { deadline: deadline(ms) }, (e: grpc.ServiceError | null, r: Res) => (e ? reject(e) : resolve(r))));
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const stopAt = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > stopAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const R0 = ranges(2)[0]!;
const RANGE = { start: positionToHex(R0.start), end: positionToHex(R0.end) };
const put = (n: TestNode, key: string, value: string, epoch = 1, requestId = '') => call(n.client, 'Put', { key: Buffer.from(key), value: Buffer.from(value), epoch: String(epoch), requestId });

async function pair(t: ExecutionContext): Promise<[Side, Side]> {
  const a = await startAgent(t, 'a', await startNode(t, 'a'));
  const b = await startAgent(t, 'b', await startNode(t, 'b'));
  await routes([a, b], 1, [{ owner: 'a', epoch: 1 }, { owner: 'a', epoch: 1 }]);
  return [a, b];
}

function startCopy(a: Side, b: Side, id: string, extra: Record<string, unknown> = {}) {
  return agentCall(a.client, 'StartCopy', { migrationId: id, microshardId: '0', ...RANGE, targetNode: 'b', targetSidecarAddress: b.address, attempt: 1, deadlineMs: String(Date.now() + 60_000), ...extra });
}

test('copy, tail, cutover, cleanup: the target ends with the same keys and versions; a retried Put is recognised by its request id', async (t) => {
  const [a, b] = await pair(t);
  const keys = keysIn(2, 0, 300, 'c');
  for (const [i, k] of keys.entries()) await put(a.node, k, `v1-${k}`, 1, `rid-${i}-1`);
  for (const k of keys.slice(0, 20)) await call(a.node.client, 'Delete', { key: Buffer.from(k), epoch: '1' });

  const first = await startCopy(a, b, '1');
  t.like(first, { known: true, state: 'copying' });
  t.like(await startCopy(a, b, '1'), { known: true, state: 'copying' }, 'StartCopy on a running copy only reports it');
  await until('snapshot applied', async () => (await agentCall(a.client, 'CopyStatus', { migrationId: '1' })).snapshotDone);
  // Changes during the tail: overwrites, deletions, new keys.
  for (const [i, k] of keys.slice(20, 80).entries()) await put(a.node, k, `v2-${k}`, 1, `rid-${i + 20}-2`);
  for (const k of keys.slice(80, 90)) await call(a.node.client, 'Delete', { key: Buffer.from(k), epoch: '1' });
  const st = await until('caught up', async () => {
    const s = await agentCall(a.client, 'CopyStatus', { migrationId: '1' });
    return s.caughtUp && s;
  });
  t.true(BigInt(st.appliedSeq) >= BigInt(st.snapshotSeq));

  // The leader arms the target for the epoch the commit sets, then cuts over.
  t.like(await agentCall(b.client, 'ArmTarget', { migrationId: '1', microshardId: '0', epoch: '2', ttlMs: 10_000 }), { currentEpoch: '1' });
  const cut = await agentCall(a.client, 'Cutover', { migrationId: '1', microshardId: '0', epoch: '1', checksum: true });
  // Fenced: the source refuses writes at epoch 1 now, naming the target and the new epoch.
  const refused = (await t.throwsAsync(put(a.node, keys[95]!, 'late'))) as grpc.ServiceError;
  t.is(refused.code, grpc.status.UNAVAILABLE);
  t.is(refused.metadata.get('x-shardcast-owner')[0], 'b');
  t.is(refused.metadata.get('x-shardcast-owner-address')[0], b.node.ds.address);
  t.is(refused.metadata.get('x-shardcast-epoch')[0], '2');
  const target = await agentCall(b.client, 'RangeChecksum', RANGE);
  t.deepEqual(target, cut.sourceChecksum, 'target holds exactly the fenced source range');
  t.is(target.entries, String(300 - 20 - 10));
  t.true(Number(cut.fencedAtMs) > 0 && cut.finalTailMs >= 0);

  // The cutover commits: b owns microshard 0 at epoch 2.
  await routes([a, b], 2, [{ owner: 'b', epoch: 2 }, { owner: 'a', epoch: 1 }]);
  const serving = await agentCall(b.client, 'ServingStatus', { microshardId: '0', epoch: '2' });
  t.true(serving.serving);
  t.true(Number(serving.sinceMs) >= Number(cut.fencedAtMs));
  t.false((await agentCall(b.client, 'ServingStatus', { microshardId: '0', epoch: '3' })).serving);
  // The last Put of keys[30] (request rid-30-2) retried at the new owner: not applied again.
  const again = await put(b.node, keys[30]!, `v2-${keys[30]}`, 2, 'rid-30-2');
  t.deepEqual(again, { version: '2', duplicate: true });
  const fresh = await put(b.node, keys[30]!, 'v3', 2, 'rid-30-3');
  t.deepEqual(fresh, { version: '3', duplicate: false });

  const cleaned = await agentCall(a.client, 'Cleanup', { migrationId: '1', microshardId: '0', ...RANGE });
  t.is(cleaned.dropped, String(300 - 20 - 10));
  t.like(await call(a.node.client, 'Checksum', RANGE), { entries: '0' });
  t.like(await agentCall(a.client, 'CopyStatus', { migrationId: '1' }), { state: 'stopped' });
});

test('a fresh copy first clears stale data on the target; abort lifts the fence and drops the partial copy; an aborted migration is refused', async (t) => {
  const [a, b] = await pair(t);
  const keys = keysIn(2, 0, 50, 'f');
  for (const k of keys) await put(a.node, k, 'v');
  // A stale key on b in the range (left from long ago): a copy from scratch must not keep it.
  const ghostKey = keysIn(2, 0, 1, 'ghost')[0]!;
  await new Promise<void>((resolve, reject) => {
    const s = b.node.client.Import({ deadline: deadline(5000) }, (e) => (e ? reject(e) : resolve()));
    s.write({ entries: [{ key: Buffer.from(ghostKey), value: Buffer.from('boo'), version: '9' }] });
    s.end();
  });
  t.like(await call(b.node.client, 'Checksum', RANGE), { entries: '1' });
  await startCopy(a, b, '2');
  await until('caught up', async () => (await agentCall(a.client, 'CopyStatus', { migrationId: '2' })).caughtUp);
  t.deepEqual(await call(b.node.client, 'Checksum', RANGE), await call(a.node.client, 'Checksum', RANGE));

  // Cutover without a commit, then abort: the source takes writes again, the target is empty.
  await agentCall(a.client, 'Cutover', { migrationId: '2', microshardId: '0', epoch: '1' });
  await t.throwsAsync(put(a.node, keys[0]!, 'fenced'));
  t.like(await agentCall(a.client, 'Abort', { migrationId: '2', role: 'source', microshardId: '0', epoch: '1' }), { unfenced: true });
  t.like(await put(a.node, keys[0]!, 'after abort'), { version: '2' });
  t.like(await agentCall(b.client, 'Abort', { migrationId: '2', role: 'target', ...RANGE }), { dropped: '50' });
  t.like(await call(b.node.client, 'Checksum', RANGE), { entries: '0' });
  const again = await t.throwsAsync(startCopy(a, b, '2'));
  t.is((again as grpc.ServiceError).code, grpc.status.FAILED_PRECONDITION);
  // A late cutover (a deposed leader's) does not fence again.
  const late = await t.throwsAsync(agentCall(a.client, 'Cutover', { migrationId: '2', microshardId: '0', epoch: '1' }));
  t.regex((late as grpc.ServiceError).details, /aborted/);
  t.like(await put(a.node, keys[1]!, 'still writable'), { version: '2' });
  // The target refuses to drop a range it owns.
  await routes([a, b], 3, [{ owner: 'b', epoch: 2 }, { owner: 'a', epoch: 1 }]);
  const owned = await t.throwsAsync(agentCall(b.client, 'Abort', { migrationId: '3', role: 'target', ...RANGE }));
  t.is((owned as grpc.ServiceError).code, grpc.status.FAILED_PRECONDITION);
});

test('a restarted source sidecar knows nothing; the copy resumes from the applied seq and ends identical', async (t) => {
  const [a0, b] = await pair(t);
  const keys = keysIn(2, 0, 200, 'r');
  for (const k of keys.slice(0, 100)) await put(a0.node, k, 'v1');
  await startCopy(a0, b, '4');
  const st = await until('caught up', async () => {
    const s = await agentCall(a0.client, 'CopyStatus', { migrationId: '4' });
    return s.caughtUp && s;
  });
  await a0.stop();
  // Writes continue while the sidecar is down (the storage node keeps serving).
  for (const k of keys.slice(50, 200)) await put(a0.node, k, 'v2');
  const a = await startAgent(t, 'a', a0.node, a0.table);
  t.like(await agentCall(a.client, 'CopyStatus', { migrationId: '4' }), { known: false });
  await startCopy(a, b, '4', { resumeAfterSeq: st.appliedSeq, attempt: 2 });
  await until('caught up again', async () => (await agentCall(a.client, 'CopyStatus', { migrationId: '4' })).caughtUp);
  await agentCall(a.client, 'Cutover', { migrationId: '4', microshardId: '0', epoch: '1' });
  t.deepEqual(await call(b.node.client, 'Checksum', RANGE), await call(a.node.client, 'Checksum', RANGE));
  t.like(await call(b.node.client, 'Checksum', RANGE), { entries: '200' });
});

test('the bytes/s budget holds the copy back (never faster than the budget, after the first chunk)', async (t) => {
  const [a, b] = await pair(t);
  const value = 'x'.repeat(4000);
  const keys = keysIn(2, 0, 550, 'b');
  await Promise.all(keys.map((k) => put(a.node, k, value)));
  const budget = 1_000_000;
  const started = Date.now();
  await startCopy(a, b, '5', { maxBytesPerS: String(budget) });
  const st = await until('snapshot applied', async () => {
    const s = await agentCall(a.client, 'CopyStatus', { migrationId: '5' });
    return s.snapshotDone && s;
  }, 20_000);
  const seconds = (Date.now() - started) / 1000;
  const bytes = Number(st.bytes);
  t.true(bytes > 2_000_000);
  // The first chunk (about 1 MiB) goes at once; every later byte waits for the budget. A slow
  // machine only makes this slower: the assertion is that the budget is not exceeded.
  t.true(bytes - 1_100_000 <= budget * seconds * 1.1, `${bytes} bytes in ${seconds.toFixed(2)} s with a budget of ${budget} B/s`);
  t.true(seconds >= 0.8, `held back: ${seconds.toFixed(2)} s`);
  t.log(`${(bytes / 1e6).toFixed(2)} MB in ${seconds.toFixed(2)} s at a budget of ${budget / 1e6} MB/s`);
});

test('an adaptive copy backs off when the target\'s foreground slows, and grows again when it recovers; a fixed-rate copy does not adapt', async (t) => {
  const [a, b] = await pair(t);
  // Each side's foreground as its storage node would report it: 100 ops per 50 ms at `lat` µs.
  // The storage nodes, the copy and the acks are real; only the latency figures are chosen.
  const fg = { a: { ops: 0, latencyUs: 0, lat: 200 }, b: { ops: 0, latencyUs: 0, lat: 200 } };
  const tick = setInterval(() => {
    for (const s of [fg.a, fg.b]) {
      s.ops += 100;
      s.latencyUs += 100 * s.lat;
    }
  }, 50);
  t.teardown(() => clearInterval(tick));
  a.agent.foreground = new ForegroundProbe(() => fg.a, 50);
  b.agent.foreground = new ForegroundProbe(() => fg.b, 50);
  t.teardown(() => {
    a.agent.foreground?.stop();
    b.agent.foreground?.stop();
  });
  const value = 'x'.repeat(4000);
  await Promise.all(keysIn(2, 0, 1500, 'b').map((k) => put(a.node, k, value)));
  await new Promise((r) => setTimeout(r, 700)); // a level to compare with

  const cap = 2_000_000;
  await startCopy(a, b, '7', { maxBytesPerS: String(cap) });
  const status = () => agentCall(a.client, 'CopyStatus', { migrationId: '7' });
  const full = await until('the copy at its cap', async () => {
    const s = await status();
    return s.rateReason === 'at-max' && s;
  });
  t.is(Number(full.rateBytesPerS), cap);
  fg.b.lat = 800; // the target's foreground is 4x slower
  const cut = await until('a back-off', async () => {
    const s = await status();
    return s.rateReason === 'foreground-slower' && s;
  }, 5_000);
  t.true(Number(cut.rateBytesPerS) < cap, `rate ${cut.rateBytesPerS} after the back-off`);
  t.true(cut.foregroundPressure > 1.3, `pressure ${cut.foregroundPressure} seen from the target's acks`);
  fg.b.lat = 200;
  const again = await until('growth after recovery', async () => {
    const s = await status();
    return s.rateReason === 'headroom' && Number(s.rateBytesPerS) > Number(cut.rateBytesPerS) && s;
  }, 8_000);
  t.log(`cap ${cap / 1e6} MB/s; backed off to ${Number(cut.rateBytesPerS) / 1e6} MB/s at pressure ${cut.foregroundPressure.toFixed(2)}; grew to ${Number(again.rateBytesPerS) / 1e6} MB/s`);
  await until('snapshot applied', async () => (await status()).snapshotDone, 30_000);
  await agentCall(a.client, 'Abort', { migrationId: '7', role: 'source', microshardId: '0', epoch: '1' });
  await agentCall(b.client, 'Abort', { migrationId: '7', role: 'target', ...RANGE });

  // The same request with fixed_rate: the cap, whatever the foreground does.
  fg.a.lat = 1_000;
  await startCopy(a, b, '8', { maxBytesPerS: String(cap), fixedRate: true });
  const fixed = await agentCall(a.client, 'CopyStatus', { migrationId: '8' });
  t.is(fixed.rateReason, 'fixed');
  t.is(Number(fixed.rateBytesPerS), cap);
});

test('bad requests are refused with the right status, naming what was wrong', async (t) => {
  const [a, b] = await pair(t);
  const bad = async (method: string, req: unknown, code: grpc.status, re: RegExp) => {
    const err = (await t.throwsAsync(agentCall(a.client, method, req))) as grpc.ServiceError;
    t.is(err.code, code, `${method} ${JSON.stringify(req)}`);
    t.regex(err.details, re);
  };
  await bad('StartCopy', { migrationId: 'x', microshardId: '0', ...RANGE, targetSidecarAddress: b.address }, grpc.status.INVALID_ARGUMENT, /migration_id/);
  await bad('StartCopy', { migrationId: '9', microshardId: '0', start: 'zz', end: RANGE.end, targetSidecarAddress: b.address }, grpc.status.INVALID_ARGUMENT, /range/);
  await bad('StartCopy', { migrationId: '9', microshardId: '0', start: RANGE.end, end: RANGE.start, targetSidecarAddress: b.address }, grpc.status.INVALID_ARGUMENT, /below end/);
  await bad('StartCopy', { migrationId: '9', microshardId: '0', ...RANGE, targetSidecarAddress: 'nowhere' }, grpc.status.INVALID_ARGUMENT, /target_sidecar_address/);
  await bad('StartCopy', { migrationId: '9', microshardId: '0', ...RANGE, targetNode: 'a', targetSidecarAddress: b.address }, grpc.status.INVALID_ARGUMENT, /this node/);
  await bad('Cutover', { migrationId: '9', microshardId: '0', epoch: '1' }, grpc.status.FAILED_PRECONDITION, /no copy running/);
  await bad('Abort', { migrationId: '9', role: 'sideways' }, grpc.status.INVALID_ARGUMENT, /role/);
  await bad('ArmTarget', { migrationId: 'x', microshardId: '0', epoch: '2' }, grpc.status.INVALID_ARGUMENT, /^migration_id/);
  await bad('ArmTarget', { migrationId: '9', microshardId: '0', epoch: '0' }, grpc.status.INVALID_ARGUMENT, /^epoch must be the epoch the cutover commits/);
  await bad('Cleanup', { migrationId: '9', start: RANGE.start, end: '20000000000000000' }, grpc.status.INVALID_ARGUMENT, /range/);
  await bad('Abort', { migrationId: '9', role: 'target', start: '', end: RANGE.end }, grpc.status.INVALID_ARGUMENT, /range/);
  t.like(await agentCall(a.client, 'CopyStatus', { migrationId: '9' }), { known: false });
  // A Transfer whose first message is not a start is refused.
  const s = b.client.Transfer({ deadline: deadline(5000) });
  const err = await new Promise<grpc.ServiceError>((resolve) => {
    s.on('error', resolve);
    s.on('data', () => undefined);
    s.write({});
  });
  t.is(err.code, grpc.status.INVALID_ARGUMENT);
  t.regex(err.details, /must carry start/);
  // The node's own storage is untouched by all this.
  t.like(await call(b.node.client, 'Checksum', RANGE), { entries: '0' });
});
