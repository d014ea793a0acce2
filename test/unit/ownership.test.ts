import test from 'ava';
import fc from 'fast-check';
import { reconcileOwnership } from '../../core/ownership.js';
import { evenRanges, tilingViolation } from '../../core/ranges.js';
import type { Microshard } from '../../core/microshard.js';

const table = (n: number, owners: string[]): Microshard[] =>
  evenRanges(n).map((r, i) => ({ ...r, id: String(r.id), owner: owners[i % owners.length] ?? '', epoch: 1n, state: 'ACTIVE', createdAtMs: 0, previousOwner: '' }));

const apply = (ms: Microshard[], changes: ReturnType<typeof reconcileOwnership>) => {
  const byId = new Map(ms.map((m) => [m.id, m]));
  for (const c of changes) byId.set(c.after.id, c.after);
  return [...byId.values()];
};

test('reassign: a lost node\'s microshards get live owners at a higher epoch; others untouched', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 3, max: 200 }), fc.integer({ min: 2, max: 8 }), (n, k) => {
      const nodes = Array.from({ length: k }, (_, i) => `n${i}`);
      const ms = table(n, nodes);
      const live = nodes.slice(1);
      const changes = reconcileOwnership({ microshards: ms, liveNodes: live, policy: 'reassign', bootstrapNodes: 1, nowMs: 0 });
      const after = apply(ms, changes);
      for (const c of changes) {
        if (c.before.owner !== 'n0' || !live.includes(c.after.owner) || c.after.epoch !== c.before.epoch + 1n) return false;
      }
      const lostCount = ms.filter((m) => m.owner === 'n0').length;
      // Idempotent: nothing left to do, and the tiling is untouched.
      return changes.length === lostCount && reconcileOwnership({ microshards: after, liveNodes: live, policy: 'reassign', bootstrapNodes: 1, nowMs: 0 }).length === 0 && tilingViolation(after) === undefined;
    }),
  );
  t.pass();
});

test('await: a lost node\'s microshards are orphaned, then restored at a higher epoch when it returns', (t) => {
  const ms = table(12, ['a', 'b', 'c']);
  const lost = reconcileOwnership({ microshards: ms, liveNodes: ['b', 'c'], policy: 'await', bootstrapNodes: 1, nowMs: 0 });
  t.is(lost.length, 4);
  t.true(lost.every((c) => c.kind === 'orphaned' && c.after.owner === 'a' && c.after.epoch === 1n));
  const orphaned = apply(ms, lost);
  t.deepEqual(reconcileOwnership({ microshards: orphaned, liveNodes: ['b', 'c'], policy: 'await', bootstrapNodes: 1, nowMs: 0 }), []);
  const back = reconcileOwnership({ microshards: orphaned, liveNodes: ['a', 'b', 'c'], policy: 'await', bootstrapNodes: 1, nowMs: 0 });
  t.is(back.length, 4);
  t.true(back.every((c) => c.kind === 'restored' && c.after.state === 'ACTIVE' && c.after.epoch === 2n));
});

test('initial placement waits for the bootstrap node count', (t) => {
  const ms = table(30, ['']);
  t.deepEqual(reconcileOwnership({ microshards: ms, liveNodes: ['a', 'b'], policy: 'await', bootstrapNodes: 3, nowMs: 0 }), []);
  const changes = reconcileOwnership({ microshards: ms, liveNodes: ['a', 'b', 'c'], policy: 'await', bootstrapNodes: 3, nowMs: 0 });
  t.is(changes.length, 30);
  const per = new Map<string, number>();
  for (const c of changes) per.set(c.after.owner, (per.get(c.after.owner) ?? 0) + 1);
  t.is(per.size, 3);
  t.true([...per.values()].every((k) => k <= Math.ceil((1.25 * 30) / 3)));
});
