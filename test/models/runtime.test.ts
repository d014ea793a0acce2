// The worker runtime: batched results for every series, fallback for short history, the model
// version on every result, non-negativity, argument checks, close().
import test from 'ava';
import { Forecaster } from '../../models/runtime.js';
import { readMetadata, defaultModelPath } from '../../models/metadata.js';
import { Rng } from '../../models/rng.js';
import { generateSeries } from '../../models/synthetic.js';

test.serial('one batched forecast for many series, with fallbacks marked', async (t) => {
  const f = await Forecaster.open();
  try {
    const rng = new Rng(3);
    const S = 24;
    const series: (Float32Array | number[])[] = [];
    for (let i = 0; i < 300; i++) series.push(Float32Array.from(generateSeries(rng, 'load', S, 400).values));
    series.push([5, 7, 9]); // < one season: naive
    series.push(Array.from({ length: 30 }, (_, i) => (i % 24) * 2)); // one season, < two: seasonal naive
    series.push([]); // nothing: zeros
    const progress: number[] = [];
    const res = await f.forecast(series, 36, S, [0.1, 0.5, 0.9], (done) => progress.push(done));
    t.is(res.modelVersion, readMetadata(defaultModelPath()).version);
    t.deepEqual(res.quantiles, [0.1, 0.5, 0.9]);
    t.is(res.values.length, series.length);
    t.is(res.timings.runs, 1, 'all model series in one session run');
    t.deepEqual(progress, [300]);
    for (const per of res.values) {
      t.is(per.length, 3);
      for (const v of per) t.is(v.length, 36);
    }
    t.true(res.methods.slice(0, 300).every((m) => m === 'model'));
    t.deepEqual(res.methods.slice(300), ['naive', 'seasonal-naive', 'empty']);
    t.deepEqual(Array.from(res.values[300]![1]!), new Array(36).fill(9));
    // Seasonal naive repeats the last season (the last 24 of the 30 points).
    const sn = Array.from({ length: 36 }, (_, h) => ((6 + (h % 24)) % 24) * 2);
    t.deepEqual(Array.from(res.values[301]![1]!), sn);
    t.deepEqual(Array.from(res.values[302]![1]!), new Array(36).fill(0));
    for (let i = 0; i < series.length; i++) {
      for (let h = 0; h < 36; h++) {
        const [lo, mid, hi] = [res.values[i]![0]![h]!, res.values[i]![1]![h]!, res.values[i]![2]![h]!];
        if (!(lo <= mid && mid <= hi && lo >= 0)) t.fail(`series ${i} step ${h}: ${lo} ${mid} ${hi}`);
      }
    }
    // Batching does not change answers: series 0 alone gives the same forecast.
    const alone = await f.forecast([series[0]!], 36, S, [0.5]);
    t.deepEqual(Array.from(alone.values[0]![0]!), Array.from(res.values[0]![1]!));
  } finally {
    await f.close();
  }
});

test.serial('a batch larger than the cell limit is cut into several runs with identical results', async (t) => {
  const rng = new Rng(9);
  const series = Array.from({ length: 50 }, () => generateSeries(rng, 'load', 24, 400).values);
  const small = await Forecaster.open({ maxBatchCells: 10 * 24 });
  const big = await Forecaster.open();
  try {
    const a = await small.forecast(series, 24, 24, [0.5]);
    const b = await big.forecast(series, 24, 24, [0.5]);
    t.is(a.timings.runs, 5);
    t.is(b.timings.runs, 1);
    t.deepEqual(a.values.map((v) => Array.from(v[0]!)), b.values.map((v) => Array.from(v[0]!)));
  } finally {
    await small.close();
    await big.close();
  }
});

test.serial('bad arguments are rejected; a closed forecaster refuses work', async (t) => {
  const f = await Forecaster.open({ intraOpNumThreads: 2 });
  await t.throwsAsync(f.forecast([[1, 2, 3]], 0, 24), { message: /horizon/ });
  await t.throwsAsync(f.forecast([[1, 2, 3]], 3, 0), { message: /season/ });
  await t.throwsAsync(f.forecast([[1, 2, 3]], 3, 24, [1.5]), { message: /quantiles/ });
  const ok = await f.forecast([[1, 2, 3]], 2, 1, [0.5]);
  t.is(ok.values[0]![0]!.length, 2);
  await f.close();
  await t.throwsAsync(f.forecast([[1, 2, 3]], 3, 24), { message: /closed/ });
  await t.throwsAsync(Forecaster.open({ intraOpNumThreads: 0 }), { message: /intraOpNumThreads/ });
  await t.throwsAsync(Forecaster.open({ modelPath: '/nonexistent/forecaster.onnx' }), { message: /forecaster/ });
});
