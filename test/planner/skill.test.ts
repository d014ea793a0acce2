import test from 'ava';
import fc from 'fast-check';
import { plannerConfig } from '../../core/planner/config.js';
import { calibrateForecast, combineSkills, emptySkill, issueForecast, observeSkill, scaleSkill, type ForecastSkill } from '../../core/planner/skill.js';
import { SkillBook } from '../../core/planner/skill-book.js';
import type { LoadForecast } from '../../core/planner/snapshot.js';

const H = 12;
const cfg = plannerConfig({ horizon: H });

const flat = (v: number, spread: number): LoadForecast => ({ p50: new Array(H).fill(v), p90: new Array(H).fill(v + spread) });

/** Runs `rounds` rounds of a model that always forecasts `forecast(t)` against `actual(t)`; returns the record. */
function track(rounds: number, forecast: (t: number) => LoadForecast, actual: (t: number) => number): ForecastSkill {
  let s = emptySkill(-1);
  for (let t = 0; t < rounds; t++) {
    s = observeSkill(s, actual(t), t, cfg);
    const f = forecast(t);
    s = issueForecast(s, f, calibrateForecast(f, s, H, cfg), t);
  }
  return s;
}

test('without a record the planner acts on the forecast as given', (t) => {
  const f: LoadForecast = { p50: [1, 2, 3], p90: [2, 3, 5] };
  const c = calibrateForecast(f, undefined, 4, cfg);
  t.deepEqual([...c.p50], [1, 2, 3, 3]);
  t.deepEqual([...c.p90], [2, 3, 5, 5]);
});

test('a model that keeps reading a sustained rise as noise is corrected toward what persists', (t) => {
  // The load steps from 100 to 600 at t = 20; the model keeps forecasting 100.
  const actual = (u: number) => (u < 20 ? 100 : 600);
  const s = track(30, () => flat(100, 20), actual);
  const c = calibrateForecast(flat(100, 20), s, H, cfg);
  t.true(c.p50[0]! > 500, `one step ahead follows the new level (${c.p50[0]})`);
  t.true(c.p50[H - 1]! > 300, `and far ahead it is no longer the model's 100 (${c.p50[H - 1]})`);
  for (let k = 0; k < H; k++) t.true(c.p90[k]! >= c.p50[k]!);
  // The band widened: the model's 20 was far too narrow for the errors it made.
  t.true(c.p90[0]! - c.p50[0]! > 20);
});

test('a model that is right keeps its forecast: the correction fades and the band narrows', (t) => {
  const season = (u: number) => 500 + 300 * Math.sin((2 * Math.PI * u) / 24);
  const model = (u: number): LoadForecast => {
    const p50 = Array.from({ length: H }, (_, k) => season(u + 1 + k));
    return { p50, p90: p50.map((v) => v + 100) };
  };
  // Small noise around the model's median.
  const s = track(80, model, (u) => season(u) + ((u * 7919) % 11) - 5);
  const raw = model(80);
  const c = calibrateForecast(raw, s, H, cfg);
  for (let k = 0; k < H; k++) t.true(Math.abs(c.p50[k]! - raw.p50[k]!) < 15, `step ${k}: ${c.p50[k]} vs ${raw.p50[k]}`);
  t.true(c.p90[0]! - c.p50[0]! < 100, 'errors far below the claimed band narrow it');
  t.true(c.p90[0]! - c.p50[0]! >= 100 * cfg.skillMinBandRatio - 1e-9, 'but never below the floor');
});

test('the band stays within its configured ratios of the model\'s; p90 >= p50 always', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 3, max: 40 }), fc.double({ min: 0, max: 1e5, noNaN: true }), fc.double({ min: 1, max: 500, noNaN: true }), (rounds, jump, band) => {
      const s = track(rounds, () => flat(100, band), (u) => (u % 2 === 0 ? 100 : 100 + jump));
      const c = calibrateForecast(flat(100, band), s, H, cfg);
      for (let k = 0; k < H; k++) {
        if (!Number.isFinite(c.p50[k]!) || !(c.p90[k]! >= c.p50[k]!)) return false;
        // Either the calibrated band, or the corrected median (the persisting case) when higher.
        const width = c.p90[k]! - c.p50[k]!;
        const banded = width <= cfg.skillMaxBandRatio * band + 1e-6 && width >= cfg.skillMinBandRatio * band - 1e-6;
        if (!banded && Math.abs(c.p90[k]! - c.corrected[k]!) > 1e-6) return false;
      }
      return true;
    }),
    { numRuns: 80 },
  );
  t.pass();
});

test('records are plain data and the functions are pure', (t) => {
  const s0 = track(10, () => flat(50, 5), (u) => 50 + u * 10);
  const copy = JSON.parse(JSON.stringify(s0)) as ForecastSkill;
  const a = observeSkill(s0, 300, 10, cfg);
  const b = observeSkill(s0, 300, 10, cfg);
  t.deepEqual(s0, copy, 'the input record is not changed');
  t.deepEqual(a, b, 'same inputs, same record');
  t.deepEqual(JSON.parse(JSON.stringify(a)), a, 'survives a JSON round trip');
});

test('a scaled record gives the scaled forecast (split halves), and two records combine additively', (t) => {
  fc.assert(
    fc.property(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.integer({ min: 5, max: 30 }), (share, rounds) => {
      const s = track(rounds, () => flat(200, 30), (u) => 200 + (u > rounds / 2 ? 400 : 0));
      const whole = calibrateForecast(flat(200, 30), s, H, cfg);
      const part = calibrateForecast(flat(200 * share, 30 * share), scaleSkill(s, share), H, cfg);
      for (let k = 0; k < H; k++) {
        if (Math.abs(part.p50[k]! - share * whole.p50[k]!) > 1e-6 * (1 + whole.p50[k]!)) return false;
        if (Math.abs(part.p90[k]! - share * whole.p90[k]!) > 1e-6 * (1 + whole.p90[k]!)) return false;
      }
      const both = combineSkills(scaleSkill(s, share), scaleSkill(s, 1 - share));
      return Math.abs(both.bias - s.bias) < 1e-6 * (1 + Math.abs(s.bias));
    }),
    { numRuns: 50 },
  );
  t.pass();
});

test('the book carries a record across a split, by load share, and drops records of vanished microshards', (t) => {
  const book = new SkillBook(cfg);
  for (let u = 0; u < 12; u++) {
    book.observe(u, new Map([['p', u < 6 ? 100 : 700]]));
    book.issue(u, 'p', flat(100, 10), H);
  }
  const parent = book.skillOf('p')!;
  t.true(parent.bias > 300, `the parent learnt the model misses (${parent.bias})`);
  book.noteOperators([{ id: 'x', kind: 'split', reason: 'hot', detail: '', policy: 'test', steps: [{ kind: 'split', microshard: 'p', at: 5n, left: 'a', right: 'b' }], gain: 1, cost: 0, gainBreakdown: { overload: 0, policy: 0, coAccess: 0, proximity: 0, other: 1 }, costBreakdown: { bytes: 0, copyLoad: 0, churn: 0 }, inputs: {} }]);
  book.observe(12, new Map([['a', 600], ['b', 200]]));
  const a = book.skillOf('a')!;
  const b = book.skillOf('b')!;
  t.truthy(a);
  t.truthy(b);
  t.is(book.skillOf('p'), undefined, 'the parent is gone');
  t.true(a.errModel[0]! > b.errModel[0]!, 'the hotter half inherits the larger share of the errors');
  t.is(book.size, 2);
});
