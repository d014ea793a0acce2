// Pure pieces checked by hand: padding, quantile interpolation, fallback, metrics, baselines,
// and the network's hand-written gradient against finite differences.
import test from 'ava';
import { holtWinters, naive, seasonalNaive } from '../../models/baselines.js';
import { mase, maseScale, smape } from '../../models/metrics.js';
import { backward, forward, initParams, scratch, zerosLike } from '../../models/net.js';
import { Rng } from '../../models/rng.js';
import { chooseMethod, fallbackForecast, normalQuantile, quantileBlend, selectQuantiles, writeContext } from '../../models/prepare.js';
import { TRAINED_QUANTILES, contextLength } from '../../models/spec.js';

test('short series are padded on the left with their first season, same phase', (t) => {
  const S = 4;
  const C = contextLength(S);
  const series = [10, 11, 12, 13, 14, 15, 16, 17, 18]; // 9 points, first season 10..13
  const out = new Float64Array(C);
  writeContext(series, S, out, 0);
  t.deepEqual(Array.from(out.slice(C - 9)), series);
  for (let i = 0; i < C - 9; i++) {
    const phase = (((i - (C - 9)) % S) + S) % S;
    t.is(out[i], series[phase], `pad position ${i}`);
  }
  // Long series: the last C points; strided writes fill a column.
  const long = Array.from({ length: C + 10 }, (_, i) => i);
  const col = new Float32Array(C * 3);
  writeContext(long, S, col, 1, 3);
  t.deepEqual(Array.from({ length: C }, (_, i) => col[i * 3 + 1]), long.slice(10));
  // Non-finite values carry the last finite one forward.
  const gappy = new Float64Array(C);
  writeContext([1, 2, NaN, Infinity, 5, 6, 7, 8, 9], S, gappy, 0);
  t.deepEqual(Array.from(gappy.slice(C - 9)), [1, 2, 2, 2, 5, 6, 7, 8, 9]);
});

test('model or fallback by history length', (t) => {
  t.is(chooseMethod(0, 24), 'empty');
  t.is(chooseMethod(23, 24), 'naive');
  t.is(chooseMethod(24, 24), 'seasonal-naive');
  t.is(chooseMethod(47, 24), 'seasonal-naive');
  t.is(chooseMethod(48, 24), 'model');
  t.is(chooseMethod(7, 1), 'naive');
  t.is(chooseMethod(8, 1), 'model');
});

test('requested quantiles interpolate between trained levels and extrapolate in normal scores', (t) => {
  t.deepEqual(quantileBlend(0.5), [3, 3, 0]);
  const [lo, hi, w] = quantileBlend(0.3);
  t.deepEqual([TRAINED_QUANTILES[lo], TRAINED_QUANTILES[hi]], [0.25, 0.5]);
  t.true(Math.abs(w - 0.2) < 1e-12);
  t.true(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-5);
  // For a normal forecast the extrapolated 0.99 lands on the normal 0.99.
  const mu = 100;
  const sigma = 10;
  const values = Float64Array.from(TRAINED_QUANTILES, (q) => mu + sigma * normalQuantile(q));
  const [q99, q01] = selectQuantiles(values, 0, 1, [0.99, 0.01], false);
  t.true(Math.abs(q99![0]! - (mu + sigma * 2.326348)) < 1e-3);
  t.true(Math.abs(q01![0]! - (mu - sigma * 2.326348)) < 1e-3);
  const [clipped] = selectQuantiles(Float64Array.from(TRAINED_QUANTILES, (q) => normalQuantile(q)), 0, 1, [0.001], true);
  t.is(clipped![0], 0);
});

test('fallback: seasonal naive / naive median with a band from in-history errors', (t) => {
  const series = [1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6]; // S = 4; seasonal differences are all +1
  const f = fallbackForecast(series, 4, 6, 'seasonal-naive');
  const Q = TRAINED_QUANTILES.length;
  const med = Array.from({ length: 6 }, (_, h) => f[h * Q + 3]);
  t.deepEqual(med, [3, 4, 5, 6, 3, 4]);
  for (let h = 0; h < 6; h++) for (let q = 0; q < Q; q++) t.is(f[h * Q + q], med[h], 'constant errors: no spread');
  const n = fallbackForecast([5, 1, 5, 1, 5], 1, 2, 'naive');
  t.is(n[3], 5);
  t.true(n[0]! < 5 && n[6]! > 5, 'spread from alternating errors');
  t.true(n[Q + 6]! - n[Q] > n[6]! - n[0]!, 'wider at step 2');
  t.true(Array.from(fallbackForecast([0, 9, 0, 9], 1, 3, 'naive')).every((v) => v >= 0 && Number.isInteger(v)));
});

test('M4 metrics computed by hand', (t) => {
  const insample = [1, 2, 3, 4, 2, 3, 4, 5]; // S = 4: |2-1|,|3-2|,|4-3|,|5-4| = 1 each
  t.is(maseScale(insample, 4), 1);
  t.is(maseScale([3, 1, 2], 1), 1.5);
  t.is(maseScale([1, 2, 3], 12), 1, 'shorter than a season: lag 1');
  t.is(mase([10, 20], [12, 17], 2), 1.25);
  // sMAPE = 200/h * sum |y - f| / (|y| + |f|)
  t.true(Math.abs(smape([100, 50], [110, 40]) - 100 * (10 / 210 + 10 / 90)) < 1e-9);
  t.is(smape([0, 0], [0, 0]), 0);
});

test('baselines: naive, seasonal naive, Holt-Winters on an exact trend + season', (t) => {
  t.deepEqual(Array.from(naive([1, 2, 3], 2)), [3, 3]);
  t.deepEqual(Array.from(seasonalNaive([1, 2, 3, 4, 5, 6, 7], 5, 3)), [5, 6, 7, 5, 6]);
  const S = 12;
  const x = Array.from({ length: 120 }, (_, i) => 100 + 0.5 * i + 10 * Math.sin((2 * Math.PI * i) / S));
  const f = holtWinters(x, 24, S);
  const truth = Array.from({ length: 24 }, (_, h) => 100 + 0.5 * (120 + h) + 10 * Math.sin((2 * Math.PI * (120 + h)) / S));
  const err = f.reduce((a, v, h) => a + Math.abs(v - truth[h]!), 0) / 24;
  t.true(err < 1, `Holt-Winters MAE ${err}`);
});

test('net.ts: the hand-written gradient matches finite differences of the pinball loss', (t) => {
  const rng = new Rng(3);
  const p = initParams(6, rng);
  for (const k of ['w2', 'ws', 'b1'] as const) for (let i = 0; i < p[k].length; i++) p[k][i] = 0.3 * rng.normal();
  const f = Float64Array.from({ length: p.features }, () => rng.normal());
  const s = scratch(p);
  const gq = new Float64Array(p.quantiles);
  const go = new Float64Array(p.quantiles);
  const y = 0.4;
  const loss = () => { forward(p, f, 0, s); return backward(p, f, 0, s, y, 1.5, zerosLike(p), gq, go); };
  const g = zerosLike(p);
  forward(p, f, 0, s);
  backward(p, f, 0, s, y, 1.5, g, gq, go);
  const eps = 1e-6;
  let checked = 0;
  for (const k of ['w1', 'b1', 'w2', 'ws', 'b2'] as const) {
    for (let i = 0; i < p[k].length; i += Math.max(1, Math.floor(p[k].length / 25))) {
      const keep = p[k][i]!;
      p[k][i] = keep + eps;
      const up = loss();
      p[k][i] = keep - eps;
      const down = loss();
      p[k][i] = keep;
      const numeric = (up - down) / (2 * eps); // backward returns the weighted loss
      t.true(Math.abs(numeric - g[k][i]!) < 1e-7 + 1e-5 * Math.abs(numeric), `${k}[${i}]: analytic ${g[k][i]} vs numeric ${numeric}`);
      if (Math.abs(numeric) > 1e-3) checked++;
    }
  }
  t.true(checked > 30, `${checked} non-trivial gradients checked`);
});
