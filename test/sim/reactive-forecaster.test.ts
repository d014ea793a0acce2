import test from 'ava';
import { plannerConfig } from '../../core/planner/config.js';
import type { MicroshardSnapshot, PlannerSnapshot } from '../../core/planner/snapshot.js';
import { evenRanges } from '../../core/ranges.js';
import { ReactiveRebalancer } from '../../sim/reactive.js';
import { SeasonalNaiveForecaster } from '../../sim/seasonal-forecaster.js';
import { quantile } from '../../sim/forecaster.js';

function snap(now: number, perNode: number[][], over: Partial<MicroshardSnapshot> = {}): PlannerSnapshot {
  const count = perNode.reduce((s, l) => s + l.length, 0);
  const ranges = evenRanges(count);
  const ms: MicroshardSnapshot[] = [];
  let i = 0;
  perNode.forEach((loads, n) => loads.forEach((l) => {
    const r = ranges[i++]!;
    ms.push({ id: r.id.toString(), start: r.start, end: r.end, owner: `n${n}`, sizeBytes: 10, load: l, forecast: { p50: [], p90: [] }, createdAt: 0, ...over });
  }));
  return { now, microshards: ms, nodes: perNode.map((_, n) => ({ id: `n${n}`, capacity: 1000 })), migrations: [], recentMoves: [], nextMicroshardId: BigInt(count) };
}

const cfg = plannerConfig({ splitThreshold: 0.9, migrationBandwidth: 100 });

test('reactive acts only after k intervals above mean x (1 + tolerance), moving the hottest to the least loaded', (t) => {
  const r = new ReactiveRebalancer(cfg, { tolerance: 0.1, k: 2 });
  const loads = [[300, 200, 100], [200], [100]];
  t.deepEqual(r.round(snap(1, loads)), [], 'first hot interval: wait');
  const ops = r.round(snap(2, loads));
  t.true(ops.length >= 1);
  t.like(ops[0]!.steps[0], { kind: 'move', microshard: '0', from: 'n0', to: 'n2' });
});

test('reactive does nothing while every node is within tolerance', (t) => {
  const r = new ReactiveRebalancer(cfg, { tolerance: 0.2, k: 1 });
  for (let now = 1; now < 5; now++) t.deepEqual(r.round(snap(now, [[300, 200], [250, 240], [480]])), []);
});

test('reactive splits a microshard that is hot now, with the planner\'s split code', (t) => {
  const r = new ReactiveRebalancer(plannerConfig({ splitThreshold: 0.2 }), { tolerance: 0.3, k: 1 });
  const s = snap(3, [[500], [10]]);
  const m = s.microshards[0]!;
  const q = (m.end - m.start) / 4n;
  const withHist = { ...s, microshards: [{ ...m, histogram: { edges: [m.start, m.start + q, m.start + 2n * q, m.end], counts: [250, 240, 10] } }, s.microshards[1]!] };
  const ops = r.round(withHist);
  const split = ops.find((o) => o.kind === 'split');
  t.truthy(split);
  t.like(split!.steps[0], { kind: 'split', microshard: '0', at: m.start + q });
});

test('reactive respects the cool-down and K like the planner', (t) => {
  const r = new ReactiveRebalancer(plannerConfig({ maxConcurrentPerNode: 1, splitThreshold: 0.9 }), { tolerance: 0.05, k: 1 });
  const s = snap(10, [[400, 300, 200], [10], [10]], { lastMove: { at: 9, from: 'n1', to: 'n0' } });
  t.deepEqual(r.round(s), [], 'every microshard is cooling down');
  const s2 = snap(100, [[400, 300, 200], [10], [10]]);
  const ops = r.round(s2);
  t.is(ops.filter((o) => o.kind === 'move').length, 1, 'K = 1 on the source');
});

const forecaster = new SeasonalNaiveForecaster();

test('seasonal naive forecasts a repeating daily series exactly, p90 >= p50', (t) => {
  const season = 24;
  const y = Float64Array.from({ length: 24 * 3 }, (_, i) => 100 + 50 * Math.sin((2 * Math.PI * i) / season));
  const [f] = forecaster.forecast([y], 24, season);
  const p50 = quantile(f!, 0.5);
  const p90 = quantile(f!, 0.9);
  for (let k = 0; k < 24; k++) {
    t.true(Math.abs(p50[k]! - (100 + 50 * Math.sin((2 * Math.PI * (72 + k)) / season))) < 1e-6);
    t.true(p90[k]! >= p50[k]!);
  }
});

test('a level shift and a ramp are followed: recent level plus damped trend', (t) => {
  const ramp = Float64Array.from({ length: 10 }, (_, i) => 100 + 20 * i);
  const [f] = forecaster.forecast([ramp], 6, 24);
  const p50 = quantile(f!, 0.5);
  t.true(p50[0]! > 280, `ramp continues upward (${p50[0]})`);
  for (let k = 1; k < 6; k++) t.true(p50[k]! >= p50[k - 1]!);
  t.true(p50[5]! < 280 + 20 * 6, 'the trend is damped');
  // A season back plus today's shift of +30.
  const season = 24;
  const y = Float64Array.from({ length: 60 }, (_, i) => (i % season < 12 ? 10 : 50) + (i >= 48 ? 30 : 0));
  const [g] = forecaster.forecast([y], 24, season);
  const q = quantile(g!, 0.5);
  // Intervals 60..71 are the high half of the day (50 + 30); from 74 on the base (a season back)
  // already carries the shift, so it is not added twice: 10 + 30.
  t.true(Math.abs(q[0]! - 80) < 1e-6, `${q[0]}`);
  t.true(Math.abs(q[14]! - 40) < 1e-6, `${q[14]}`);
});

test('short or empty histories give flat, non-negative forecasts', (t) => {
  const [a, b] = forecaster.forecast([new Float64Array(0), Float64Array.from([5])], 4, 24);
  t.deepEqual([...quantile(a!, 0.5)], [0, 0, 0, 0]);
  t.deepEqual([...quantile(b!, 0.5)], [5, 5, 5, 5]);
});
