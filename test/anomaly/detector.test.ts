// The streaming detector: causal, probation scores 0, scores in [0, 1], a spike is flagged and
// noise mostly is not, one flag per episode, season inference, parameter validation.
import test from 'ava';
import fc from 'fast-check';
import { AnomalyDetector, DEFAULT_PARAMS, scoreSeries } from '../../core/anomaly/detector.js';
import { inferSeason } from '../../core/anomaly/season.js';
import { rng } from '../../sim/workloads/random.js';

function seasonal(n: number, period: number, seed: number, noise = 0.1): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, (_, i) => 10 + 3 * Math.sin((2 * Math.PI * i) / period) + noise * (r() + r() + r() - 1.5) * 2);
}

test('a score depends only on the points up to it (prefix scores unchanged by later points)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 400 }), fc.nat(), (xs, cut) => {
      const k = 1 + (cut % (xs.length - 1));
      const full = scoreSeries(xs, { probation: 20 });
      const prefix = scoreSeries(xs.slice(0, k), { probation: 20 });
      for (let i = 0; i < k; i++) if (full[i] !== prefix[i]) return false;
      return full.every((s) => s >= 0 && s <= 1);
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test('probation points score 0; then a spike is flagged within a point and noise is mostly not', (t) => {
  const xs = seasonal(2000, 24, 7);
  const clean = scoreSeries(xs, { season: 24 });
  t.true(clean.subarray(0, DEFAULT_PARAMS.probation + 1).every((s) => s === 0));
  const cleanFlags = clean.filter((s) => s >= 0.5).length;
  t.true(cleanFlags <= 5, `flags on clean seasonal noise: ${cleanFlags}`);
  const spiked = Float64Array.from(xs);
  spiked[1500]! += 5;
  const s = scoreSeries(spiked, { season: 24 });
  t.true(s[1500]! >= 0.5, `spike score ${s[1500]}`);
  // The same value without the spike context is unremarkable there.
  t.true(clean[1500]! < 0.5);
});

test('a level shift is flagged once; the episode stays active with its start until the band holds it', (t) => {
  const r = rng(3);
  const xs = Float64Array.from({ length: 1200 }, (_, i) => (i >= 800 ? 20 : 10) + 0.2 * (r() - 0.5));
  const d = new AnomalyDetector({ season: 0 });
  const verdicts = Array.from(xs, (x) => d.update(x));
  const flags = verdicts.map((v, i) => (v.score >= 0.5 ? i : -1)).filter((i) => i >= 0);
  t.true(flags.length >= 1 && flags[0] === 800, `flags at ${flags.join(',')}`);
  t.true(flags.filter((i) => i > 800 && i <= 800 + DEFAULT_PARAMS.refractory).length === 0, 'no second flag inside the refractory span');
  t.true(verdicts[801]!.active);
  t.is(verdicts[801]!.since, 800);
  t.true(xs[800]! > verdicts[800]!.expectedHigh, 'the shifted value lies above the expected band');
  t.false(verdicts[1199]!.active, 'cleared once the level is learnt');
});

test('season inference finds a clear period and refuses white noise', (t) => {
  t.is(inferSeason(seasonal(600, 24, 1, 0.5)), 24);
  const r = rng(9);
  t.is(inferSeason(Float64Array.from({ length: 600 }, () => r())), 0);
  const d = new AnomalyDetector();
  for (const x of seasonal(700, 24, 2)) d.update(x);
  t.is(d.period, 24);
});

test('bad parameters and values are refused', (t) => {
  t.throws(() => new AnomalyDetector({ season: 1 }), { message: /season/ });
  t.throws(() => new AnomalyDetector({ levelAlpha: 0 }), { message: /levelAlpha/ });
  t.throws(() => new AnomalyDetector({ probation: -1 }), { message: /probation/ });
  t.throws(() => new AnomalyDetector().update(Number.NaN), { message: /finite/ });
});
