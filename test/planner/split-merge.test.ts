import test from 'ava';
import fc from 'fast-check';
import { chooseIsolatingSplit, chooseSplitPoint, loadShareLeftOf } from '../../core/planner/split.js';
import { plan } from '../../core/planner/planner.js';
import { policyByName } from '../../core/policies/index.js';
import type { MicroshardSnapshot, PlannerSnapshot } from '../../core/planner/snapshot.js';
import { evenRanges } from '../../core/ranges.js';
import { H, CAP, testConfig, hotSplitSnapshot } from './snapshots.js';

const lb = policyByName('load-balancing');

test('the split point balances the histogram load as well as any bucket edge can', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 40 }), fc.bigInt({ min: 0n, max: 1n << 60n }), (counts, start) => {
      const n = counts.length;
      const edges = Array.from({ length: n + 1 }, (_, i) => start + BigInt(i) * 1000n);
      const range = { start, end: edges[n]! };
      const total = counts.reduce((a, b) => a + b, 0);
      const c = chooseSplitPoint(range, { edges, counts }, 'load');
      if ('refused' in c) return false;
      if (c.at <= range.start || c.at >= range.end) return false;
      if (total === 0) return c.at === start + (range.end - start) / 2n;
      // Brute force: no interior edge leaves the halves closer to equal.
      let cum = 0;
      let best = Infinity;
      for (let i = 0; i < n - 1; i++) {
        cum += counts[i]!;
        best = Math.min(best, Math.abs(cum - total / 2));
      }
      const left = counts.slice(0, edges.indexOf(c.at)).reduce((a, b) => a + b, 0);
      return Math.abs(Math.abs(left - total / 2) - best) < 1e-9 && Math.abs(c.leftShare - left / total) < 1e-9;
    }),
  );
  t.pass();
});

test('a skewed histogram is cut where the load is, not at the midpoint', (t) => {
  const edges = [0n, 100n, 200n, 300n, 400n, 500n, 600n, 700n, 800n];
  const counts = [1, 1, 1, 1, 1, 90, 3, 2];
  const c = chooseSplitPoint({ start: 0n, end: 800n }, { edges, counts }, 'load');
  if ('refused' in c) return t.fail(c.refused);
  // Cumulative 5 before the hot bucket, 95 after it: cutting at 600 leaves 95 | 5, at 500 5 | 95.
  t.true(c.at === 500n || c.at === 600n);
  const even = chooseSplitPoint({ start: 0n, end: 800n }, { edges, counts }, 'even');
  if ('refused' in even) return t.fail(even.refused);
  t.is(even.at, 400n);
  t.is(even.leftShare, 0.04);
  t.is(loadShareLeftOf({ edges, counts }, 550n), 0.5);
});

test('a single-bucket histogram (one hot key) and a one-position range are not split', (t) => {
  t.true('refused' in chooseSplitPoint({ start: 0n, end: 100n }, { edges: [0n, 100n], counts: [50] }, 'load'));
  t.true('refused' in chooseSplitPoint({ start: 5n, end: 6n }, undefined, 'even'));
  const mid = chooseSplitPoint({ start: 0n, end: 100n }, undefined, 'load');
  t.false('refused' in mid);
  if (!('refused' in mid)) t.is(mid.at, 50n);
});

test('a hot microshard is split by the planner so both halves carry similar load', (t) => {
  const { snap, at } = hotSplitSnapshot();
  const r = plan(snap, testConfig(), lb);
  const split = r.operators.find((o) => o.kind === 'split');
  t.truthy(split);
  const step = split!.steps[0]!;
  if (step.kind !== 'split') return t.fail();
  t.is(step.at, at);
  // Cumulative 10, 290, 590 of 600: the edge after the second bucket is closest to half.
  t.is(split!.inputs['leftShare'], Math.round((290 / 600) * 1000) / 1000);
  t.is(step.left, '2');
  t.is(step.right, '3');
});

function coldRow(ages: number[], owners: string[], peaks: number[], now = 200): PlannerSnapshot {
  const ranges = evenRanges(ages.length);
  return {
    now,
    microshards: ranges.map((r, i) => ({
      id: r.id.toString(), start: r.start, end: r.end, owner: owners[i]!, sizeBytes: 10, load: peaks[i]!,
      forecast: { p50: new Array(H).fill(peaks[i]! / 2), p90: new Array(H).fill(peaks[i]!) }, createdAt: now - ages[i]!,
    })),
    nodes: [...new Set(owners)].map((id) => ({ id, capacity: CAP })),
    migrations: [],
    recentMoves: [],
    nextMicroshardId: BigInt(ages.length),
  };
}

test('merges join only adjacent microshards that are cold over the horizon and old enough', (t) => {
  const cfg = testConfig({ minAgeAfterSplit: 50, mergeThreshold: 0.01, microshardOverhead: 0.002 });
  // 0,1: cold and old, same node -> merge. 2: cold but young. 3: hot. 4,5: cold, old -> merge.
  const snap = coldRow([100, 100, 10, 100, 100, 100], ['n0', 'n0', 'n0', 'n0', 'n0', 'n0'], [1, 2, 1, 500, 3, 1]);
  const r = plan(snap, cfg, lb);
  const merges = r.operators.filter((o) => o.kind === 'merge').map((o) => o.steps.find((s) => s.kind === 'merge'));
  t.deepEqual(merges.map((s) => s && s.kind === 'merge' && [s.left, s.right]), [['0', '1'], ['4', '5']]);
  t.true(r.explain.some((e) => e.subject.microshard === '2' && /too young/.test(e.because)));
  t.false(r.operators.some((o) => o.steps.some((st) => st.kind === 'merge' && (st.left === '3' || st.right === '3'))));
  t.true(cfg.mergeThreshold * 5 <= cfg.splitThreshold, 'merge threshold well below split threshold');
});

test('merge threshold is checked on the peak over the whole horizon, for each and for the merged one', (t) => {
  const cfg = testConfig({ minAgeAfterSplit: 0, mergeThreshold: 0.01, microshardOverhead: 0.002 });
  const snap = coldRow([1, 1], ['n0', 'n0'], [1, 1]);
  // A spike at the last step of the horizon makes microshard 1 not cold.
  const spiky = { ...snap, microshards: snap.microshards.map((m, i) => (i === 1 ? { ...m, forecast: { p50: m.forecast.p50, p90: [1, 1, 1, 1, 1, 50] } } : m)) };
  t.is(plan(snap, cfg, lb).operators.filter((o) => o.kind === 'merge').length, 1);
  t.is(plan(spiky, cfg, lb).operators.filter((o) => o.kind === 'merge').length, 0);
  // Each under the threshold but the merged one over it.
  const pair = coldRow([1, 1], ['n0', 'n0'], [6, 6]);
  t.is(plan(pair, cfg, lb).operators.filter((o) => o.kind === 'merge').length, 0);
});

test('a cold pair on different nodes merges only if moving one first pays for itself', (t) => {
  const cfg = testConfig({ minAgeAfterSplit: 0 });
  const snap = coldRow([1, 1], ['n0', 'n1'], [1, 1]);
  const r = plan(snap, cfg, lb);
  // The overhead a merge saves is tiny next to a copy: no merge, and the reason says so.
  t.is(r.operators.length, 0);
  t.true(r.explain.some((e) => /moving it first costs/.test(e.because)));
  const cheap = plan({ ...snap, microshards: snap.microshards.map((m) => ({ ...m, sizeBytes: 0 })) }, testConfig({ minAgeAfterSplit: 0, churnPenalty: 0, microshardOverhead: 0.01 }), lb);
  const op = cheap.operators.find((o) => o.kind === 'merge');
  t.truthy(op);
  t.deepEqual(op!.steps.map((s) => s.kind), ['move', 'merge']);
});

test('one dominant key is cut out of a big microshard so the hot part is small to move', (t) => {
  const edges = [0n, 100n, 200n, 300n, 400n, 500n];
  const counts = [5, 5, 900, 5, 5];
  const iso = chooseIsolatingSplit({ start: 0n, end: 500n }, { edges, counts });
  if ('refused' in iso) return t.fail(iso.refused);
  t.deepEqual(iso.cuts, [200n, 300n]);
  t.is(iso.hot, 1);
  t.deepEqual(iso.shares.map((x) => Math.round(x * 1000) / 1000), [0.011, 0.978, 0.011]);
  // At the edge of the range one cut is enough.
  const edge = chooseIsolatingSplit({ start: 0n, end: 500n }, { edges, counts: [900, 5, 5, 5, 5] });
  if ('refused' in edge) return t.fail(edge.refused);
  t.deepEqual(edge.cuts, [100n]);
  t.is(edge.hot, 0);

  // In the planner: a big microshard (ten intervals to copy) whose load is one key gets both cuts
  // in one operator.
  const [a, b] = evenRanges(2);
  const w = (a!.end - a!.start) / 5n;
  const hot: MicroshardSnapshot = {
    id: '0', start: a!.start, end: a!.end, owner: 'n0', sizeBytes: 1000, load: 900,
    forecast: { p50: new Array(H).fill(900), p90: new Array(H).fill(900) },
    histogram: { edges: [0n, 1n, 2n, 3n, 4n, 5n].map((i) => a!.start + i * w).map((x, i) => (i === 5 ? a!.end : x)), counts },
    createdAt: 0,
  };
  const other: MicroshardSnapshot = { ...hot, id: '1', start: b!.start, end: b!.end, owner: 'n1', load: 100, forecast: { p50: new Array(H).fill(100), p90: new Array(H).fill(100) }, histogram: undefined };
  const snap: PlannerSnapshot = { now: 50, microshards: [hot, other], nodes: [{ id: 'n0', capacity: CAP }, { id: 'n1', capacity: CAP }], migrations: [], recentMoves: [], nextMicroshardId: 2n };
  const r = plan(snap, testConfig({ migrationBandwidth: 100 }), lb);
  const split = r.operators.find((o) => o.kind === 'split');
  t.truthy(split);
  t.is(split!.steps.length, 2);
  t.regex(split!.detail, /isolate the hottest bucket/);
});
