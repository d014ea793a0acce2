// The two hints that shorten a cutover's pause (issue 11): a fence naming the migration's target
// (refused writes carry it, the client retries there at once) and an armed target (a write at the
// epoch it is about to own waits for the route table instead of being refused, and is never
// served before the table activates it).
import test from 'ava';
import { status, type ServiceError } from '@grpc/grpc-js';
import { assign, call, fullTable, keysIn, startNode, trailer } from './helpers.js';
import { DEFAULT_ACTIVATION_WAIT_MS } from '../../datastore/limits.js';
import { ShardcastClient } from '../../client/index.js';
import { startStaticSidecar } from '../../bench/static-sidecar.js';
import { INSECURE } from '../../platform/security.js';
import type { DataPlaneClient } from '../../generated/proto/shardcast/v1/DataPlane.js';

const RANGE0 = { start: '0000000000000000', end: '8000000000000000' };

function put(client: DataPlaneClient, key: string, epoch: number, value = `v-${key}`, ms?: number): Promise<{ version: string; duplicate: boolean }> {
  return call(client, 'Put', { key: Buffer.from(key), value: Buffer.from(value), epoch: String(epoch) }, ms);
}

async function refused(t: import('ava').ExecutionContext, p: Promise<unknown>, code: status, message: RegExp): Promise<ServiceError> {
  const err = (await t.throwsAsync(p)) as ServiceError;
  t.is(err.code, code, `expected ${status[code]}, got ${status[err.code]}: ${err.details}`);
  t.regex(err.details, message);
  return err;
}

test('a fence naming the next owner answers refused writes with its node, address and epoch; a plain fence does not', async (t) => {
  const a = await startNode(t, 'a');
  const b = await startNode(t, 'b');
  const nodes = { a: a.ds.address, b: b.ds.address };
  await assign(a.client, 'a', fullTable(1, [{ owner: 'a', epoch: 1 }, { owner: 'a', epoch: 4 }], nodes));
  const [k0] = keysIn(2, 0, 1);
  const [k1] = keysIn(2, 1, 1);

  await call(a.client, 'Fence', { microshardId: '0', epoch: '1', fenced: true, nextOwner: 'b', nextOwnerAddress: nodes.b, nextEpoch: '2' });
  const err = await refused(t, put(a.client, k0!, 1), status.UNAVAILABLE, /fenced at epoch 1 \(migration cutover to node b at epoch 2\)/);
  t.is(trailer(err, 'x-shardcast-owner'), 'b');
  t.is(trailer(err, 'x-shardcast-owner-address'), nodes.b);
  t.is(trailer(err, 'x-shardcast-epoch'), '2');
  const batch = await refused(t, call(a.client, 'PutBatch', { entries: [{ key: Buffer.from(k0!), value: Buffer.from('x'), epoch: '1' }] }), status.UNAVAILABLE, /^entries\[0\]: .*fenced/);
  t.is(trailer(batch, 'x-shardcast-epoch'), '2');

  // A plain fence (no next owner) on another microshard: no trailers, as before.
  await call(a.client, 'Fence', { microshardId: '1', epoch: '4', fenced: true });
  const plain = await refused(t, put(a.client, k1!, 4), status.UNAVAILABLE, /fenced at epoch 4 \(migration cutover\)$/);
  t.is(trailer(plain, 'x-shardcast-owner'), undefined);

  // Lifting the fence (abort) forgets the next owner.
  await call(a.client, 'Fence', { microshardId: '0', epoch: '1', fenced: false });
  t.like(await put(a.client, k0!, 1), { version: '1' });
  await call(a.client, 'Fence', { microshardId: '0', epoch: '1', fenced: true });
  t.is(trailer(await refused(t, put(a.client, k0!, 1), status.UNAVAILABLE, /fenced/), 'x-shardcast-owner'), undefined, 'a later plain fence names nobody');
});

test('bad Fence next-owner fields and bad ArmCutover fields are INVALID_ARGUMENT naming the field', async (t) => {
  const a = await startNode(t, 'a');
  await assign(a.client, 'a', fullTable(1, [{ owner: 'a', epoch: 3 }, { owner: 'b', epoch: 1 }], { b: 'b-host:1' }));
  const fence = (extra: Record<string, unknown>) => call(a.client, 'Fence', { microshardId: '0', epoch: '3', fenced: true, ...extra });
  await refused(t, fence({ nextOwnerAddress: 'b-host:1', nextEpoch: '4' }), status.INVALID_ARGUMENT, /^next_owner must name/);
  await refused(t, fence({ nextOwner: 'b', nextEpoch: '4' }), status.INVALID_ARGUMENT, /^next_owner_address must be host:port/);
  await refused(t, fence({ nextOwner: 'b', nextOwnerAddress: 'no port', nextEpoch: '4' }), status.INVALID_ARGUMENT, /^next_owner_address must be host:port/);
  await refused(t, fence({ nextOwner: 'b', nextOwnerAddress: 'b-host:1' }), status.INVALID_ARGUMENT, /^next_epoch 0 must be above the fenced epoch 3/);
  await refused(t, fence({ nextOwner: 'b', nextOwnerAddress: 'b-host:1', nextEpoch: '3' }), status.INVALID_ARGUMENT, /^next_epoch 3 must be above/);
  await refused(t, fence({ nextOwner: 'b', nextOwnerAddress: 'b-host:1', nextEpoch: '18446744073709551615' }), status.INVALID_ARGUMENT, /^next_epoch .* out of range/);
  await refused(t, fence({ nextOwner: 'a', nextOwnerAddress: 'a-host:1', nextEpoch: '4' }), status.INVALID_ARGUMENT, /^next_owner a is this node/);
  await refused(t, call(a.client, 'Fence', { microshardId: '0', epoch: '3', fenced: false, nextOwner: 'b', nextOwnerAddress: 'b-host:1', nextEpoch: '4' }), status.INVALID_ARGUMENT, /go with fenced/);
  // Nothing was fenced by the refused calls.
  t.like(await put(a.client, keysIn(2, 0, 1)[0]!, 3), { version: '1' });

  await refused(t, call(a.client, 'ArmCutover', { microshardId: '1', epoch: '0', armed: true }), status.INVALID_ARGUMENT, /^epoch must be above 0/);
  await refused(t, call(a.client, 'ArmCutover', { microshardId: '1', epoch: '18446744073709551615', armed: true }), status.INVALID_ARGUMENT, /^epoch .* out of range/);
  t.like(await call(a.client, 'ArmCutover', { microshardId: '1', epoch: '2', armed: true }), { currentEpoch: '1' });
});

test('an armed target holds a write at the new epoch until the route table activates it, and never serves it before', async (t) => {
  const b = await startNode(t, 'b');
  const nodes = { a: 'a-host:1', b: b.ds.address };
  await assign(b.client, 'b', fullTable(1, [{ owner: 'a', epoch: 1 }, { owner: 'b', epoch: 1 }], nodes));
  const keys = keysIn(2, 0, 3);
  t.like(await call(b.client, 'ArmCutover', { microshardId: '0', epoch: '2', armed: true }), { currentEpoch: '1' });

  const started = performance.now();
  const held = put(b.client, keys[0]!, 2, 'first');
  const heldBatch = call(b.client, 'PutBatch', { entries: keys.slice(1).map((k) => ({ key: Buffer.from(k), value: Buffer.from('batch'), epoch: '2' })) });
  let settled = false;
  void Promise.allSettled([held, heldBatch]).then(() => (settled = true));
  await new Promise((r) => setTimeout(r, 200));
  t.false(settled, 'the writes wait for the activation');
  t.like(await call(b.client, 'Checksum', RANGE0), { entries: '0' }, 'nothing written before the activation');
  // An unrelated route change (a revision that still gives microshard 0 to a) does not activate it.
  await assign(b.client, 'b', fullTable(2, [{ owner: 'a', epoch: 1 }, { owner: 'b', epoch: 2 }], nodes));
  await new Promise((r) => setTimeout(r, 50));
  t.false(settled);
  t.like(await call(b.client, 'Checksum', RANGE0), { entries: '0' });

  // The commit's routes: b owns microshard 0 at epoch 2.
  await assign(b.client, 'b', fullTable(3, [{ owner: 'b', epoch: 2 }, { owner: 'b', epoch: 2 }], nodes));
  t.like(await held, { version: '1' });
  t.is((await heldBatch).results.length, 2);
  t.true(performance.now() - started < DEFAULT_ACTIVATION_WAIT_MS, 'served on activation, not at the end of the wait');
  t.like(await call(b.client, 'Get', { key: Buffer.from(keys[0]!) }), { found: true, value: Buffer.from('first') });
});

test('an armed wait ends cleanly: refused after the bounded wait, at once when not armed or disarmed, and nothing applied for a caller that went away', async (t) => {
  const b = await startNode(t, 'b');
  const nodes = { a: 'a-host:1', b: b.ds.address };
  await assign(b.client, 'b', fullTable(1, [{ owner: 'a', epoch: 1 }, { owner: 'b', epoch: 1 }], nodes));
  const [k, late, gone] = keysIn(2, 0, 3);

  // Not armed: refused at once, as before.
  let t0 = performance.now();
  await refused(t, put(b.client, k!, 2), status.FAILED_PRECONDITION, /owned by node a/);
  t.true(performance.now() - t0 < DEFAULT_ACTIVATION_WAIT_MS / 2);

  // Armed but never activated: refused after the bounded wait, with the usual answer.
  await call(b.client, 'ArmCutover', { microshardId: '0', epoch: '2', armed: true });
  t0 = performance.now();
  await refused(t, put(b.client, k!, 2), status.FAILED_PRECONDITION, /owned by node a/);
  const waited = performance.now() - t0;
  t.true(waited >= DEFAULT_ACTIVATION_WAIT_MS - 50 && waited < DEFAULT_ACTIVATION_WAIT_MS + 2_000, `waited ${waited} ms`);
  // Only the armed epoch waits: another one is refused at once.
  t0 = performance.now();
  await refused(t, put(b.client, k!, 3), status.FAILED_PRECONDITION, /owned by node a/);
  t.true(performance.now() - t0 < DEFAULT_ACTIVATION_WAIT_MS / 2);

  // Disarmed (the migration aborted): a waiting write is released and refused at once.
  const waiting = put(b.client, late!, 2);
  await new Promise((r) => setTimeout(r, 100));
  t0 = performance.now();
  await call(b.client, 'ArmCutover', { microshardId: '0', epoch: '0', armed: false });
  await refused(t, waiting, status.FAILED_PRECONDITION, /owned by node a/);
  t.true(performance.now() - t0 < DEFAULT_ACTIVATION_WAIT_MS / 2);

  // A caller whose deadline ends during the wait gets nothing applied, even if the activation follows.
  await call(b.client, 'ArmCutover', { microshardId: '0', epoch: '2', armed: true });
  await refused(t, put(b.client, gone!, 2, 'never', 150), status.DEADLINE_EXCEEDED, /.*/);
  await assign(b.client, 'b', fullTable(2, [{ owner: 'b', epoch: 2 }, { owner: 'b', epoch: 1 }], nodes));
  await new Promise((r) => setTimeout(r, 100));
  t.like(await call(b.client, 'Get', { key: Buffer.from(gone!) }), { found: false });
  t.like(await call(b.client, 'Checksum', RANGE0), { entries: '0' });
});

test('client: a write that hits the fenced source goes to the target at the new epoch at once, without waiting for a route change', async (t) => {
  const a = await startNode(t, 'a');
  const b = await startNode(t, 'b');
  const nodes = { a: a.ds.address, b: b.ds.address };
  const before = fullTable(1, [{ owner: 'a', epoch: 1 }, { owner: 'b', epoch: 1 }], nodes);
  await assign(a.client, 'a', before);
  await assign(b.client, 'b', before);
  const sidecar = await startStaticSidecar(before);
  t.teardown(() => sidecar.stop());
  // Routes never change for this client: it must not need them. Waiting for them would take
  // the whole redirectWaitMs.
  const c = new ShardcastClient({ sidecars: [sidecar.address], security: INSECURE, redirectWaitMs: 10_000 });
  t.teardown(() => c.close());
  await c.start();
  const [k] = keysIn(2, 0, 1);
  t.like(await c.put(k!, 'one'), { node: 'a', epoch: '1', attempts: 1 });

  // The cutover: b armed, a fenced naming b at epoch 2; the commit (b's routes) lands 150 ms later.
  await call(b.client, 'ArmCutover', { microshardId: '0', epoch: '2', armed: true });
  await call(a.client, 'Fence', { microshardId: '0', epoch: '1', fenced: true, nextOwner: 'b', nextOwnerAddress: nodes.b, nextEpoch: '2' });
  // (The copy: b holds what a had.)
  const after = fullTable(2, [{ owner: 'b', epoch: 2 }, { owner: 'b', epoch: 1 }], nodes);
  const t0 = performance.now();
  setTimeout(() => void assign(b.client, 'b', after), 150);
  const w = await c.put(k!, 'two');
  const took = performance.now() - t0;
  t.like(w, { node: 'b', epoch: '2', microshardId: '0', attempts: 2 });
  t.true(took < 1_000, `served ${Math.round(took)} ms after the fence (not after the client's route wait)`);
  t.is(c.table.revision, 1n, 'the client never saw the new routes');
  t.like(await call(b.client, 'Get', { key: Buffer.from(k!) }), { found: true, value: Buffer.from('two') });
});
