// The copy path between two real storage nodes (in-process, real gRPC on loopback): a Push from
// the source straight into an Ingest on the target it was armed for, the events the source's
// sidecar follows, a budget changed mid-copy, disarming, and bad input to the three calls.
import test, { type ExecutionContext } from 'ava';
import * as grpc from '@grpc/grpc-js';
import { deadline } from '../../platform/server.js';
import { positionToHex } from '../../core/keyspace.js';
import type { PushEvent__Output } from '../../generated/proto/shardcast/v1/PushEvent.js';
import { assign, call, fullTable, keysIn, ranges, startNode, type TestNode } from './helpers.js';

const R0 = ranges(2)[0]!;
const RANGE = { start: positionToHex(R0.start), end: positionToHex(R0.end) };

async function pair(t: ExecutionContext): Promise<[TestNode, TestNode]> {
  const a = await startNode(t, 'a');
  const b = await startNode(t, 'b');
  const u = fullTable(1, [{ owner: 'a', epoch: 1 }, { owner: 'a', epoch: 1 }]);
  await assign(a.client, 'a', u);
  await assign(b.client, 'b', u);
  return [a, b];
}

/** Writes the keys (all of microshard 0) in batches: a durable write each would make the tests slow. */
async function load(n: TestNode, keys: string[], value: string | Buffer): Promise<void> {
  for (let i = 0; i < keys.length; i += 50) {
    const entries = keys.slice(i, i + 50).map((k) => ({ key: Buffer.from(k), value: Buffer.isBuffer(value) ? value : Buffer.from(value), epoch: '1' }));
    await call(n.client, 'PutBatch', { entries });
  }
}

function openPush(a: TestNode) {
  const events: PushEvent__Output[] = [];
  const s = a.client.Push({ deadline: deadline(60_000) });
  let error: grpc.ServiceError | undefined;
  s.on('data', (e: PushEvent__Output) => events.push(e));
  s.on('error', (e: grpc.ServiceError) => (error = e));
  return { s, events, error: () => error };
}

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  const stopAt = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > stopAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a push moves the range straight to the armed target: chunks reported sent, then applied, the tail followed to the head', async (t) => {
  const [a, b] = await pair(t);
  const keys = keysIn(2, 0, 300, 'p');
  await load(a, keys.slice(0, 200), Buffer.alloc(2000, 1));
  await call(b.client, 'ArmIngest', { migrationId: '5', ...RANGE, sourceNode: 'a', armed: true });
  const p = openPush(a);
  p.s.write({ start: { migrationId: '5', ...RANGE, targetAddress: b.ds.address, targetNode: 'b', chunkEntries: 50 } });
  await until('snapshot applied', () => p.events.some((e) => e.applied?.snapshotDone));
  await load(a, keys.slice(150), 'tail');
  const last = (await call<{ lastSeq: string }>(a.client, 'Stats', {})).lastSeq;
  await until('tail applied', () => p.events.some((e) => e.applied && BigInt(e.applied.appliedSeq) >= BigInt(last)));
  const sent = p.events.filter((e) => e.sent).map((e) => e.sent!);
  t.true(sent.length >= 5, `${sent.length} chunks`);
  t.true(sent.some((c) => c.snapshotDone));
  t.true(sent.some((c) => c.atHead), 'a chunk said the copy reached the head');
  t.false(sent.filter((c) => !c.snapshotDone && Number(c.entries) > 0).slice(0, 3).some((c) => c.atHead), 'snapshot chunks are not at the head');
  t.true(sent.every((c) => Number(c.bytes) > 0 || c.entries === 0));
  t.deepEqual(await call(b.client, 'Checksum', RANGE), await call(a.client, 'Checksum', RANGE));
  t.like(await call(b.client, 'Checksum', RANGE), { entries: '300' });
  t.is(p.error(), undefined);
  p.s.cancel();
});

test('the budget is the source node\'s: a push at 200 kB/s is held back until the sidecar lifts it', async (t) => {
  const [a, b] = await pair(t);
  await load(a, keysIn(2, 0, 100, 'q'), Buffer.alloc(10_000, 2));
  await call(b.client, 'ArmIngest', { migrationId: '6', ...RANGE, sourceNode: 'a', armed: true });
  const p = openPush(a);
  const t0 = performance.now();
  p.s.write({ start: { migrationId: '6', ...RANGE, targetAddress: b.ds.address, targetNode: 'b', chunkEntries: 10, rateBytesPerS: '200000' } });
  await new Promise((r) => setTimeout(r, 1000));
  const early = p.events.filter((e) => e.sent).reduce((s, e) => s + Number(e.sent!.bytes), 0);
  const elapsed = (performance.now() - t0) / 1000;
  // One chunk may go before the budget bites (~100 kB), then 200 kB/s.
  t.true(early <= 200_000 * elapsed + 110_000, `${early} bytes in ${elapsed.toFixed(2)} s at 200 kB/s`);
  p.s.write({ rateBytesPerS: '0' });
  await until('snapshot applied after the budget was lifted', () => p.events.some((e) => e.applied?.snapshotDone), 5_000);
  t.like(await call(b.client, 'Checksum', RANGE), { entries: '100' });
  p.s.cancel();
});

test('disarming stops an ingest that runs and forbids the next; the push reports the failure', async (t) => {
  const [a, b] = await pair(t);
  await load(a, keysIn(2, 0, 200, 'd'), Buffer.alloc(5_000, 3));
  await call(b.client, 'ArmIngest', { migrationId: '7', ...RANGE, sourceNode: 'a', armed: true });
  const p = openPush(a);
  p.s.write({ start: { migrationId: '7', ...RANGE, targetAddress: b.ds.address, targetNode: 'b', chunkEntries: 10, rateBytesPerS: '100000' } });
  await until('a chunk applied', () => p.events.some((e) => e.applied));
  t.like(await call(b.client, 'ArmIngest', { migrationId: '7', armed: false }), { stopped: 1 });
  await until('the push failed', () => p.error() !== undefined);
  t.is(p.error()!.code, grpc.status.FAILED_PRECONDITION);
  t.regex(p.error()!.details, /ingest into b .* failed: .*disarmed/);
  // Nothing lands after the disarm returned: a drop now is final.
  await call(b.client, 'Drop', RANGE);
  await new Promise((r) => setTimeout(r, 300));
  t.like(await call(b.client, 'Checksum', RANGE), { entries: '0' });
  const again = openPush(a);
  again.s.write({ start: { migrationId: '7', ...RANGE, targetAddress: b.ds.address, targetNode: 'b' } });
  await until('refused', () => again.error() !== undefined);
  t.regex(again.error()!.details, /not armed/);
});

test('bad input to Push, ArmIngest and Ingest: the right status, naming the field; nothing of a bad chunk applied', async (t) => {
  const [a, b] = await pair(t);
  const pushErr = async (first: unknown) => {
    const p = openPush(a);
    p.s.write(first as never);
    await until('an error', () => p.error() !== undefined, 5_000);
    return p.error()!;
  };
  const base = { migrationId: '8', ...RANGE, targetAddress: b.ds.address, targetNode: 'b' };
  const cases: Array<[unknown, RegExp]> = [
    [{ rateBytesPerS: '5' }, /first Push message must carry start/],
    [{ start: { ...base, migrationId: 'x' } }, /start\.migration_id/],
    [{ start: { ...base, start: 'zz' } }, /start|range/],
    [{ start: { ...base, targetAddress: 'nowhere' } }, /start\.target_address/],
    [{ start: { ...base, targetNode: 'a' } }, /this node/],
    [{ start: { ...base, targetNode: 'bad node' } }, /start\.target_node/],
  ];
  for (const [first, re] of cases) {
    const e = await pushErr(first);
    t.is(e.code, grpc.status.INVALID_ARGUMENT, `${JSON.stringify(first)}: ${e.details}`);
    t.regex(e.details, re);
  }
  const armErr = async (req: unknown) => (await t.throwsAsync(call(b.client, 'ArmIngest', req))) as grpc.ServiceError;
  for (const [req, re] of [
    [{ migrationId: '', ...RANGE, sourceNode: 'a', armed: true }, /migration_id/],
    [{ migrationId: '8', start: RANGE.end, end: RANGE.start, sourceNode: 'a', armed: true }, /start .* below/],
    [{ migrationId: '8', ...RANGE, sourceNode: '', armed: true }, /source_node/],
    [{ migrationId: '8', ...RANGE, sourceNode: 'b', armed: true }, /this node/],
  ] as Array<[unknown, RegExp]>) {
    const e = await armErr(req);
    t.is(e.code, grpc.status.INVALID_ARGUMENT, e.details);
    t.regex(e.details, re);
  }
  // An Ingest with a malformed entry: refused naming it, and none of its chunk applied.
  await call(b.client, 'ArmIngest', { migrationId: '9', ...RANGE, sourceNode: 'a', armed: true });
  const s = b.client.Ingest({ deadline: deadline(5000) });
  const err = await new Promise<grpc.ServiceError>((resolve) => {
    s.on('error', resolve);
    s.on('data', () => undefined);
    s.write({ start: { migrationId: '9', ...RANGE, sourceNode: 'a' } });
    const good = keysIn(2, 0, 2, 'ok').map((k) => ({ key: Buffer.from(k), value: Buffer.from('v'), version: '3' }));
    s.write({ entries: [...good, { key: Buffer.alloc(0), value: Buffer.from('v'), version: '3' }], seq: '9', snapshotDone: true });
  });
  t.is(err.code, grpc.status.INVALID_ARGUMENT);
  t.regex(err.details, /entries\[2\]\.key must not be empty/);
  t.like(await call(b.client, 'Checksum', RANGE), { entries: '0' });
});
