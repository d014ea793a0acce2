// Flash crowds that ramp: a mildly daily background at ~50% utilisation, plus crowds that each
// pick a few keys and ramp them up over 6-12 intervals to a third to two thirds of a node's
// capacity, hold, then fade. Several overlap at a time.
import { lognormal, rng, zipfWeights, shuffle } from './random.js';
import { dayShape, DEFAULT_COLD_KEYS, type Scenario } from './scenario.js';

/**
 * K keys with shuffled Zipf(0.6) popularity sharing `totalOps` per interval, mildly daily (70% to
 * 100% of the peak) with 8% noise: the background of the flash crowds and of the surprises.
 */
export function mildDailyBackground(r: () => number, K: number, totalOps: number, intervals: number): { pop: number[]; load: Float64Array[] } {
  const pop = shuffle(Array.from(zipfWeights(K, 0.6)), r);
  const load = pop.map((p) => {
    const row = new Float64Array(intervals);
    for (let t = 0; t < intervals; t++) row[t] = totalOps * p * (0.7 + 0.3 * dayShape(t % 24, 0)) * lognormal(r, 0.08);
    return row;
  });
  return { pop, load };
}

export function ramp(seed = 2): Scenario {
  const r = rng(seed);
  const nodes = 10;
  const capacity = 10_000;
  const intervals = 24 * 10;
  const K = 2000;
  const { pop, load } = mildDailyBackground(r, K, 0.5 * nodes * capacity, intervals);
  let crowds = 0;
  for (let start = 6; start < intervals - 12; start += 4 + Math.floor(r() * 6)) {
    const keys = 1 + Math.floor(r() * 3);
    const peak = (0.35 + r() * 0.3) * capacity;
    const rampLen = 6 + Math.floor(r() * 7);
    const hold = 6 + Math.floor(r() * 13);
    const fade = 6;
    for (let j = 0; j < keys; j++) {
      const k = Math.floor(r() * K);
      for (let t = start; t < Math.min(intervals, start + rampLen + hold + fade); t++) {
        const u = t - start;
        const level = u < rampLen ? (u + 1) / rampLen : u < rampLen + hold ? 1 : 1 - (u - rampLen - hold + 1) / (fade + 1);
        load[k]![t]! += (peak / keys) * level * lognormal(r, 0.05);
      }
    }
    crowds++;
  }
  return {
    name: 'ramp',
    description: `flash crowds: ${crowds} crowds of 1-3 keys ramping over 6-12 intervals to 35-65% of a node, on a 50% daily background`,
    nodes,
    capacity,
    microshards: 80,
    intervals,
    season: 24,
    goal: true,
    keys: pop.map((_, k) => `item:${k}`),
    load,
    coldKeys: DEFAULT_COLD_KEYS,
  };
}
