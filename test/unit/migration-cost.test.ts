import test from 'ava';
import { CALIBRATION_INTERVAL_MS, COPY_CPU_MS_PER_MB, copyCost, copyIntervals, REFERENCE_NODE } from '../../core/migration-cost.js';
import { DEFAULT_COPY_LOAD_FRACTION, DEFAULT_COPY_TARGET_LOAD_FRACTION, DEFAULT_MIGRATION_BANDWIDTH, plannerConfig, type PlannerConfig } from '../../core/planner/config.js';
import { evaluateMove } from '../../core/planner/cost.js';
import { buildState } from '../../core/planner/state.js';
import { policyByName } from '../../core/policies/index.js';
import { DEFAULT_INTERVAL_MS } from '../../sidecar/telemetry/interval-clock.js';
import { CAP, flatSnapshot, testConfig } from '../planner/snapshots.js';

const side = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((a, b) => a + b, 0);

test('copy cost: load fraction = MB/s x CPU ms per MB of the side / 1000 / cores; duration = ceil(bytes / bytes per interval)', (t) => {
  // 100 MB per 10 s interval = 10 MB/s; at 40 ms per MB on the source that is 0.4 cores, 0.2 of 2.
  const cpu = { source: { datastore: 15, sidecar: 25 }, target: { datastore: 30, sidecar: 30 } };
  const c = copyCost({ bytes: 250e6, bytesPerInterval: 100e6, intervalMs: 10_000, node: { cores: 2 } }, cpu);
  t.is(c.bytesPerS, 10e6);
  t.is(c.sourceLoadFraction, 0.2);
  t.is(c.targetLoadFraction, 0.3);
  t.is(c.intervals, 3);
  // Twice the interval at the same bytes per interval is half the rate, so half the load; twice the cores, half again.
  const slower = copyCost({ bytes: 250e6, bytesPerInterval: 100e6, intervalMs: 20_000, node: { cores: 4 } }, cpu);
  t.is(slower.sourceLoadFraction, 0.05);
  t.is(slower.intervals, 3);
  t.is(copyIntervals(0, 100), 1);
  t.is(copyIntervals(100, 100), 1);
  t.is(copyIntervals(101, 100), 2);
  t.throws(() => copyCost({ bytes: 1, bytesPerInterval: 0, intervalMs: 10_000, node: { cores: 2 } }), { instanceOf: RangeError });
});

test('the planner defaults are the measured cost of a copy at the default bandwidth on the reference node', (t) => {
  // 64 MiB per 10 s = 6.7108864 MB/s; x 8.0 ms per MB on the source = 53.7 ms/s, x 8.95 on the
  // target = 60.1 ms/s; / 2 cores.
  t.true(Math.abs(side(COPY_CPU_MS_PER_MB.source) - 8.0) < 1e-9);
  t.true(Math.abs(side(COPY_CPU_MS_PER_MB.target) - 8.95) < 1e-9);
  t.is(REFERENCE_NODE.cores, 2);
  t.true(Math.abs(DEFAULT_COPY_LOAD_FRACTION - (67.108864 / 10) * 8.0 / 1000 / 2) < 1e-12);
  t.true(Math.abs(DEFAULT_COPY_TARGET_LOAD_FRACTION - (67.108864 / 10) * 8.95 / 1000 / 2) < 1e-12);
  t.is(DEFAULT_MIGRATION_BANDWIDTH, 64 * 1024 * 1024);
  const cfg = plannerConfig();
  t.is(cfg.copyLoadFraction, DEFAULT_COPY_LOAD_FRACTION);
  t.is(cfg.copyTargetLoadFraction, DEFAULT_COPY_TARGET_LOAD_FRACTION);
});

test('the calibration interval is the sidecars\' default telemetry interval (the live planner step)', (t) => {
  t.is(CALIBRATION_INTERVAL_MS, DEFAULT_INTERVAL_MS);
  // The simulator's 10,000-op node is the reference node over that interval.
  t.is((REFERENCE_NODE.opsPerS * CALIBRATION_INTERVAL_MS) / 1000, 10_000);
});

test('copy load keys stay overridable and validated', (t) => {
  t.is(plannerConfig({ copyTargetLoadFraction: 0.3 }).copyTargetLoadFraction, 0.3);
  t.is(plannerConfig({ copyLoadFraction: 0.05 }).copyTargetLoadFraction, DEFAULT_COPY_TARGET_LOAD_FRACTION);
  t.throws(() => plannerConfig({ copyTargetLoadFraction: 1.5 }), { instanceOf: RangeError, message: /copyTargetLoadFraction/ });
  t.throws(() => plannerConfig({ copyLoadFraction: -0.1 }), { instanceOf: RangeError, message: /copyLoadFraction/ });
});

/** Copy-load cost of moving n0's first microshard to n1 (150 bytes at 100 per interval: 2 copy intervals). */
function copyLoadCost(perNode: number[][], cfg: PlannerConfig): { cost: number; intervals: number } {
  const state = buildState(flatSnapshot(perNode, { bytes: 150 }), cfg);
  const ms = [...state.nodeById.get('n0')!.microshards][0]!;
  const e = evaluateMove(state, ms, state.nodeById.get('n0')!, state.nodeById.get('n1')!, policyByName('load-balancing'));
  return { cost: e.cost.copyLoad, intervals: e.intervals };
}

test('a move whose copy overloads a busy source is priced with the calibrated load', (t) => {
  // n0 at 0.98 of capacity: without copy load it stays under, the calibrated 0.027 takes it over.
  const busy = [[490, 490], [100]];
  const free = copyLoadCost(busy, testConfig({ copyLoadFraction: 0, copyTargetLoadFraction: 0 }));
  const now = copyLoadCost(busy, testConfig());
  t.is(free.intervals, 2);
  t.is(free.cost, 0);
  t.true(980 + DEFAULT_COPY_LOAD_FRACTION * CAP > CAP, 'the calibrated copy load is enough to overload it');
  const step = 0.05 * CAP; // DEFAULT_OVERLOAD_STEP_PENALTY x capacity per overloaded node-step
  t.true(Math.abs(now.cost - 2 * (980 + DEFAULT_COPY_LOAD_FRACTION * CAP - CAP + step)) < 1e-9);
  // At 0.9 of capacity the same copy fits: the cost follows the measured fraction, not a guess.
  t.is(copyLoadCost([[450, 450], [100]], testConfig()).cost, 0);
});

test('source and target are charged their own fraction', (t) => {
  // Source at 900, target at 850; 0.2 of capacity lands 100 over on the source, 50 over on the target.
  const nodes = [[450, 450], [850]];
  const step = 0.05 * CAP;
  t.is(copyLoadCost(nodes, testConfig({ copyLoadFraction: 0.2, copyTargetLoadFraction: 0 })).cost, 2 * (100 + step));
  t.is(copyLoadCost(nodes, testConfig({ copyLoadFraction: 0, copyTargetLoadFraction: 0.2 })).cost, 2 * (50 + step));
});
