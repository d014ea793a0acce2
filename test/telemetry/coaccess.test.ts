import test from 'ava';
import fc from 'fast-check';
import { CoAccessTracker, SpaceSaving } from '../../sidecar/telemetry/coaccess.js';

test('Space-Saving guarantees hold on arbitrary streams', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 600 }), fc.integer({ min: 1, max: 20 }), (stream, capacity) => {
      const ss = new SpaceSaving<number>(capacity);
      const truth = new Map<number, number>();
      for (const x of stream) {
        ss.add(x);
        truth.set(x, (truth.get(x) ?? 0) + 1);
      }
      if (ss.size > capacity) return false;
      for (const h of ss.top(capacity)) {
        const real = truth.get(h.key) ?? 0;
        // Never under-counts; over-counts by at most the recorded error, itself <= N / capacity.
        if (h.count < real || h.count - h.error > real || h.error > stream.length / capacity + 1e-9) return false;
      }
      // Anything more frequent than N / capacity is tracked.
      for (const [k, n] of truth) if (n > stream.length / capacity && !ss.estimate(k)) return false;
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('top pairs of a constructed stream, in bounded memory', (t) => {
  const tracker = new CoAccessTracker({ capacity: 64 });
  // Two heavy pairs hidden in 20,000 one-off pairs among 2,000 microshards.
  let groups = 0;
  for (let i = 0; i < 20_000; i++) {
    if (i % 20 === 0) tracker.observeGroup(['A', 'B']); // 1,000 times
    if (i % 40 === 0) tracker.observeGroup(['D', 'C', 'C']); // 500 times, duplicate ignored
    const a = `n${i % 2000}`;
    const b = `n${(i * 7 + 1) % 2000}`;
    tracker.observeGroup([a, b]);
    if (a !== b) groups++; // a "group" of one microshard is no co-access
  }
  t.true(tracker.counters <= 2 * 64, `counters ${tracker.counters} stay within 2 x capacity`);
  const top = tracker.topPairs(2);
  t.deepEqual(top.map((p) => [p.a, p.b]), [
    ['A', 'B'],
    ['C', 'D'],
  ]);
  t.true(top[0]!.count >= 1000 && top[0]!.lowerBound <= 1000, `A-B ${top[0]!.count} - ${top[0]!.error}`);
  t.true(top[1]!.count >= 500 && top[1]!.lowerBound <= 500);
  t.true(top[0]!.error <= tracker.errorBound);
  t.is(tracker.groups, 1000 + 500 + groups);
});

test('decay halves estimates; compact keeps what counters reference and renumbers', (t) => {
  const tracker = new CoAccessTracker({ capacity: 4 });
  for (let i = 0; i < 10; i++) tracker.observeGroup(['x', 'y']);
  tracker.decay(0.5);
  t.is(tracker.pair('y', 'x')!.count, 5);
  for (let i = 0; i < 50; i++) tracker.observeGroup([`a${i}`, `b${i}`]); // churn through the 4 counters
  t.true(tracker.registered > 8);
  const before = tracker.topPairs(4);
  tracker.compact(['live-one']);
  t.true(tracker.registered <= 2 * 4 + 4 + 1, `registry ${tracker.registered} bounded by what counters reference + live`);
  t.deepEqual(tracker.topPairs(4), before, 'estimates survive renumbering');
  t.is(tracker.handle('live-one'), tracker.handle('live-one'));
  t.throws(() => new CoAccessTracker({ maxGroupMicroshards: 1 }), { message: /maxGroupMicroshards/ });
});

test('a fan-out request is cut to maxGroupMicroshards', (t) => {
  const tracker = new CoAccessTracker({ capacity: 1000, maxGroupMicroshards: 4 });
  tracker.observeGroup(Array.from({ length: 100 }, (_, i) => `m${i}`));
  t.is(tracker.truncatedGroups, 1);
  t.is(tracker.topPairs(1000).length, 6, '4 microshards -> 6 pairs, not 4,950');
});
