// Pure decisions of datastore/ownership.ts: routes, epochs, fences, lease.
import test from 'ava';
import { status } from '@grpc/grpc-js';
import { Ownership } from '../../datastore/ownership.js';
import { evenRanges } from '../../core/ranges.js';
import { fullTable, microshardWire } from './helpers.js';
import type { RouteUpdateWire } from '../../core/route-table.js';

const [r0, r1, r2, r3] = evenRanges(4);
const mid = (r: { start: bigint; end: bigint }): bigint => (r.start + r.end) / 2n;

function node(): Ownership {
  const o = new Ownership('a');
  o.apply(
    'a',
    fullTable(5, [{ owner: 'a', epoch: 3 }, { owner: 'b', epoch: 7 }, { owner: 'a', epoch: 2, state: 'FENCED' }, { owner: 'a', epoch: 1, state: 'ORPHANED' }], { a: 'a-host:1', b: 'b-host:2' }) as RouteUpdateWire,
    1_000,
    0,
  );
  return o;
}

test('a write at the owned epoch of an ACTIVE microshard is accepted while the lease lasts', (t) => {
  const o = node();
  const d = o.decideWrite(mid(r0!), 3n, 10);
  t.true(d.ok);
  t.is(d.ok && d.microshard.id, '0');
  const expired = o.decideWrite(mid(r0!), 3n, 1_000);
  t.like(expired, { ok: false, kind: 'unavailable' });
  t.regex((expired as { message: string }).message, /lease ran out/);
});

test('older epoch or another owner is stale with the owner; newer epoch is unavailable', (t) => {
  const o = node();
  const older = o.decideWrite(mid(r0!), 2n, 10);
  t.like(older, { ok: false, kind: 'stale', owner: { nodeId: 'a', address: 'a-host:1', epoch: '3' } });
  t.regex((older as { message: string }).message, /microshard 0.*request epoch 2.*current epoch 3.*a/);
  const other = o.decideWrite(mid(r1!), 7n, 10);
  t.like(other, { ok: false, kind: 'stale', owner: { nodeId: 'b', address: 'b-host:2', epoch: '7' } });
  t.regex((other as { message: string }).message, /microshard 1 is owned by node b at epoch 7/);
  t.like(o.decideWrite(mid(r0!), 4n, 10), { ok: false, kind: 'unavailable' });
});

test('FENCED and ORPHANED microshards refuse writes but serve reads', (t) => {
  const o = node();
  t.like(o.decideWrite(mid(r2!), 2n, 10), { ok: false, kind: 'unavailable', message: 'microshard 2 is FENCED' });
  t.like(o.decideWrite(mid(r3!), 1n, 10), { ok: false, kind: 'unavailable', message: 'microshard 3 is ORPHANED' });
  t.true(o.decideRead(mid(r2!), 10).ok);
  t.true(o.decideRead(mid(r3!), 10).ok);
  t.like(o.decideRead(mid(r1!), 10), { ok: false, kind: 'stale' });
});

test('a fence blocks epochs at or below it, keeps the highest, lifts only from its epoch up, and becomes moot at a newer epoch', (t) => {
  const o = node();
  t.is(o.fence('0', 3n), 3n);
  t.like(o.decideWrite(mid(r0!), 3n, 10), { ok: false, kind: 'unavailable' });
  t.is(o.fence('0', 1n), 3n, 'a lower fence does not lower it');
  const err = t.throws(() => o.unfence('0', 2n));
  t.is((err as unknown as { code: number }).code, status.FAILED_PRECONDITION);
  t.true(o.unfence('0', 3n));
  t.false(o.unfence('0', 3n), 'idempotent');
  t.true(o.decideWrite(mid(r0!), 3n, 10).ok);

  o.fence('0', 3n);
  o.apply('a', { revision: '6', full: false, upserts: [microshardWire(4, 0, { owner: 'a', epoch: 4 })], removedIds: [], nodes: [] } as unknown as RouteUpdateWire, 1_000, 10);
  t.true(o.decideWrite(mid(r0!), 4n, 20).ok, 'writes at the new epoch pass a fence at the old one');
  t.deepEqual(o.pruneFences(), ['0']);
  t.is(o.fencedAt('0'), undefined);
});

test('routes apply only at a newer revision; the lease renews anyway; delta before a full table is refused', (t) => {
  const o = node();
  const res = o.apply('a', fullTable(4, [{ owner: 'b', epoch: 9 }, { owner: 'b', epoch: 9 }, { owner: 'b', epoch: 9 }, { owner: 'b', epoch: 9 }]) as RouteUpdateWire, 5_000, 500);
  t.false(res.applied);
  t.is(res.revision, 5n);
  t.is(res.owned, 3);
  t.true(o.decideWrite(mid(r0!), 3n, 4_000).ok, 'old table kept, lease renewed to 5500');

  const fresh = new Ownership('a');
  const err = t.throws(() => fresh.apply('a', { revision: '9', full: false, upserts: [], removedIds: [], nodes: [] } as unknown as RouteUpdateWire, 1_000, 0));
  t.regex(err!.message, /need a full table first/);
  t.like(fresh.decideWrite(0n, 1n, 0), { ok: false, kind: 'unavailable' });
  t.throws(() => o.apply('b', null, 1_000, 0), { message: /for node "b" but this storage node is "a"/ });
});

test('a table that does not tile the keyspace is refused and the old one kept', (t) => {
  const o = node();
  const bad = fullTable(10, [{ owner: 'a', epoch: 3 }, { owner: 'a', epoch: 3 }]) as { upserts: unknown[] };
  bad.upserts.pop();
  const err = t.throws(() => o.apply('a', bad as unknown as RouteUpdateWire, 1_000, 0));
  t.is((err as unknown as { code: number }).code, status.INVALID_ARGUMENT);
  t.is(o.revision, 5n);
});

test('no lease before the first ApplyAssignments, lease 0 fences at once', (t) => {
  const o = new Ownership('a', [['0', 2n]]);
  t.like(o.decideWrite(0n, 1n, 0), { ok: false, kind: 'unavailable' });
  o.apply('a', fullTable(1, [{ owner: 'a', epoch: 2 }]) as RouteUpdateWire, 0, 100);
  const d = o.decideWrite(0n, 2n, 100);
  t.like(d, { ok: false, kind: 'unavailable' });
  t.regex((d as { message: string }).message, /fenced at epoch 2/, 'a fence loaded from disk applies');
  o.unfence('0', 2n);
  t.regex((o.decideWrite(0n, 2n, 100) as { message: string }).message, /lease ran out/);
});

test('a fence naming the next owner refuses with it while that fence stands; a higher plain fence, a lift or a newer table forget it', (t) => {
  const o = node();
  const next = { nodeId: 'b', address: 'b-host:2', epoch: '4' };
  o.fence('0', 3n, next);
  t.like(o.decideWrite(mid(r0!), 3n, 10), { ok: false, kind: 'unavailable', owner: next });
  o.fence('0', 2n, { nodeId: 'c', address: 'c-host:3', epoch: '3' });
  t.like(o.decideWrite(mid(r0!), 3n, 10), { owner: next }, 'a lower fence neither replaces the fence nor its hint');
  o.fence('0', 5n);
  t.is((o.decideWrite(mid(r0!), 3n, 10) as { owner?: unknown }).owner, undefined, 'a higher fence is another cutover');
  o.unfence('0', 5n);
  o.fence('0', 3n, next);
  o.unfence('0', 3n);
  o.fence('0', 3n);
  t.is((o.decideWrite(mid(r0!), 3n, 10) as { owner?: unknown }).owner, undefined, 'a lift forgets the hint');
  o.fence('1', 7n, next);
  o.apply('a', fullTable(6, [{ owner: 'a', epoch: 3 }, { owner: 'b', epoch: 8 }, { owner: 'a', epoch: 2 }, { owner: 'a', epoch: 1 }], { a: 'a-host:1', b: 'b-host:2' }) as RouteUpdateWire, 1_000, 20);
  t.deepEqual(o.pruneFences(), ['1']);
  t.is(o.fencedAt('1'), undefined);
});

test('an armed epoch awaits activation only for that epoch, until the table reaches it or the arm runs out', (t) => {
  const o = new Ownership('b');
  const table = (rev: number, owner0: string, epoch0: number) => fullTable(rev, [{ owner: owner0, epoch: epoch0 }, { owner: 'b', epoch: 1 }], { a: 'a-host:1', b: 'b-host:2' }) as RouteUpdateWire;
  o.apply('b', table(1, 'a', 3), 10_000, 0);
  t.false(o.awaitsActivation(mid(r0!), 4n, 10), 'not armed');
  t.is(o.arm('0', 4n, 500), 3n);
  t.true(o.awaitsActivation(mid(r0!), 4n, 10));
  t.false(o.awaitsActivation(mid(r0!), 5n, 10), 'another epoch');
  t.false(o.awaitsActivation(mid(r0!), 3n, 10));
  t.false(o.awaitsActivation(mid(r0!), 4n, 500), 'the arm ran out');
  t.like(o.decideWrite(mid(r0!), 4n, 10), { ok: false, kind: 'stale' }, 'armed is not owned: still refused');
  o.apply('b', table(2, 'b', 4), 10_000, 20);
  t.false(o.awaitsActivation(mid(r0!), 4n, 30), 'activated');
  t.true(o.decideWrite(mid(r0!), 4n, 30).ok);
  o.pruneArms(30);
  t.is(o.arm('0', 4n, 900), 4n, 'arming an epoch the table already has is ignored');
  t.false(o.awaitsActivation(mid(r0!), 4n, 40));
  o.arm('0', 6n, 900);
  o.disarm('0');
  t.false(o.awaitsActivation(mid(r0!), 6n, 40));
});
