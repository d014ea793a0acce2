// The DataPlane contract over real gRPC (127.0.0.1, port 0) and real LMDB in a temp dir.
import test, { type ExecutionContext } from 'ava';
import * as grpc from '@grpc/grpc-js';
import { status, type ServiceError } from '@grpc/grpc-js';
import { assign, call, fullTable, keysIn, microshardWire, sleep, startNode, trailer, waitFor } from './helpers.js';
import { DEFAULT_MAX_KEY_BYTES, DEFAULT_MAX_VALUE_BYTES } from '../../datastore/index.js';
import { deadline } from '../../platform/server.js';

const NODES = { a: 'a-host:7001', b: 'b-host:7002' };
// Microshard 0: a@3 ACTIVE, 1: b@7, 2: a@2 FENCED, 3: a@1 ORPHANED.
const TABLE = fullTable(10, [{ owner: 'a', epoch: 3 }, { owner: 'b', epoch: 7 }, { owner: 'a', epoch: 2, state: 'FENCED' }, { owner: 'a', epoch: 1, state: 'ORPHANED' }], NODES);

function put(client: Parameters<typeof call>[0], key: string | Buffer, epoch: number | string, value = 'v', requestId = ''): Promise<{ version: string; duplicate: boolean }> {
  return call(client, 'Put', { key: typeof key === 'string' ? Buffer.from(key) : key, value: Buffer.from(value), epoch: String(epoch), requestId });
}

async function rejected(t: ExecutionContext, p: Promise<unknown>, code: status, message?: RegExp): Promise<ServiceError> {
  const err = (await t.throwsAsync(p)) as ServiceError;
  t.is(err.code, code, `expected ${status[code]}, got ${status[err.code]}: ${err.details}`);
  if (message) t.regex(err.details, message);
  return err;
}

test('epochs: exact epoch accepted, older or foreign is FAILED_PRECONDITION with owner trailers, newer is UNAVAILABLE', async (t) => {
  const { client } = await startNode(t, 'a');
  await rejected(t, put(client, 'x', 1), status.UNAVAILABLE, /no route table yet/);
  t.like(await assign(client, 'a', TABLE), { revision: '10', ownedMicroshards: 3 });

  const [k0] = keysIn(4, 0, 1);
  t.like(await put(client, k0!, 3, 'one'), { version: '1', duplicate: false });
  t.like(await put(client, k0!, 3, 'two'), { version: '2' });
  t.like(await call(client, 'Get', { key: Buffer.from(k0!) }), { found: true, value: Buffer.from('two'), version: '2' });

  const older = await rejected(t, put(client, k0!, 2), status.FAILED_PRECONDITION, /microshard 0.*request epoch 2.*current epoch 3/);
  t.is(trailer(older, 'x-shardcast-owner'), 'a');
  t.is(trailer(older, 'x-shardcast-owner-address'), NODES.a);
  t.is(trailer(older, 'x-shardcast-epoch'), '3');

  const [k1] = keysIn(4, 1, 1);
  const foreign = await rejected(t, put(client, k1!, 7), status.FAILED_PRECONDITION, /microshard 1 is owned by node b at epoch 7/);
  t.is(trailer(foreign, 'x-shardcast-owner'), 'b');
  t.is(trailer(foreign, 'x-shardcast-owner-address'), NODES.b);
  t.is(trailer(foreign, 'x-shardcast-epoch'), '7');
  const foreignRead = await rejected(t, call(client, 'Get', { key: Buffer.from(k1!) }), status.FAILED_PRECONDITION);
  t.is(trailer(foreignRead, 'x-shardcast-owner'), 'b');

  await rejected(t, put(client, k0!, 4), status.UNAVAILABLE, /epoch 4 is newer/);
  const [k2] = keysIn(4, 2, 1);
  const [k3] = keysIn(4, 3, 1);
  await rejected(t, put(client, k2!, 2), status.UNAVAILABLE, /FENCED/);
  await rejected(t, call(client, 'Delete', { key: Buffer.from(k3!), epoch: '1' }), status.UNAVAILABLE, /ORPHANED/);
  t.like(await call(client, 'Get', { key: Buffer.from(k2!) }), { found: false }, 'reads of owned FENCED microshards are served');

  // Nothing refused was written.
  t.like(await call(client, 'Get', { key: Buffer.from(k0!) }), { version: '2' });
  t.like(await call(client, 'Stats', {}), { lastSeq: '2', entries: '1' });

  // Delete is a write: the version keeps increasing through it.
  t.like(await call(client, 'Delete', { key: Buffer.from(k0!), epoch: '3' }), { found: true });
  t.like(await call(client, 'Delete', { key: Buffer.from(k0!), epoch: '3' }), { found: false });
  t.like(await call(client, 'Get', { key: Buffer.from(k0!) }), { found: false });
  t.like(await put(client, k0!, 3, 'again'), { version: '4' });
});

test('fence: writes at or below the fenced epoch wait, last_seq ends the tail, lifting is idempotent', async (t) => {
  const { client } = await startNode(t, 'a');
  await assign(client, 'a', fullTable(1, [{ owner: 'a', epoch: 5 }], NODES));
  const keys = keysIn(1, 0, 2_000, 'f');
  // Eight writers keep writing until the fence stops them: every acknowledged write must have a
  // seq at or below last_seq, and nothing may be applied after it.
  let next = 0;
  let acked = 0;
  const writer = async (): Promise<void> => {
    while (next < keys.length) {
      try {
        await put(client, keys[next++]!, 5);
        acked++;
      } catch (err) {
        if ((err as ServiceError).code === status.UNAVAILABLE) return;
        throw err;
      }
    }
  };
  const writers = Array.from({ length: 8 }, writer);
  await waitFor(() => acked >= 20, 20_000, 'writes to flow');
  const fence = await call(client, 'Fence', { microshardId: '0', epoch: '5', fenced: true });
  await Promise.all(writers);
  t.log(`${acked} writes acknowledged before the fence`);
  t.true(acked > 0 && next < keys.length, 'the fence landed while writes were flowing');
  t.is(fence.lastSeq, String(acked), 'each acknowledged write took one seq, all at or before last_seq');
  t.is((await call(client, 'Stats', {})).lastSeq, fence.lastSeq, 'nothing was applied after the fence');
  await rejected(t, put(client, 'after', 5), status.UNAVAILABLE, /fenced at epoch 5/);
  t.like(await call(client, 'Fence', { microshardId: '0', epoch: '5', fenced: true }), { lastSeq: fence.lastSeq }, 'idempotent');
  t.is(typeof (await call(client, 'Get', { key: Buffer.from(keys[0]!) })).found, 'boolean', 'reads still served');

  await rejected(t, call(client, 'Fence', { microshardId: '0', epoch: '4', fenced: false }), status.FAILED_PRECONDITION, /fenced at epoch 5/);
  t.like(await call(client, 'Fence', { microshardId: '0', epoch: '5', fenced: false }), { lastSeq: fence.lastSeq });
  t.like(await call(client, 'Fence', { microshardId: '0', epoch: '5', fenced: false }), { lastSeq: fence.lastSeq }, 'lifting twice is fine');
  t.like(await put(client, 'after', 5), { version: '1' });

  // A fence at epoch 5 no longer blocks the microshard once it is re-owned at epoch 6.
  await call(client, 'Fence', { microshardId: '0', epoch: '5', fenced: true });
  await rejected(t, put(client, 'after', 5), status.UNAVAILABLE);
  await assign(client, 'a', fullTable(11, [{ owner: 'a', epoch: 6 }], NODES));
  t.like(await put(client, 'after', 6), { version: '2' });
});

test('a fence survives a restart', async (t) => {
  const first = await startNode(t, 'a');
  await assign(first.client, 'a', fullTable(1, [{ owner: 'a', epoch: 2 }]));
  t.like(await put(first.client, 'k', 2), { version: '1' });
  await call(first.client, 'Fence', { microshardId: '0', epoch: '2', fenced: true });
  first.client.close();
  await first.ds.stop();
  const second = await startNode(t, 'a', { dir: first.dir });
  await assign(second.client, 'a', fullTable(1, [{ owner: 'a', epoch: 2 }]));
  await rejected(t, put(second.client, 'k', 2), status.UNAVAILABLE, /fenced at epoch 2/);
  t.like(await call(second.client, 'Get', { key: Buffer.from('k') }), { found: true, version: '1' });
});

test('lease: writes and reads stop when it runs out, resume on renewal; 0 fences now', async (t) => {
  const { client } = await startNode(t, 'a');
  await assign(client, 'a', fullTable(1, [{ owner: 'a', epoch: 1 }]), 10_000);
  t.like(await put(client, 'k', 1), { version: '1' });
  // A short renewal, then let it run out.
  await assign(client, 'a', { revision: '1', full: false }, 200);
  await sleep(300);
  await rejected(t, put(client, 'k', 1), status.UNAVAILABLE, /lease ran out/);
  await rejected(t, call(client, 'Get', { key: Buffer.from('k') }), status.UNAVAILABLE, /lease ran out/);
  // Renewal only (the sidecar's heartbeat: same revision, empty delta).
  t.like(await assign(client, 'a', { revision: '1', full: false }, 10_000), { revision: '1', ownedMicroshards: 1 });
  t.like(await put(client, 'k', 1), { version: '2' });
  await assign(client, 'a', { revision: '1', full: false }, 0);
  await rejected(t, put(client, 'k', 1), status.UNAVAILABLE, /lease ran out/);
});

test('ApplyAssignments: only newer revisions apply, deltas need a full table, wrong node refused', async (t) => {
  const { client } = await startNode(t, 'a');
  await rejected(t, assign(client, 'a', { revision: '3', full: false, upserts: [microshardWire(1, 0, { owner: 'a', epoch: 1 })] }), status.FAILED_PRECONDITION, /need a full table first/);
  await rejected(t, assign(client, 'b', fullTable(1, [{ owner: 'a', epoch: 1 }])), status.FAILED_PRECONDITION, /this storage node is "a"/);
  t.like(await assign(client, 'a', fullTable(10, [{ owner: 'a', epoch: 3 }, { owner: 'a', epoch: 3 }])), { revision: '10', ownedMicroshards: 2 });
  const [k0] = keysIn(2, 0, 1);
  // An older full table (revision 9, epoch 5) is ignored.
  t.like(await assign(client, 'a', fullTable(9, [{ owner: 'a', epoch: 5 }, { owner: 'a', epoch: 5 }])), { revision: '10', ownedMicroshards: 2 });
  t.like(await put(client, k0!, 3), { version: '1' });
  await rejected(t, put(client, k0!, 5), status.UNAVAILABLE);
  // A newer delta moves microshard 0 to b at epoch 4.
  t.like(await assign(client, 'a', { revision: '11', full: false, upserts: [microshardWire(2, 0, { owner: 'b', epoch: 4 })], nodes: [{ id: 'b', datastoreAddress: NODES.b }] }), { revision: '11', ownedMicroshards: 1 });
  const err = await rejected(t, put(client, k0!, 3), status.FAILED_PRECONDITION);
  t.is(trailer(err, 'x-shardcast-owner-address'), NODES.b);
  t.is(trailer(err, 'x-shardcast-epoch'), '4');
  // A table with a gap is refused and the current one kept.
  const gap = fullTable(12, [{ owner: 'a', epoch: 1 }, { owner: 'a', epoch: 1 }, { owner: 'a', epoch: 1 }]) as { upserts: unknown[] };
  gap.upserts.splice(1, 1);
  await rejected(t, assign(client, 'a', gap), status.INVALID_ARGUMENT, /tile/);
  t.like(await call(client, 'Stats', {}), { revision: '11' });
});

test('idempotent request_id: a retried Put is acknowledged again without being applied twice', async (t) => {
  const { client } = await startNode(t, 'a');
  await assign(client, 'a', fullTable(1, [{ owner: 'a', epoch: 1 }]));
  t.like(await put(client, 'acct', 1, '100', 'req-1'), { version: '1', duplicate: false });
  t.like(await put(client, 'acct', 1, '100', 'req-1'), { version: '1', duplicate: true });
  t.like(await call(client, 'Stats', {}), { lastSeq: '1' });
  t.like(await put(client, 'acct', 1, '200', 'req-2'), { version: '2', duplicate: false });
  t.like(await put(client, 'acct', 1, '200', 'req-2'), { version: '2', duplicate: true });
  t.like(await call(client, 'Get', { key: Buffer.from('acct') }), { value: Buffer.from('200'), version: '2' });
  t.like(await put(client, 'other', 1, 'x', 'req-2'), { version: '1', duplicate: false }, 'the id is per key');
  t.like(await put(client, 'acct', 1, '300'), { version: '3', duplicate: false });
  t.like(await put(client, 'acct', 1, '300'), { version: '4', duplicate: false }, 'without a request_id every Put applies');
});

test('Drop deletes a range it no longer owns; Checksum changes with a write and is order-independent', async (t) => {
  const { client } = await startNode(t, 'a');
  await assign(client, 'a', fullTable(1, [{ owner: 'a', epoch: 1 }]));
  const half = { start: '0000000000000000', end: '8000000000000000' };
  const all = { start: '0', end: '10000000000000000' };
  const keys = Array.from({ length: 200 }, (_, i) => `d${i}`);
  for (const k of keys) await put(client, k, 1, `value-${k}`);
  const sumAll = await call(client, 'Checksum', all);
  t.is(sumAll.entries, '200');
  t.regex(sumAll.digest, /^[0-9a-f]{16}$/);
  const lower = await call(client, 'Checksum', half);
  const upper = await call(client, 'Checksum', { start: '8000000000000000', end: '10000000000000000' });
  t.is(BigInt(lower.entries) + BigInt(upper.entries), 200n);
  t.is((BigInt('0x' + lower.digest) ^ BigInt('0x' + upper.digest)).toString(16).padStart(16, '0'), sumAll.digest, 'XOR of halves is the whole');
  t.is(BigInt(lower.bytes) + BigInt(upper.bytes), BigInt(sumAll.bytes));
  const stats = await call(client, 'Stats', {});
  t.like(stats, { nodeId: 'a', entries: '200', bytes: sumAll.bytes, revision: '1' });
  t.deepEqual(stats.microshards, [{ microshardId: '0', entries: '200', bytes: sumAll.bytes }]);

  await put(client, keys[0]!, 1, 'changed');
  const after = await call(client, 'Checksum', all);
  t.not(after.digest, sumAll.digest, 'a new version changes the digest');
  t.is(after.entries, '200');

  await rejected(t, call(client, 'Drop', half), status.FAILED_PRECONDITION, /refusing to drop.*microshard 0/);
  await assign(client, 'a', fullTable(2, [{ owner: 'b', epoch: 2 }]));
  const dropped = await call(client, 'Drop', half);
  t.is(dropped.entries, lower.entries);
  t.like(await call(client, 'Checksum', half), { digest: '0000000000000000', entries: '0', bytes: '0' });
  t.like(await call(client, 'Checksum', all), { entries: upper.entries });
  const statsAfter = await call(client, 'Stats', {});
  t.is(statsAfter.entries, upper.entries);
  t.deepEqual(statsAfter.microshards, []);
  t.like(await call(client, 'Drop', half), { entries: '0' }, 'idempotent');
});

test('bad input gets INVALID_ARGUMENT naming the field, and the node keeps serving', async (t) => {
  const { client, ds } = await startNode(t, 'a');
  await assign(client, 'a', fullTable(1, [{ owner: 'a', epoch: 1 }]));
  await rejected(t, put(client, Buffer.alloc(0), 1), status.INVALID_ARGUMENT, /key must not be empty/);
  await rejected(t, put(client, Buffer.alloc(DEFAULT_MAX_KEY_BYTES + 1, 1), 1), status.INVALID_ARGUMENT, /key is 65537 bytes/);
  await rejected(t, call(client, 'Put', { key: Buffer.from('k'), value: Buffer.alloc(DEFAULT_MAX_VALUE_BYTES + 1), epoch: '1' }), status.INVALID_ARGUMENT, /value is 16777217 bytes/);
  await rejected(t, call(client, 'Put', { key: Buffer.from('k'), value: Buffer.from('v'), epoch: '1', requestId: 'r'.repeat(300) }), status.INVALID_ARGUMENT, /request_id/);
  await rejected(t, call(client, 'Get', { key: Buffer.alloc(0) }), status.INVALID_ARGUMENT, /key/);
  await rejected(t, call(client, 'Checksum', { start: 'zz', end: '10' }), status.INVALID_ARGUMENT, /^start: /);
  await rejected(t, call(client, 'Drop', { start: '10', end: 'not-hex' }), status.INVALID_ARGUMENT, /^end: /);
  await rejected(t, call(client, 'Drop', { start: '80', end: '10' }), status.INVALID_ARGUMENT, /must be below end/);
  await rejected(t, call(client, 'Checksum', { start: '', end: '' }), status.INVALID_ARGUMENT, /start/);
  await rejected(t, call(client, 'ApplyAssignments', { nodeId: '', routes: null, leaseValidForMs: '1' }), status.INVALID_ARGUMENT, /node_id/);
  await rejected(t, call(client, 'ApplyAssignments', { nodeId: 'a', routes: null, leaseValidForMs: '-5' }), status.INVALID_ARGUMENT, /lease_valid_for_ms/);
  await rejected(
    t,
    assign(client, 'a', { revision: '50', full: true, upserts: [{ id: '0', start: 'xyz', end: '10000000000000000', owner: 'a', epoch: '1', state: 'ACTIVE' }] }),
    status.INVALID_ARGUMENT,
    /routes: .*xyz/,
  );
  await rejected(t, assign(client, 'a', { revision: '51', full: true, upserts: [{ id: '0', start: '0', end: '10000000000000000', owner: 'a', epoch: '1' }] }), status.INVALID_ARGUMENT, /state/);
  const exportErr = await rejected(t, exportAll(client, { start: '5', end: '1' }), status.INVALID_ARGUMENT, /below end/);
  t.truthy(exportErr);
  await rejected(t, exportAll(client, { start: '0', end: '10000000000000000', afterSeq: '3' }), status.INVALID_ARGUMENT, /after_seq needs follow/);
  await rejected(t, importChunks(client, [[{ key: Buffer.from('k'), value: Buffer.from('v'), version: '0' }]]), status.INVALID_ARGUMENT, /entries\[0\]\.version/);
  await rejected(t, importChunks(client, [[{ key: Buffer.from('a'), value: Buffer.from('v'), version: '1' }], [{ key: Buffer.alloc(0), version: '1' }]]), status.INVALID_ARGUMENT, /entries\[1\]\.key/);

  // Bytes that are not a protobuf message at all.
  const raw = new grpc.Client(ds.address, grpc.credentials.createInsecure());
  const garbage = await new Promise<ServiceError | null>((resolve) =>
    raw.makeUnaryRequest('/shardcast.v1.DataPlane/Put', (b: Buffer) => b, (b: Buffer) => b, Buffer.from([0xff, 0xff, 0xff, 0x0f, 0x0a]), { deadline: deadline(5_000) }, (err) => resolve(err)),
  );
  raw.close();
  t.truthy(garbage, 'garbage is refused');

  // Still alive and correct; the longest key allowed works (stored in the long-key form).
  const longKey = Buffer.alloc(DEFAULT_MAX_KEY_BYTES, 7);
  t.like(await put(client, longKey, 1, 'long'), { version: '1' });
  t.like(await put(client, longKey, 1, 'longer'), { version: '2' });
  t.like(await call(client, 'Get', { key: longKey }), { found: true, value: Buffer.from('longer'), version: '2' });
  // The import stream that failed on its second chunk had applied its first ('a' = 'v').
  t.like(await call(client, 'Get', { key: Buffer.from('a') }), { found: true, version: '1' });
  t.like(await call(client, 'Checksum', { start: '0', end: '10000000000000000' }), { entries: '2', bytes: String(DEFAULT_MAX_KEY_BYTES + 6 + 2) });
});

function exportAll(client: Parameters<typeof call>[0], req: Record<string, unknown>): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const chunks: unknown[] = [];
    const s = client.Export(req, { deadline: deadline(10_000) });
    s.on('data', (c) => chunks.push(c));
    s.on('error', reject);
    s.on('end', () => resolve(chunks));
  });
}

function importChunks(client: Parameters<typeof call>[0], chunks: unknown[][]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const s = client.Import({ deadline: deadline(10_000) }, (err, res) => (err ? reject(err) : resolve(res)));
    for (const entries of chunks) s.write({ entries: entries as never[] });
    s.end();
  });
}
