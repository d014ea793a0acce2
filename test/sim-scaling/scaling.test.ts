import test from 'ava';
import { Predictive, Reactive, StaticPeak } from '../../sim/scaling/autoscalers.js';
import { simulateScaling, type Autoscaler, type ClusterView, type NodeView, type ScalingWorkload } from '../../sim/scaling/scaling-sim.js';
import { SeasonalNaiveForecaster } from '../../sim/seasonal-forecaster.js';

const w2: ScalingWorkload = {
  name: 'tiny',
  loads: [Float64Array.from([60, 60, 60, 60, 60]), Float64Array.from([30, 50, 70, 70, 70])],
  bytes: [100, 100],
  capacity: 100,
  season: 24,
};

test('static: node-intervals and overload figures by hand', async (t) => {
  const m = await simulateScaling(w2, 1, new StaticPeak(), { provisionIntervals: 1, bandwidth: 100 });
  // One node serving 90, 110, 130, 130, 130 against a capacity of 100.
  t.is(m.nodeIntervals, 5);
  t.is(m.overloadedNodeIntervals, 4);
  t.is(m.overloadExcessOps, 10 + 30 + 30 + 30);
  t.is(m.moves, 0);
});

test('a provisioned node costs from the next interval and serves after its provisioning delay and the copy', async (t) => {
  let asked = false;
  const once: Autoscaler = {
    name: 'once',
    decide: () => {
      if (asked) return { provision: 0, retire: [] };
      asked = true;
      return { provision: 1, retire: [] };
    },
  };
  const m = await simulateScaling(w2, 1, once, { provisionIntervals: 1, bandwidth: 100 });
  // Asked at the end of t=0: paid from t=1, ready at t=2, filled with m0 (60 of the 110 seen at
  // t=1; fair share 55, within 10%), copied during t=2 (100 bytes at 100 per interval), serving from t=3.
  t.is(m.nodeIntervals, 1 + 2 * 4);
  t.deepEqual(m.nodesPerInterval, [1, 2, 2, 2, 2]);
  t.is(m.overloadedNodeIntervals, 2); // t=1 (110) and t=2 (130) on the first node
  t.is(m.overloadExcessOps, 10 + 30);
  t.is(m.moves, 1);
  t.is(m.bytesMoved, 100);
  t.is(m.provisionActions, 1);
});

function view(t: number, loads: number[], capacity = 100, extra: Partial<NodeView>[] = []): ClusterView {
  const nodes: NodeView[] = loads.map((l, i) => ({ id: `n${i}`, load: l, microshards: [i], projected: [i], retiring: false, provisioning: false, filling: false, ...extra[i] }));
  return { t, capacity, season: 24, nodes, microshards: loads.length, history: () => new Float64Array(0), bytes: () => 0 };
}

test('reactive: scales out to ceil(load / (capacity x target)) after k intervals above target', (t) => {
  const r = new Reactive({ target: 0.5, k: 2, window: 3 });
  // 2 nodes at 80%: desired ceil(160 / 50) = 4, but only the second such interval acts.
  t.deepEqual(r.decide(view(0, [80, 80])), { provision: 0, retire: [] });
  t.deepEqual(r.decide(view(1, [80, 80])), { provision: 2, retire: [] });
  // Within HPA's 10% tolerance (54%): the streak breaks, nothing happens.
  const q = new Reactive({ target: 0.5, k: 1, window: 3 });
  t.deepEqual(q.decide(view(0, [54, 54])), { provision: 0, retire: [] });
});

test('reactive: scales in only to the highest recommendation of the stabilisation window', (t) => {
  const r = new Reactive({ target: 0.5, k: 1, window: 3 });
  const four = [10, 10, 10, 10];
  // recs: ceil(40/50)=1 each interval, but the window must fill first.
  t.deepEqual(r.decide(view(0, [40, 40, 40, 40])), { provision: 0, retire: [] }); // rec 4, 80%: out? desired 4 = current
  t.deepEqual(r.decide(view(1, four)), { provision: 0, retire: [] }); // window [4, 1]
  t.deepEqual(r.decide(view(2, four)), { provision: 0, retire: [] }); // window [4, 1, 1]: max 4
  t.deepEqual(r.decide(view(3, [10, 5, 10, 10])), { provision: 0, retire: ['n1', 'n0', 'n2'] }); // window [1, 1, 1]: to 1, least loaded first
  // Not while a node it asked for is still coming.
  const s = new Reactive({ target: 0.5, k: 1, window: 1 });
  t.deepEqual(s.decide(view(0, [10, 10, 0], 100, [{}, {}, { provisioning: true, microshards: [], projected: [] }])), { provision: 0, retire: [] });
});

test('predictive provisions ahead of a known ramp; the reactive autoscaler only once it is overloaded', async (t) => {
  // 8 microshards, a flat day for 2 seasons, then a linear ramp from 100 to 260 ops per interval
  // in total over 20 intervals, on 2 nodes of 100 (usable 85 each).
  const T = 96;
  const total = (x: number) => (x < 48 ? 100 : Math.min(260, 100 + 8 * (x - 48)));
  const loads = Array.from({ length: 8 }, () => Float64Array.from({ length: T }, (_, x) => total(x) / 8));
  const w: ScalingWorkload = { name: 'ramp', loads, bytes: new Array(8).fill(100), capacity: 100, season: 24 };
  const params = { provisionIntervals: 2, bandwidth: 100 };
  const p = new Predictive({ forecaster: new SeasonalNaiveForecaster(), stepMs: 3_600_000, provisionIntervals: 2, bandwidth: 100, horizon: 12 });
  const pm = await simulateScaling(w, 2, p, params);
  const firstProvision = p.log.find((e) => e.action === 'provision');
  t.truthy(firstProvision, JSON.stringify(p.reasons));
  // The cluster of 2 nodes is first above capacity at total > 200: t = 61.
  const over = Array.from({ length: T }, (_, x) => x).find((x) => total(x) > 200)!;
  t.is(over, 61);
  // Asked early enough to be serving (2 intervals provisioning + 1 copy) before that.
  t.true(firstProvision!.t + 1 + 2 + 1 <= over, `first provision at t=${firstProvision!.t}`);
  const rm = await simulateScaling(w, 2, new Reactive({ target: 0.85, k: 1, window: 3 }), params);
  t.true(pm.overloadedNodeIntervals < rm.overloadedNodeIntervals, `predictive ${pm.overloadedNodeIntervals} vs reactive ${rm.overloadedNodeIntervals}`);
  t.is(pm.overloadedNodeIntervals, 0);
});
