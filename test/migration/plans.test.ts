// Split and merge plans, the per-node throttle and drain targets (pure).
import test from 'ava';
import fc from 'fast-check';
import { KEYSPACE_END } from '../../core/keyspace.js';
import { evenRanges, tilingViolation } from '../../core/ranges.js';
import type { Microshard } from '../../core/microshard.js';
import { LifecycleRefusal, checkMergeable, midpoint, planMerge, planSplit } from '../../core/split.js';
import { copyBudget, drainTargets, nodeLoads, overlappingInFlight, startable, type MigrationView } from '../../core/migration-schedule.js';
import { MIGRATION_PHASES, type MigrationPhase } from '../../core/migration-phases.js';

const ms = (id: string, start: bigint, end: bigint, owner = 'n1', epoch = 3n, state: Microshard['state'] = 'ACTIVE'): Microshard => ({ id, start, end, owner, epoch, state, createdAtMs: 0, previousOwner: '' });

test('a split replaces one microshard by two that cover exactly its range, new ids, epoch + 1, same owner', (t) => {
  t.notThrows(() => fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: KEYSPACE_END - 2n }), fc.bigInt({ min: 2n, max: KEYSPACE_END }), fc.option(fc.double({ min: 0, max: 1, noNaN: true })), (start, width, frac) => {
      const end = start + width > KEYSPACE_END ? KEYSPACE_END : start + width;
      if (end - start < 2n) return true;
      const m = ms('7', start, end);
      // Scaled in integers: a double times a 60-bit width can round past the range's end.
      const at = frac === null ? undefined : start + 1n + ((end - start - 2n) * BigInt(Math.floor(frac * 1e9))) / 1_000_000_000n;
      const p = planSplit(m, at, 40n, 123);
      const [a, b] = p.halves;
      return a.start === start && a.end === p.at && b.start === p.at && b.end === end && a.id === '40' && b.id === '41' && a.epoch === 4n && b.epoch === 4n && a.owner === 'n1' && b.owner === 'n1' && (at === undefined ? p.at === midpoint(m) : p.at === at);
    }),
  ));
});

test('splits refuse points outside the range, narrow ranges and microshards that are not owned and ACTIVE', (t) => {
  const m = ms('1', 100n, 200n);
  for (const at of [100n, 99n, 200n, 250n]) t.throws(() => planSplit(m, at, 5n, 0), { instanceOf: LifecycleRefusal, message: /not strictly inside/ });
  t.throws(() => planSplit(ms('1', 5n, 6n), undefined, 5n, 0), { instanceOf: LifecycleRefusal, message: /too narrow/ });
  t.throws(() => planSplit(ms('1', 0n, 100n, '', 0n), undefined, 5n, 0), { instanceOf: LifecycleRefusal, message: /not assigned/ });
  t.throws(() => planSplit(ms('1', 0n, 100n, 'n1', 2n, 'ORPHANED'), undefined, 5n, 0), { instanceOf: LifecycleRefusal, message: /ORPHANED/ });
});

test('a merge of adjacent microshards on one node takes max(epoch) + 1 and keeps the table tiling', (t) => {
  const table = evenRanges(8).map((r) => ms(String(r.id), r.start, r.end, 'n1', BigInt(r.id)));
  const merged = planMerge(table[3]!, table[2]!, 8n, 0);
  t.is(merged.start, table[2]!.start);
  t.is(merged.end, table[3]!.end);
  t.is(merged.epoch, 4n);
  t.is(merged.id, '8');
  const after = [...table.filter((m) => m.id !== '2' && m.id !== '3'), merged];
  t.is(tilingViolation(after), undefined);
  t.throws(() => planMerge(table[1]!, table[3]!, 9n, 0), { instanceOf: LifecycleRefusal, message: /not adjacent/ });
  t.throws(() => planMerge(table[1]!, { ...table[2]!, owner: 'n2' }, 9n, 0), { instanceOf: LifecycleRefusal, message: /different nodes/ });
  t.notThrows(() => checkMergeable(table[1]!, { ...table[2]!, owner: 'n2' }));
  t.throws(() => checkMergeable(table[1]!, table[1]!), { instanceOf: LifecycleRefusal, message: /itself/ });
  t.throws(() => checkMergeable(table[1]!, { ...table[2]!, state: 'FENCED' }), { instanceOf: LifecycleRefusal, message: /FENCED/ });
});

const view = (id: number, phase: MigrationPhase, source: string, target: string, start = 0n, end = 10n): MigrationView => ({ id: String(id), phase, source, target, start, end });

test('startable never lets a node take part in more than K data-moving migrations, and starts the oldest first', (t) => {
  const nodes = ['a', 'b', 'c', 'd'];
  t.notThrows(() => fc.assert(
    fc.property(
      fc.array(fc.record({ phase: fc.constantFrom(...MIGRATION_PHASES), s: fc.integer({ min: 0, max: 3 }), d: fc.integer({ min: 1, max: 3 }) }), { maxLength: 30 }),
      fc.integer({ min: 1, max: 3 }),
      (specs, k) => {
        const migs = specs.map((x, i) => view(i + 1, x.phase, nodes[x.s]!, nodes[(x.s + x.d) % 4]!));
        const before = nodeLoads(migs);
        const start = new Set(startable(migs, k));
        const after = migs.map((m) => (start.has(m.id) ? { ...m, phase: 'COPYING' as const } : m));
        const loads = nodeLoads(after);
        for (const n of nodes) {
          const was = before.get(n)?.active ?? 0;
          const now = loads.get(n)?.active ?? 0;
          // Only PLANNED ones start, and never past K (a node already over K gets nothing new).
          if (now > Math.max(k, was)) return false;
          if (now > was && now > k) return false;
        }
        // Greedy in id order: a PLANNED migration left out had a node at the limit when its turn came.
        return [...start].every((id) => migs.find((m) => m.id === id)!.phase === 'PLANNED');
      },
    ),
  ));
  const migs = [view(1, 'COPYING', 'a', 'b'), view(2, 'PLANNED', 'a', 'c'), view(3, 'PLANNED', 'c', 'd'), view(4, 'PLANNED', 'b', 'd')];
  t.deepEqual(startable(migs, 1), ['3']);
  t.deepEqual(startable(migs, 2), ['2', '3', '4']);
});

test('busy ranges, bandwidth shares and drain targets', (t) => {
  const migs = [view(1, 'COPYING', 'a', 'b', 0n, 10n), view(2, 'DONE', 'a', 'b', 10n, 20n), view(3, 'PLANNED', 'a', 'b', 30n, 40n)];
  t.deepEqual(overlappingInFlight(migs, { start: 5n, end: 35n }).map((m) => m.id), ['1', '3']);
  t.deepEqual(overlappingInFlight(migs, { start: 10n, end: 30n }), []);
  t.is(copyBudget(0, 3, 1), 0, 'no budget: unlimited');
  t.is(copyBudget(100, 4, 2), 25, 'the tighter share');
  t.is(copyBudget(100, 1, 1, 10), 10, 'a lower request wins');
  t.is(copyBudget(100, 1, 1, 500), 100, 'a request cannot exceed the share');
  t.is(copyBudget(0, 1, 1, 7), 7);
  const table = [...Array.from({ length: 9 }, (_, i) => ({ id: String(i), owner: 'x' })), { id: '9', owner: 'y' }, { id: '10', owner: 'y' }];
  const targets = drainTargets(table, 'x', ['x', 'y', 'z']);
  t.is(targets.size, 9);
  const counts = { y: 2, z: 0 } as Record<string, number>;
  for (const n of targets.values()) counts[n]!++;
  t.deepEqual(counts, { y: 6, z: 5 }, 'balanced by resulting microshard counts');
  t.is(drainTargets(table, 'x', ['x']).size, 0);
});
