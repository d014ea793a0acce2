// Bad input of issue 12 against a real storage node (real gRPC on loopback, real LMDB): bytes
// that are no protobuf message, epochs and versions at the type's maximum, a fence of a microshard
// the node does not know. Each is refused with the status that says whose mistake it is and a
// message naming the field, and the node keeps serving what it had.
import test, { type ExecutionContext } from 'ava';
import * as grpc from '@grpc/grpc-js';
import { status, type ServiceError } from '@grpc/grpc-js';
import { assign, call, fullTable, startNode } from '../datastore/helpers.js';
import { deadline } from '../../platform/server.js';
import type { DataPlaneClient } from '../../generated/proto/shardcast/v1/DataPlane.js';

const U64_MAX = '18446744073709551615';
const U64_MAX_LESS_1 = '18446744073709551614';

async function rejected(t: ExecutionContext, p: Promise<unknown>, code: status, message: RegExp): Promise<void> {
  const err = (await t.throwsAsync(p)) as ServiceError;
  t.is(err.code, code, `expected ${status[code]}, got ${status[err.code]}: ${err.details}`);
  t.regex(err.details, message);
}

function importEntries(client: DataPlaneClient, entries: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const s = client.Import({ deadline: deadline(10_000) }, (err, res) => (err ? reject(err) : resolve(res)));
    s.write({ entries: entries as never[] });
    s.end();
  });
}

const put = (client: DataPlaneClient, key: string, epoch: string) => call(client, 'Put', { key: Buffer.from(key), value: Buffer.from('v'), epoch });

/** A call with raw request bytes: unary, or a client stream of `messages`. Resolves with the status. */
function rawCall(address: string, path: string, messages: Buffer[], stream: boolean): Promise<{ code: status; details: string }> {
  const c = new grpc.Client(address, grpc.credentials.createInsecure());
  const id = (b: Buffer): Buffer => b;
  return new Promise<{ code: status; details: string }>((resolve) => {
    const done = (err: ServiceError | null): void => resolve(err ? { code: err.code, details: err.details } : { code: status.OK, details: '' });
    if (!stream) {
      c.makeUnaryRequest(path, id, id, messages[0]!, { deadline: deadline(5_000) }, done);
      return;
    }
    const s = c.makeClientStreamRequest(path, id, id, { deadline: deadline(5_000) }, done);
    for (const m of messages) s.write(m);
    s.end();
  }).finally(() => c.close());
}

test('undecodable requests are INVALID_ARGUMENT naming the message type, unary and streamed', async (t) => {
  const { client, ds } = await startNode(t, 'a');
  await assign(client, 'a', fullTable(1, [{ owner: 'a', epoch: 1 }]));
  // Field 1 with wire type 7 (there is none); a length prefix running past the end.
  const r1 = await rawCall(ds.address, '/shardcast.v1.DataPlane/Put', [Buffer.from([0x0f, 0x01])], false);
  t.is(r1.code, status.INVALID_ARGUMENT, r1.details);
  t.regex(r1.details, /\/shardcast\.v1\.DataPlane\/Put: the request is not a valid shardcast\.v1\.PutRequest \(index out of range/);
  const r2 = await rawCall(ds.address, '/shardcast.v1.DataPlane/Get', [Buffer.from([0x0a, 0x7f, 0x01])], false);
  t.is(r2.code, status.INVALID_ARGUMENT, r2.details);
  t.regex(r2.details, /not a valid shardcast\.v1\.GetRequest/);
  // A stream whose second message is garbage: refused there. Whether the first chunk was applied
  // depends on how far the handler had read (the refusal acknowledges nothing); if it was, whole.
  const good = Buffer.from([0x0a, 0x0a, 0x0a, 0x01, 0x61, 0x12, 0x01, 0x76, 0x18, 0x01]); // entries { key "a" value "v" version 1 }
  const r3 = await rawCall(ds.address, '/shardcast.v1.DataPlane/Import', [good, Buffer.from([0xff, 0xff, 0xff])], true);
  t.is(r3.code, status.INVALID_ARGUMENT, r3.details);
  t.regex(r3.details, /not a valid shardcast\.v1\.ImportChunk/);
  const a = await call(client, 'Get', { key: Buffer.from('a') });
  t.true(a.found ? a.version === '1' && Buffer.from(a.value).toString() === 'v' : a.version === '0', JSON.stringify(a));
  t.like(await put(client, 'after', '1'), { version: '1' }, 'the node keeps serving');
});

test('epochs at the type maximum are refused; a fence of an unknown microshard is NOT_FOUND', async (t) => {
  const { client } = await startNode(t, 'a');
  await rejected(t, call(client, 'Fence', { microshardId: '0', epoch: '1', fenced: true }), status.UNAVAILABLE, /no route table yet/);
  await assign(client, 'a', fullTable(1, [{ owner: 'a', epoch: 1 }]));
  await rejected(t, put(client, 'k', U64_MAX), status.INVALID_ARGUMENT, /^epoch 18446744073709551615 is out of range/);
  await rejected(t, call(client, 'Delete', { key: Buffer.from('k'), epoch: U64_MAX }), status.INVALID_ARGUMENT, /^epoch .* out of range/);
  await rejected(
    t,
    call(client, 'PutBatch', { entries: [{ key: Buffer.from('k'), value: Buffer.from('v'), epoch: '1' }, { key: Buffer.from('j'), value: Buffer.from('v'), epoch: U64_MAX }] }),
    status.INVALID_ARGUMENT,
    /^entries\[1\]\.epoch .* out of range/,
  );
  await rejected(t, call(client, 'Fence', { microshardId: '0', epoch: U64_MAX, fenced: true }), status.INVALID_ARGUMENT, /^epoch .* out of range/);
  // The microshard ids of this table are 0 only.
  await rejected(t, call(client, 'Fence', { microshardId: '7', epoch: '1', fenced: true }), status.NOT_FOUND, /microshard 7 is not in this node's route table \(revision 1\)/);
  // Lifting is idempotent: no fence there is what a lift asks for.
  t.like(await call(client, 'Fence', { microshardId: '7', epoch: '1', fenced: false }), { lastSeq: '0' });
  // Nothing was fenced by any of that: writes at the epoch go through.
  t.like(await put(client, 'k', '1'), { version: '1' });
  // A fence above the microshard's current epoch (1) would wedge it for every later owner too.
  await rejected(t, call(client, 'Fence', { microshardId: '0', epoch: U64_MAX_LESS_1, fenced: true }), status.UNAVAILABLE, /cannot fence microshard 0 at epoch 18446744073709551614: this node knows it at epoch 1/);
  await rejected(t, call(client, 'Fence', { microshardId: '0', epoch: '2', fenced: true }), status.UNAVAILABLE, /knows it at epoch 1/);
  t.like(await put(client, 'k', '1'), { version: '2' });
  // At the current epoch it fences, and lifts.
  await call(client, 'Fence', { microshardId: '0', epoch: '1', fenced: true });
  await rejected(t, put(client, 'k', '1'), status.UNAVAILABLE, /fenced at epoch 1/);
  await call(client, 'Fence', { microshardId: '0', epoch: '1', fenced: false });
  t.like(await put(client, 'k', '1'), { version: '3' });
  // A late abort lifting the fence of a microshard that left the table (pruning its fence) is fine.
  await call(client, 'Fence', { microshardId: '0', epoch: '1', fenced: true });
  await assign(client, 'a', { revision: '2', full: true, upserts: [{ id: '5', start: '0', end: '10000000000000000', owner: 'a', epoch: '1', state: 'ACTIVE' }] });
  t.like(await call(client, 'Fence', { microshardId: '0', epoch: '1', fenced: false }), { lastSeq: '3' });
  await rejected(t, call(client, 'Fence', { microshardId: '0', epoch: '1', fenced: true }), status.NOT_FOUND, /microshard 0 is not in this node's route table \(revision 2\)/);
});

test('versions: an import at the maximum is refused; a key at the largest version refuses writes cleanly', async (t) => {
  const { client } = await startNode(t, 'a');
  await assign(client, 'a', fullTable(1, [{ owner: 'a', epoch: 1 }]));
  await rejected(t, importEntries(client, [{ key: Buffer.from('x'), value: Buffer.from('v'), version: U64_MAX }]), status.INVALID_ARGUMENT, /^entries\[0\]\.version 18446744073709551615 is out of range/);
  t.like(await call(client, 'Get', { key: Buffer.from('x') }), { found: false }, 'nothing planted');
  // One below the maximum is the largest an import brings: one write may follow it, and then
  // writes are refused as a precondition (not INTERNAL: the version does not wrap around).
  await importEntries(client, [{ key: Buffer.from('x'), value: Buffer.from('v'), version: '18446744073709551613' }]);
  t.like(await put(client, 'x', '1'), { version: U64_MAX_LESS_1 });
  t.like(await put(client, 'x', '1'), { version: U64_MAX });
  await rejected(t, put(client, 'x', '1'), status.FAILED_PRECONDITION, /the key is at version 18446744073709551615, the largest/);
  await rejected(t, call(client, 'Delete', { key: Buffer.from('x'), epoch: '1' }), status.FAILED_PRECONDITION, /largest/);
  await rejected(t, call(client, 'PutBatch', { entries: [{ key: Buffer.from('x'), value: Buffer.from('w'), epoch: '1' }] }), status.FAILED_PRECONDITION, /^entries\[0\]\.key is at version/);
  t.like(await call(client, 'Get', { key: Buffer.from('x') }), { found: true, value: Buffer.from('v'), version: U64_MAX }, 'the stored value is intact');
  t.like(await put(client, 'y', '1'), { version: '1' }, 'other keys are written as before');
});
