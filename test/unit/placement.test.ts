import test from 'ava';
import fc from 'fast-check';
import { place, loadBound, movedCount } from '../../core/placement.js';

const nodeNames = (n: number, prefix = 'node') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const ids = (m: number) => Array.from({ length: m }, (_, i) => String(i));

test('every microshard is placed on a live node and no node exceeds ceil(c * average)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 20 }), fc.double({ min: 1, max: 3, noNaN: true }), (m, n, c) => {
      const nodes = nodeNames(n);
      const a = place(ids(m), nodes, new Map(), { loadBoundFactor: c });
      const counts = new Map<string, number>();
      for (const id of ids(m)) {
        const node = a.get(id);
        if (node === undefined || !nodes.includes(node)) return false;
        counts.set(node, (counts.get(node) ?? 0) + 1);
      }
      return [...counts.values()].every((k) => k <= loadBound(m, n, c));
    }),
  );
  t.pass();
});

test('placement is deterministic and independent of input order', (t) => {
  const m = ids(200);
  const a = place(m, nodeNames(5));
  const b = place([...m].reverse(), [...nodeNames(5)].reverse());
  t.deepEqual([...a.entries()].sort(), [...b.entries()].sort());
});

test('a leaving node moves exactly its own microshards', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 20, max: 500 }), fc.integer({ min: 2, max: 16 }), fc.nat(), (m, n, pick) => {
      const nodes = nodeNames(n);
      const before = place(ids(m), nodes);
      const leaver = nodes[pick % n]!;
      const after = place(ids(m), nodes.filter((x) => x !== leaver), before);
      const leaverCount = [...before.values()].filter((x) => x === leaver).length;
      return movedCount(before, after) === leaverCount && [...after.values()].every((x) => x !== leaver);
    }),
  );
  t.pass();
});

test('a joining node pulls about its share and nothing else moves between old nodes', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 50, max: 600 }), fc.integer({ min: 1, max: 12 }), (m, n) => {
      const nodes = nodeNames(n);
      const before = place(ids(m), nodes);
      const joined = [...nodes, 'joiner'];
      const after = place(ids(m), joined, before);
      const moved = movedCount(before, after);
      const toJoiner = [...after.values()].filter((x) => x === 'joiner').length;
      // Every move goes to the joiner, and it takes no more than the bound allows.
      return moved === toJoiner && toJoiner <= loadBound(m, n + 1) && toJoiner >= Math.floor(m / (n + 1)) - 1;
    }),
  );
  t.pass();
});

test('bad options are rejected with a readable error', (t) => {
  t.throws(() => place(ids(3), ['a'], new Map(), { loadBoundFactor: 0.5 }), { message: /load bound factor/ });
  t.throws(() => place(ids(3), ['a', 'a']), { message: /unique/ });
});
