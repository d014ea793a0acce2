import test from 'ava';
import fc from 'fast-check';
import {
  capacityConfig,
  costModel,
  decideScale,
  sumForecasts,
  HOUR_MS,
  type CapacityNode,
  type CapacitySnapshot,
} from '../../core/capacity/index.js';

const STEP = 10_000; // 10 s steps
const H = 60; // 10 min horizon
const model = costModel({ types: { default: { capacityOpsPerS: 100, provisionLeadMs: 20_000, costPerHour: 0.1, provisioningCost: 0.05, migrationCostPerGb: 0.02 } } });
const cfg = capacityConfig({ targetUtilisation: 0.8, absorbableHeadroom: 0.5, safetyMarginMs: 10_000, retireUtilisation: 0.4, retireAfterMs: 60_000, scaleDownCooldownMs: 120_000, scaleUpCooldownMs: 30_000, minNodes: 1, maxNodes: 10 });

const flat = (v: number, h = H) => ({ p50: new Array(h).fill(v), p90: new Array(h).fill(v) });
/** Load `base` until step `at`, then `high`. */
const stepUp = (base: number, high: number, at: number) => {
  const a = Array.from({ length: H }, (_, k) => (k < at ? base : high));
  return { p50: a, p90: a };
};
const node = (id: string, forecast: { p50: number[]; p90: number[] } | undefined, extra: Partial<CapacityNode> = {}): CapacityNode => ({ id, capacityOpsPerS: 100, forecast, currentOpsPerS: forecast?.p50[0] ?? 0, bytes: 0, ...extra });
const snap = (nodes: CapacityNode[], extra: Partial<CapacitySnapshot> = {}): CapacitySnapshot => ({ nowMs: 1_000_000, stepMs: STEP, horizon: H, nodes, provisioning: 0, ...extra });

test('no forecast and no load anywhere: no decision', (t) => {
  const d = decideScale(snap([node('a', undefined), node('b', undefined)]), model, cfg);
  t.is(d.action, 'none');
  t.is(d.reason, 'no-forecast');
  t.is(d.desiredNodes, 2);
});

test('a shortfall far beyond the lead time waits; the same shortfall within the lead time provisions', (t) => {
  // Usable 80 per node. Node a jumps to 150 at step `at`; b stays at 40. Lead = 20 s + 0 copy + 10 s = 30 s = 3 steps.
  const far = decideScale(snap([node('a', stepUp(50, 150, 30)), node('b', flat(40))]), model, cfg);
  t.is(far.action, 'none');
  t.is(far.reason, 'wait-lead-time');
  t.is(far.forecast.firstShortfallStep, 30);
  t.is(far.timing.leadMs, 30_000);
  t.is(far.timing.shortfallInMs, 300_000);

  const near = decideScale(snap([node('a', stepUp(50, 150, 3)), node('b', flat(40))]), model, cfg);
  t.is(near.action, 'provision');
  t.is(near.reason, 'predicted-shortfall');
  t.is(near.count, 1);
  t.is(near.desiredNodes, 3);
  t.deepEqual(near.forecast.overloadedNodes, ['a']);
  t.is(near.memory.lastScaleUpAtMs, 1_000_000);
  t.true(near.money.gain > near.money.cost);
});

test('gain and cost follow the cost model exactly (hand-computed case)', (t) => {
  // a: 150 flat, b: 40 flat; usable 80 each. excess 70, headroom 40 x 0.5 = 20 -> 50;
  // cluster 190 - 160 = 30. Shortfall 50 ops/s at every step, one overloaded node.
  const d = decideScale(snap([node('a', flat(150)), node('b', flat(40))]), model, cfg);
  t.is(d.action, 'provision');
  t.is(d.forecast.peakShortfall, 50);
  t.is(d.count, 1); // 50 < one new node's usable 80
  const ready = Math.ceil(20_000 / STEP); // provisioning 20 s, no bytes to copy
  t.is(d.timing.readyStep, ready);
  const steps = H - ready;
  const excessOps = 50 * (STEP / 1000) * steps;
  const nodeHours = (steps * STEP) / HOUR_MS;
  const gain = (excessOps / 1e6) * model.excessCostPerMillionOps + nodeHours * model.overloadCostPerNodeHour;
  t.is(d.money.detail.excessOpsAvoided, excessOps);
  t.true(Math.abs(d.money.gain - gain) < 1e-6);
  // Charged until the shortfall ends (it lasts the whole horizon) + retireAfter, capped at the
  // horizon: 600 s of one node.
  const cost = 0.1 * (600_000 / HOUR_MS) + 0.05;
  t.true(Math.abs(d.money.cost - cost) < 1e-6);
  t.true(Math.abs(d.money.net - (gain - cost)) < 1e-6);
});

test('an overload that moves can absorb is left to the planner; the same overload without spare room provisions', (t) => {
  // a at 100 (20 over), b and c at 10 (70 spare each): 20 - 0.5 x 140 < 0, cluster 120 < 240.
  const spread = decideScale(snap([node('a', flat(100)), node('b', flat(10)), node('c', flat(10))]), model, cfg);
  t.is(spread.action, 'none');
  t.is(spread.reason, 'no-shortfall');
  // b and c nearly full: 20 over, 10 spare -> shortfall 15.
  const full = decideScale(snap([node('a', flat(100)), node('b', flat(75)), node('c', flat(75))]), model, cfg);
  t.is(full.action, 'provision');
  t.is(full.forecast.peakShortfall, 15);
});

test('a short blip is not worth a node; the same blip is when overload is priced higher', (t) => {
  const blip = (): CapacityNode[] => {
    const a = Array.from({ length: H }, (_, k) => (k === 3 ? 130 : 40));
    return [node('a', { p50: a, p90: a }), node('b', flat(75))];
  };
  const cheap = decideScale(snap(blip()), model, cfg);
  t.is(cheap.action, 'none');
  t.is(cheap.reason, 'cost-exceeds-gain');
  t.true(cheap.money.gain > 0);
  t.true(cheap.money.gain <= cheap.money.cost);
  t.regex(cheap.explanation, /not worth it/);
  const pricey = costModel({ types: { default: model.types.default! }, overloadCostPerNodeHour: 200 });
  const d = decideScale(snap(blip()), pricey, cfg);
  t.is(d.action, 'provision');
  t.true(d.money.gain > d.money.cost);
});

test('the p90 of a node sums medians and adds spreads in quadrature (as the planner does)', (t) => {
  const f = sumForecasts([{ p50: [10], p90: [13] }, { p50: [20], p90: [24] }], 1);
  t.is(f.p50[0], 30);
  t.is(f.p90[0], 35); // 30 + sqrt(3^2 + 4^2)
  // Shorter series hold their last value.
  const g = sumForecasts([{ p50: [1, 2], p90: [1, 2] }], 4);
  t.deepEqual([...g.p50], [1, 2, 2, 2]);
});

test('a second scale-up waits for the cooldown; nodes coming count as capacity', (t) => {
  const nodes = [node('a', flat(150)), node('b', flat(40))];
  const first = decideScale(snap(nodes), model, cfg);
  t.is(first.action, 'provision');
  const again = decideScale(snap(nodes, { nowMs: 1_010_000 }), model, cfg, first.memory);
  t.is(again.reason, 'scale-up-cooldown');
  // With the node coming, 80 usable more: shortfall 50 - 80 < 0.
  const coming = decideScale(snap(nodes, { nowMs: 1_100_000, provisioning: 1 }), model, cfg, first.memory);
  t.is(coming.action, 'none');
  t.not(coming.reason, 'predicted-shortfall');
});

test('maxNodes caps the count; a large shortfall asks for several nodes at once', (t) => {
  const big = decideScale(snap([node('a', flat(400)), node('b', flat(80))]), model, cfg);
  t.is(big.action, 'provision');
  // excess 320, no headroom; cluster 480 - 160 = 320 -> ceil(320 / 80) = 4.
  t.is(big.count, 4);
  // Room for one more: one node is all it may ask for (priced so that one node is worth it).
  const pricey = costModel({ types: { default: model.types.default! }, excessCostPerMillionOps: 50 });
  const capped = decideScale(snap([node('a', flat(400)), node('b', flat(80))]), pricey, capacityConfig({ ...cfg, maxNodes: 3 }));
  t.is(capped.action, 'provision');
  t.is(capped.count, 1);
  const full = decideScale(snap([node('a', flat(400)), node('b', flat(80))]), model, capacityConfig({ ...cfg, maxNodes: 2 }));
  t.is(full.reason, 'max-nodes');
});

test('retire only after forecasts stay low for retireAfterMs, the managed node first, never below minNodes', (t) => {
  // Three nodes, 10 ops/s each: peak 30 (quadrature of zero spreads) vs 0.4/0.8 x 160 = 80.
  const nodes = [node('a', flat(10), { bytes: 1e6 }), node('auto-1', flat(10), { managed: true, bytes: 2e6 }), node('b', flat(5))];
  let mem = {};
  const t0 = 1_000_000;
  const d1 = decideScale(snap(nodes, { nowMs: t0 }), model, cfg, mem);
  t.is(d1.reason, 'not-low-long-enough');
  t.is(d1.memory.lowSinceMs, t0);
  mem = d1.memory;
  const d2 = decideScale(snap(nodes, { nowMs: t0 + 30_000 }), model, cfg, mem);
  t.is(d2.reason, 'not-low-long-enough');
  const d3 = decideScale(snap(nodes, { nowMs: t0 + 60_000 }), model, cfg, d2.memory);
  t.is(d3.action, 'retire');
  t.is(d3.retireNode, 'auto-1');
  t.is(d3.desiredNodes, 2);
  t.true(d3.money.gain > d3.money.cost);
  // The low clock keeps running: with the forecast still low without the next node, it goes next round.
  t.is(d3.memory.lowSinceMs, t0);
  const d4 = decideScale(snap([nodes[0]!, nodes[2]!], { nowMs: t0 + 70_000 }), model, cfg, d3.memory);
  t.is(d4.action, 'retire', d4.explanation);
  t.is(d4.retireNode, 'b');
  // One node left: never retired.
  const one = decideScale(snap([node('a', flat(1))], { nowMs: t0 + 1e9 }), model, cfg, { lowSinceMs: 0 });
  t.is(one.reason, 'min-nodes');
});

test('hysteresis: load between the retire line and the target neither provisions nor retires, and resets the low clock', (t) => {
  // Two nodes at 40 each: 80 of 160 usable; without one, 80 / 100 = 80 % > retire line 40 %.
  const d = decideScale(snap([node('a', flat(40)), node('b', flat(40))]), model, cfg, { lowSinceMs: 0 });
  t.is(d.action, 'none');
  t.is(d.reason, 'no-shortfall');
  t.is(d.memory.lowSinceMs, undefined);
});

test('no retirement soon after a scale-up', (t) => {
  const nodes = [node('a', flat(5)), node('b', flat(5))];
  const d = decideScale(snap(nodes, { nowMs: 500_000 }), model, cfg, { lowSinceMs: 0, lastScaleUpAtMs: 450_000 });
  t.is(d.reason, 'scale-down-cooldown');
});

test('the lead time grows with the bytes to copy and uses a measured provisioning time when given', (t) => {
  const gb = 1024 ** 3;
  const d = decideScale(snap([node('a', flat(160), { bytes: 2 * gb }), node('b', flat(80))]), model, capacityConfig({ ...cfg, copyBytesPerS: 64 * 1024 * 1024 }));
  // a is at 2x its usable 80: half its data moves.
  t.is(d.money.detail.bytesToMove, gb);
  t.is(d.timing.copyMs, 16_000);
  t.is(d.timing.leadMs, 20_000 + 16_000 + 10_000);
  const m = decideScale(snap([node('a', flat(160)), node('b', flat(80))], { measuredProvisionMs: 3_000 }), model, cfg);
  t.is(m.timing.provisionMs, 3_000);
});

test('properties: a decision to act always has gain > cost; no shortfall never provisions; more load never retires', (t) => {
  const loads = fc.array(fc.record({ base: fc.double({ min: 0, max: 200, noNaN: true }), spread: fc.double({ min: 0, max: 30, noNaN: true }), jump: fc.double({ min: 0, max: 150, noNaN: true }), at: fc.integer({ min: 0, max: H - 1 }), managed: fc.boolean() }), { minLength: 1, maxLength: 6 });
  fc.assert(
    fc.property(loads, fc.integer({ min: 0, max: 2 }), (ls, provisioning) => {
      const nodes = ls.map((l, i) => {
        const p50 = Array.from({ length: H }, (_, k) => l.base + (k >= l.at ? l.jump : 0));
        return node(`n${i}`, { p50, p90: p50.map((x) => x + l.spread) }, { managed: l.managed });
      });
      const d = decideScale(snap(nodes, { provisioning }), model, cfg, { lowSinceMs: 0 });
      if (d.action !== 'none') {
        if (!(d.money.gain > d.money.cost)) return false;
      }
      if (d.action === 'provision' && d.forecast.firstShortfallStep < 0) return false;
      if (d.action === 'provision' && (d.count < 1 || d.desiredNodes !== nodes.length + provisioning + d.count)) return false;
      if (d.action === 'retire' && !nodes.some((n) => n.id === d.retireNode)) return false;
      // Twice the load: never a retirement.
      const heavier = nodes.map((n) => ({ ...n, forecast: { p50: Array.from(n.forecast!.p50, (x) => x * 2 + 1), p90: Array.from(n.forecast!.p90, (x) => x * 2 + 1) } }));
      const d2 = decideScale(snap(heavier, { provisioning }), model, cfg, { lowSinceMs: 0 });
      if (d.action !== 'retire' && d2.action === 'retire') return false;
      if (d.action === 'provision' && d2.action === 'retire') return false;
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('load inside one microshard hotter than a node needs a split, not nodes; the rest of an overload still provisions', (t) => {
  // a holds one microshard predicted at 150 against usable 80: no node can take it whole.
  const single = decideScale(snap([node('a', flat(150), { largestMicroshard: flat(150).p90 }), node('b', flat(10))]), model, cfg);
  t.is(single.action, 'none');
  t.is(single.reason, 'needs-split');
  t.is(single.forecast.unsplittableExcess, 70);
  t.regex(single.explanation, /need a split, not capacity/);
  // a holds 150 of which the hottest microshard is 100: 20 of it is stuck, 50 can move; b is nearly full.
  const mixed = decideScale(snap([node('a', flat(150), { largestMicroshard: flat(100).p90 }), node('b', flat(75))]), model, cfg);
  t.is(mixed.action, 'provision');
  t.is(mixed.forecast.unsplittableExcess, 20);
  // excess 70 - 20 stuck - 0.5 x 5 headroom = 47.5; cluster 225 - 20 - 160 = 45.
  t.is(mixed.forecast.peakShortfall, 47.5);
});


test('a rise beyond the time to get a node back does not hold a retirement; within it, it does', (t) => {
  // Get-it-back window: provisioning 20 s + copy of ~0 bytes + margin 10 s = 3 steps, + 1 = 4.
  const cheap = costModel({ types: { default: { capacityOpsPerS: 100, provisionLeadMs: 20_000, costPerHour: 0.1, provisioningCost: 0.001, migrationCostPerGb: 0.02 } } });
  const mem = { lowSinceMs: 0 };
  // 10 + 10 now, 45 + 45 from step 30: without one node the line is 0.4 / 0.8 x 80 = 40.
  const later = decideScale(snap([node('a', stepUp(10, 45, 30)), node('b', stepUp(10, 45, 30))]), cheap, cfg, mem);
  t.is(later.action, 'retire', later.explanation);
  // Saved until it must be provisioned again, 4 steps before step 30; bought back at a price.
  t.is(later.money.detail.nodeHoursSaved, Math.round((((30 - 4) * STEP) / HOUR_MS) * 1e6) / 1e6);
  t.true(Math.abs(later.money.cost - 0.001) < 1e-9);
  t.regex(later.explanation, /needed again at step 30/);
  // The same rise inside the window keeps both nodes.
  const soon = decideScale(snap([node('a', stepUp(10, 45, 3)), node('b', stepUp(10, 45, 3))]), cheap, cfg, mem);
  t.is(soon.action, 'none');
  t.is(soon.reason, 'no-shortfall');
  t.regex(soon.explanation, /within the 4 step\(s\)/);
  // Needed again 2 steps after it would have to be provisioned again (< the 4-step window): kept, whatever the price.
  const churn = decideScale(snap([node('a', stepUp(10, 45, 6)), node('b', stepUp(10, 45, 6))]), cheap, cfg, mem);
  t.is(churn.reason, 'needed-again-soon', churn.explanation);
  t.is(churn.action, 'none');
  // When buying it back costs more than the hours saved, it stays (the test model: 0.05 a provision).
  const dear = decideScale(snap([node('a', stepUp(10, 45, 30)), node('b', stepUp(10, 45, 30))]), model, cfg, mem);
  t.is(dear.reason, 'cost-exceeds-gain');
});

test('a node bought for a short shortfall is charged until it ends plus retireAfterMs', (t) => {
  // a at 150 for 10 steps then 10; b at 40: the shortfall ends after step 9.
  const blip = { p50: Array.from({ length: H }, (_, k) => (k < 10 ? 150 : 10)), p90: Array.from({ length: H }, (_, k) => (k < 10 ? 150 : 10)) };
  const d = decideScale(snap([node('a', blip), node('b', flat(40))]), model, cfg);
  t.true(d.reason === 'predicted-shortfall' || d.reason === 'cost-exceeds-gain', d.explanation);
  // (9 + 1) steps + retireAfter 60 s = 160 s, above the scale-down cooldown of 120 s.
  t.is(d.money.detail.nodeHours, Math.round((160_000 / HOUR_MS) * 1e6) / 1e6);
});
