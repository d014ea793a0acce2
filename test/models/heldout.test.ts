// The committed model beats seasonal naive, and the previous committed model, on held-out real
// data it was not trained on: the fixture folder test/fixtures/forecast-data (pedestrians, and
// the last 3,000 hours of two PJM regions, all inside the future that training never reads),
// scored by the same code as `shardcast forecast eval --data`. No ../shared needed.
import test from 'ava';
import { fileURLToPath } from 'node:url';
import { benchmarkOrigins, BENCH_BASELINES, runBenchmark, summarise, type BenchMethod } from '../../models/benchmark.js';
import { loadAllReal } from '../../models/data.js';
import { previousModelPath } from '../../models/metadata.js';
import { Forecaster } from '../../models/runtime.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/forecast-data', import.meta.url));

const method = (f: Forecaster): BenchMethod => async (hs, S, H) => {
  const res = await f.forecast(hs, H, S, [0.1, 0.5, 0.9]);
  const pick = (k: number) => res.values.map((v) => Float64Array.from(v[k]!));
  return { median: pick(1), band: [pick(0), pick(2)] };
};

test('held-out fixtures: model MASE below seasonal naive and the previous model; band covers 60-95 %', async (t) => {
  const series = loadAllReal({ dir: FIXTURES });
  t.deepEqual([...new Set(series.map((s) => s.group))].sort(), ['pedestrians', 'pjm']);
  const { origins } = benchmarkOrigins(series);
  t.true(origins.length >= 20, `${origins.length} origins`);
  const model = await Forecaster.open();
  const previous = await Forecaster.open({ modelPath: previousModelPath() });
  try {
    const r = await runBenchmark(origins, { model: method(model), previous: method(previous), 'seasonal naive': BENCH_BASELINES['seasonal naive']! });
    const s = summarise(r);
    t.log(`MASE: model ${s.pooled['model']!.mase.toFixed(3)}, previous ${s.pooled['previous']!.mase.toFixed(3)}, seasonal naive ${s.pooled['seasonal naive']!.mase.toFixed(3)}; coverage ${(100 * s.pooled['model']!.cover).toFixed(1)} %`);
    t.true(s.pooled['model']!.mase < 0.9 * s.pooled['seasonal naive']!.mase);
    t.true(s.pooled['model']!.mase <= s.pooled['previous']!.mase);
    t.true(s.pooled['model']!.cover > 0.6 && s.pooled['model']!.cover < 0.95);
    for (const [key, row] of r.rows) {
      const mean = (xs: number[]) => xs.reduce((a, v) => a + v, 0) / xs.length;
      t.true(mean(row.get('model')!.mase) < mean(row.get('seasonal naive')!.mase), key.replace('\u0000', ' H='));
    }
  } finally {
    await model.close();
    await previous.close();
  }
});
