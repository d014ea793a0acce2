// Daily cycles: Zipf-skewed keys whose clients sit in three regions eight hours apart, so hot
// keys peak at different hours, and whose popularity drifts from day to day (each key's daily
// factor is redrawn every day, log-sd 0.4): yesterday's placement is not quite right today.
import { lognormal, rng, zipfWeights, shuffle } from './random.js';
import { dayShape, DEFAULT_COLD_KEYS, scaleToUtilisation, type Scenario } from './scenario.js';

export function daily(seed = 1): Scenario {
  const r = rng(seed);
  const nodes = 10;
  const capacity = 10_000;
  const intervals = 24 * 10;
  const K = 3000;
  const pop = shuffle(Array.from(zipfWeights(K, 0.6)), r);
  const phase = pop.map(() => [0, 8, 16][Math.floor(r() * 3)]!);
  const days = Math.ceil(intervals / 24) + 1;
  const load = pop.map((p, k) => {
    const factor = Array.from({ length: days }, () => lognormal(r, 0.4));
    const row = new Float64Array(intervals);
    // A key's day runs from its local midnight, so the factor changes while it is quiet.
    for (let t = 0; t < intervals; t++) row[t] = p * factor[Math.floor((t + phase[k]!) / 24)]! * dayShape((t + phase[k]!) % 24) * lognormal(r, 0.1);
    return row;
  });
  scaleToUtilisation(load, intervals, nodes, capacity, 0.72);
  return {
    name: 'daily',
    description: 'Zipf(0.6) over 3,000 keys, 3 regions 8 h apart, daily peaks, popularity redrawn daily (log-sd 0.4), 10 days, peak utilisation 72%',
    nodes,
    capacity,
    microshards: 80,
    intervals,
    season: 24,
    goal: true,
    keys: pop.map((_, k) => `user:${k}`),
    load,
    coldKeys: DEFAULT_COLD_KEYS,
  };
}
