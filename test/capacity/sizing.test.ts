import test from 'ava';
import {
  capacityConfig,
  costModel,
  fromPlannerSnapshot,
  recommendSize,
  sizingConfig,
  DEFAULT_TYPE,
  type DatastoreType,
} from '../../core/capacity/index.js';

const type: DatastoreType = { ...DEFAULT_TYPE, opsPerCore: 500 };
const cfg = sizingConfig();

test('CPU follows demand over the type\'s ops per core at the target utilisation, in steps', (t) => {
  // demand = max(300, 900) = 900; 900 / (500 x 0.6) = 3 cores.
  const r = recommendSize({ type, currentOpsPerS: 300, forecastP90PeakOpsPerS: 900, dataBytes: 0 }, cfg);
  t.is(r.demandOpsPerS, 900);
  t.is(r.opsPerCoreFrom, 'type');
  t.is(r.cpu, 3);
  // 950 -> 3.17 -> rounded up to 3.5.
  t.is(recommendSize({ type, currentOpsPerS: 950, dataBytes: 0 }, cfg).cpu, 3.5);
});

test('a CPU measurement calibrates ops per core', (t) => {
  // 400 ops/s at 50 % of 2 cores: 400 ops/s per core. Forecast 1200: 1200 / (400 x 0.6) = 5.
  const r = recommendSize({ type, currentOpsPerS: 400, forecastP90PeakOpsPerS: 1200, dataBytes: 0, measured: { cpuUtilisation: 0.5, cpuCores: 2 } }, cfg);
  t.is(r.opsPerCoreFrom, 'measured');
  t.is(r.opsPerCore, 400);
  t.is(r.cpu, 5);
  // An idle machine tells nothing: the type's figure is used.
  t.is(recommendSize({ type, currentOpsPerS: 400, dataBytes: 0, measured: { cpuUtilisation: 0.01, cpuCores: 2 } }, cfg).opsPerCoreFrom, 'type');
});

test('memory: modelled from data and demand, or the measured working set grown with the forecast', (t) => {
  const mib = 1024 * 1024;
  // base 256 + 1024 MiB data + 1000 x 0.1 = 1380 -> / 0.75 = 1840 -> step 256 -> 2048.
  const m = recommendSize({ type, currentOpsPerS: 1000, dataBytes: 1024 * mib }, cfg);
  t.is(m.memoryFrom, 'model');
  t.is(m.memoryMb, 2048);
  // Measured 3000 MiB used, demand doubles: + 500 ops/s x 0.1 MiB = 3050 / 0.75 = 4067 -> 4096.
  const g = recommendSize({ type, currentOpsPerS: 500, forecastP90PeakOpsPerS: 1000, dataBytes: 0, measured: { memoryUsedBytes: 3000 * mib } }, cfg);
  t.is(g.growth, 2);
  t.is(g.memoryFrom, 'measured');
  t.is(g.memoryMb, 4096);
  // IOPS measured: 700 x 2 / 0.7 = 2000.
  t.is(recommendSize({ type, currentOpsPerS: 500, forecastP90PeakOpsPerS: 1000, dataBytes: 0, measured: { iops: 700 } }, cfg).iops, 2000);
});

test('sizes are clamped to the configured bounds', (t) => {
  const small = recommendSize({ type, currentOpsPerS: 0, dataBytes: 0 }, cfg);
  t.is(small.cpu, cfg.minCpu);
  t.is(small.memoryMb, cfg.minMemoryMb);
  const huge = recommendSize({ type, currentOpsPerS: 1e9, dataBytes: 1e15 }, cfg);
  t.is(huge.cpu, cfg.maxCpu);
  t.is(huge.memoryMb, cfg.maxMemoryMb);
});

test('configurations name the bad key', (t) => {
  t.throws(() => sizingConfig({ targetCpuUtilisation: 0 }), { message: /targetCpuUtilisation/ });
  t.throws(() => capacityConfig({ retireUtilisation: 0.9, targetUtilisation: 0.8 }), { message: /retireUtilisation .* below targetUtilisation/ });
  t.throws(() => capacityConfig({ minNodes: 5, maxNodes: 2 }), { message: /maxNodes/ });
  t.throws(() => costModel({ types: { big: { costPerHour: -1 } } }), { message: /types\.big\.costPerHour/ });
  t.throws(() => costModel({ defaultType: 'nope' }), { message: /defaultType "nope"/ });
  t.throws(() => costModel({ types: { 'bad name': {} } }), { message: /bad name/ });
  const m = costModel({ types: { big: { costPerHour: 1 } } });
  t.is(m.types.big!.capacityOpsPerS, DEFAULT_TYPE.capacityOpsPerS);
});

test('a planner snapshot becomes a capacity snapshot in ops per second', (t) => {
  const snap = fromPlannerSnapshot(
    {
      now: 5,
      microshards: [
        { id: '1', start: 0n, end: 1n << 63n, owner: 'a', sizeBytes: 10, load: 50, forecast: { p50: [50, 60], p90: [55, 70] }, createdAt: 0 },
        { id: '2', start: 1n << 63n, end: 1n << 64n, owner: 'b', sizeBytes: 20, load: 20, forecast: { p50: [20, 20], p90: [20, 20] }, createdAt: 0 },
      ],
      nodes: [{ id: 'a', capacity: 100 }, { id: 'b', capacity: 100 }],
      migrations: [],
      recentMoves: [],
      nextMicroshardId: 3n,
    },
    { stepMs: 10_000, horizon: 2, nowMs: 1000, managed: new Set(['b']) },
  );
  const a = snap.nodes.find((n) => n.id === 'a')!;
  t.is(a.capacityOpsPerS, 10);
  t.is(a.currentOpsPerS, 5);
  t.deepEqual(Array.from(a.forecast!.p90), [5.5, 7]);
  t.is(a.bytes, 10);
  t.true(snap.nodes.find((n) => n.id === 'b')!.managed);
});
