// PutBatch / GetBatch over real gRPC and real LMDB: a batch is applied all or none; every kind of
// bad batch gets its status naming the entry and leaves the node exactly as it was; fences
// order batches like single writes. And the client library's coalescing against a real node.
import { INSECURE } from '../../platform/security.js';
import test, { type ExecutionContext } from 'ava';
import { status, type ServiceError } from '@grpc/grpc-js';
import { assign, call, fullTable, keysIn, startNode, trailer } from './helpers.js';
import { MAX_BATCH_BYTES, MAX_BATCH_ENTRIES } from '../../datastore/index.js';
import { ShardcastClient } from '../../client/index.js';
import { evenTable, startStaticSidecar } from '../../bench/static-sidecar.js';
import type { DataPlaneClient } from '../../generated/proto/shardcast/v1/DataPlane.js';

const NODES = { a: 'a-host:7001', b: 'b-host:7002' };
// Microshard 0: a@3, 1: b@7, 2: a@2, 3: a@1 (all ACTIVE).
const TABLE = fullTable(10, [{ owner: 'a', epoch: 3 }, { owner: 'b', epoch: 7 }, { owner: 'a', epoch: 2 }, { owner: 'a', epoch: 1 }], NODES);

type Entry = { key: Buffer; value: Buffer; epoch: string; requestId?: string };
const entry = (key: string, epoch: number, value = `v-${key}`, requestId = ''): Entry => ({ key: Buffer.from(key), value: Buffer.from(value), epoch: String(epoch), requestId });

function putBatch(client: DataPlaneClient, entries: Entry[]): Promise<{ results: Array<{ version: string; duplicate: boolean }> }> {
  return call(client, 'PutBatch', { entries }, 30_000);
}

async function rejected(t: ExecutionContext, p: Promise<unknown>, code: status, message: RegExp): Promise<ServiceError> {
  const err = (await t.throwsAsync(p)) as ServiceError;
  t.is(err.code, code, `expected ${status[code]}, got ${status[err.code]}: ${err.details}`);
  t.regex(err.details, message);
  return err;
}

/** The node's observable state: last seq, entry count and every given key's version. */
async function state(client: DataPlaneClient, keys: string[]): Promise<unknown> {
  const stats = await call<{ lastSeq: string; entries: string; bytes: string }>(client, 'Stats', {});
  // One Get per key: the keys span microshards, and some are another node's (answered '?').
  const versions = await Promise.all(keys.map((k) => call<{ found: boolean; version: string }>(client, 'Get', { key: Buffer.from(k) }).then((r) => (r.found ? r.version : '-'), () => '?')));
  return { lastSeq: stats.lastSeq, entries: stats.entries, bytes: stats.bytes, versions };
}

test('PutBatch applies every entry in one transaction; GetBatch reads them back in order; a retried entry is a duplicate', async (t) => {
  const { client } = await startNode(t, 'a');
  await assign(client, 'a', TABLE);
  const keys = keysIn(4, 0, 51, 'pb');
  const absent = keys.pop()!;
  const r1 = await putBatch(client, keys.map((k, i) => entry(k, 3, `one-${i}`, `rid-${i}`)));
  t.deepEqual(r1.results.map((r) => r.version), keys.map(() => '1'));
  // One seq per entry, all from one transaction.
  t.like(await call(client, 'Stats', {}), { lastSeq: '50', entries: '50' });

  // Same request ids for the first 10: acknowledged as duplicates, the rest written again.
  const r2 = await putBatch(client, keys.map((k, i) => entry(k, 3, `two-${i}`, i < 10 ? `rid-${i}` : `new-${i}`)));
  t.deepEqual(r2.results.map((r) => `${r.version}/${r.duplicate}`), keys.map((_, i) => (i < 10 ? '1/true' : '2/false')));
  const got = await call<{ results: Array<{ found: boolean; value: Buffer; version: string }> }>(client, 'GetBatch', { keys: [...keys, absent].map((k) => ({ key: Buffer.from(k) })) });
  t.is(got.results.length, 51);
  t.like(got.results[50], { found: false, version: '0' });
  t.deepEqual(
    got.results.slice(0, 50).map((r) => r.value.toString()),
    keys.map((_, i) => (i < 10 ? `one-${i}` : `two-${i}`)),
  );
  t.like(await call(client, 'Stats', {}), { lastSeq: '90', entries: '50' });
});

test('bad batches: INVALID_ARGUMENT / FAILED_PRECONDITION / UNAVAILABLE naming the entry, and nothing half-applied', async (t) => {
  const { client } = await startNode(t, 'a');
  await assign(client, 'a', TABLE);
  const k0 = keysIn(4, 0, 6, 'bad');
  const [k1] = keysIn(4, 1, 1, 'bad');
  const [k2] = keysIn(4, 2, 1, 'bad');
  // Existing data: one key of microshard 0 at version 1.
  await putBatch(client, [entry(k0[0]!, 3, 'kept')]);
  const watched = [...k0, k1!, k2!];
  const before = await state(client, watched);
  const good = k0.map((k) => entry(k, 3));

  await rejected(t, putBatch(client, []), status.INVALID_ARGUMENT, /entries must not be empty/);
  const many = Array.from({ length: MAX_BATCH_ENTRIES + 1 }, (_, i) => entry(`many-${i}`, 3));
  await rejected(t, putBatch(client, many), status.INVALID_ARGUMENT, new RegExp(`entries: ${MAX_BATCH_ENTRIES + 1} entries; the limit is ${MAX_BATCH_ENTRIES}`));
  await rejected(t, putBatch(client, [...good.slice(0, 2), { ...good[2]!, key: Buffer.alloc(0) }, ...good.slice(3)]), status.INVALID_ARGUMENT, /entries\[2\]\.key must not be empty/);
  await rejected(t, putBatch(client, [...good.slice(0, 4), { ...good[4]!, requestId: 'r'.repeat(257) }]), status.INVALID_ARGUMENT, /entries\[4\]\.request_id is longer than 256 bytes/);
  await rejected(t, putBatch(client, [...good, entry(k0[1]!, 3, 'again')]), status.INVALID_ARGUMENT, /entries\[6\]\.key is the same key as entries\[1\]\.key/);
  // Too many bytes: three values of a third of the limit plus a little.
  const third = Buffer.alloc(Math.floor(MAX_BATCH_BYTES / 3) + 1024, 1);
  await rejected(t, putBatch(client, k0.slice(0, 3).map((k) => ({ ...entry(k, 3), value: third }))), status.INVALID_ARGUMENT, /entries\[2\]: the batch reaches \d+ bytes of keys and values; the limit is/);

  // Mixed microshards (both owned by this node, both at their current epochs).
  await rejected(t, putBatch(client, [...good.slice(0, 3), entry(k2!, 2), ...good.slice(3)]), status.INVALID_ARGUMENT, /entries\[3\] is in microshard 2 but entries\[0\] is in microshard 0/);
  // A stale epoch inside the batch: FAILED_PRECONDITION naming it, with the owner trailers.
  const stale = await rejected(t, putBatch(client, [...good.slice(0, 3), entry(k0[3]!, 2), ...good.slice(4)]), status.FAILED_PRECONDITION, /entries\[3\]: stale epoch for microshard 0: request epoch 2, current epoch 3/);
  t.is(trailer(stale, 'x-shardcast-owner'), 'a');
  t.is(trailer(stale, 'x-shardcast-epoch'), '3');
  // Another owner's key inside the batch.
  const foreign = await rejected(t, putBatch(client, [...good.slice(0, 5), entry(k1!, 7)]), status.FAILED_PRECONDITION, /entries\[5\]: microshard 1 is owned by node b/);
  t.is(trailer(foreign, 'x-shardcast-owner-address'), NODES.b);
  // A newer epoch than the node knows: UNAVAILABLE (retry once the routes arrive).
  await rejected(t, putBatch(client, [entry(k0[1]!, 3), entry(k0[2]!, 4)]), status.UNAVAILABLE, /entries\[1\]: microshard 0: request epoch 4 is newer/);

  t.deepEqual(await state(client, watched), before, 'no refused batch changed anything');

  // A fence at the batch's epoch: UNAVAILABLE, nothing applied; lifted, the same batch applies whole.
  await call(client, 'Fence', { microshardId: '0', epoch: '3', fenced: true });
  await rejected(t, putBatch(client, good), status.UNAVAILABLE, /entries\[0\]: microshard 0 is fenced at epoch 3/);
  t.deepEqual(await state(client, watched), before, 'nothing written while fenced');
  await call(client, 'Fence', { microshardId: '0', epoch: '3', fenced: false });
  const ok = await putBatch(client, good);
  t.deepEqual(ok.results.map((r) => r.version), ['2', '1', '1', '1', '1', '1']);
});

test('GetBatch: all or none, naming the key; mixed microshards refused', async (t) => {
  const { client } = await startNode(t, 'a');
  await assign(client, 'a', TABLE);
  const k0 = keysIn(4, 0, 3, 'gb');
  const [k1] = keysIn(4, 1, 1, 'gb');
  const [k3] = keysIn(4, 3, 1, 'gb');
  await putBatch(client, k0.map((k) => entry(k, 3)));
  const get = (keys: Array<string | Buffer>) => call(client, 'GetBatch', { keys: keys.map((k) => ({ key: typeof k === 'string' ? Buffer.from(k) : k })) });
  await rejected(t, get([]), status.INVALID_ARGUMENT, /keys must not be empty/);
  await rejected(t, get([k0[0]!, Buffer.alloc(0)]), status.INVALID_ARGUMENT, /keys\[1\]\.key must not be empty/);
  await rejected(t, get(Array.from({ length: MAX_BATCH_ENTRIES + 1 }, () => k0[0]!)), status.INVALID_ARGUMENT, /keys: 1025 keys/);
  const foreign = await rejected(t, get([...k0, k1!]), status.FAILED_PRECONDITION, /keys\[3\]: microshard 1 is owned by node b/);
  t.is(trailer(foreign, 'x-shardcast-owner'), 'b');
  await rejected(t, get([k0[0]!, k3!]), status.INVALID_ARGUMENT, /keys\[1\] is in microshard 3 but keys\[0\] is in microshard 0/);
  // The lease running out refuses the whole batch.
  await assign(client, 'a', TABLE, 0);
  await rejected(t, get(k0), status.UNAVAILABLE, /keys\[0\]: ownership lease ran out/);
});

test('client library: concurrent puts and gets are coalesced into batches; a bad call fails alone; a stale batch re-routes', async (t) => {
  const { ds, client: raw } = await startNode(t, 'n1');
  const owners = [{ id: 'n1', address: ds.address }];
  await assign(raw, 'n1', evenTable(1, 4, owners));
  const sidecar = await startStaticSidecar(evenTable(1, 4, owners));
  t.teardown(() => sidecar.stop());
  const c = new ShardcastClient({ sidecars: [sidecar.address], security: INSECURE });
  t.teardown(() => c.close());
  await c.start();

  const keys = Array.from({ length: 400 }, (_, i) => `cl-${i}`);
  const puts = await Promise.all(keys.map((k) => c.put(k, `val-${k}`)));
  t.true(puts.every((p) => p.version === '1' && !p.duplicate && p.attempts === 1));
  t.true(c.putBatches.batches <= 40, `400 concurrent puts over 4 microshards went out in ${c.putBatches.batches} RPCs`);
  const gets = await Promise.all(keys.map((k) => c.get(k)));
  t.deepEqual(gets.map((g) => g.value.toString()), keys.map((k) => `val-${k}`));
  t.true(c.getBatches.batches <= 40, `400 concurrent gets went out in ${c.getBatches.batches} RPCs`);

  // A key over the limit among good ones: only that call fails, the others are written.
  const huge = 'h'.repeat(64 * 1024 + 1);
  const mixed = await Promise.allSettled([c.put('fine-1', 'a'), c.put(huge, 'b'), c.put('fine-2', 'c')]);
  t.deepEqual(mixed.map((m) => m.status), ['fulfilled', 'rejected', 'fulfilled']);
  t.regex(String((mixed[1] as PromiseRejectedResult).reason.message), /key is 65537 bytes/);
  t.like(await c.get('fine-2'), { found: true, version: '1' });

  // The node moves to epoch 2 before the client hears of it: the whole batch is refused as
  // stale, and every call re-routes with the new epoch once the table arrives.
  await assign(raw, 'n1', evenTable(2, 4, owners, 2));
  setTimeout(() => sidecar.publish(evenTable(2, 4, owners, 2)), 100);
  const moved = await Promise.all(keys.slice(0, 100).map((k) => c.put(k, `two-${k}`)));
  t.true(moved.every((p) => p.version === '2' && p.epoch === '2' && p.attempts === 2));
  t.like(await c.get(keys[0]!), { value: Buffer.from(`two-${keys[0]}`) });
});
