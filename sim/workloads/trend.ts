// Trends: a daily-cycling Zipf background plus a few keys whose load grows steadily over the run
// (tenants that are taking off), each to about a quarter of a node by the end.
import { lognormal, rng, zipfWeights, shuffle } from './random.js';
import { dayShape, DEFAULT_COLD_KEYS, scaleToUtilisation, type Scenario } from './scenario.js';

export function trend(seed = 3): Scenario {
  const r = rng(seed);
  const nodes = 10;
  const capacity = 10_000;
  const intervals = 24 * 10;
  const K = 2000;
  const pop = shuffle(Array.from(zipfWeights(K, 0.8)), r);
  const load = pop.map((p) => {
    const row = new Float64Array(intervals);
    for (let t = 0; t < intervals; t++) row[t] = p * dayShape(t % 24, 0.3) * lognormal(r, 0.1);
    return row;
  });
  scaleToUtilisation(load, intervals, nodes, capacity, 0.5);
  const rising = 12;
  for (let j = 0; j < rising; j++) {
    const k = Math.floor(r() * K);
    const end = (0.15 + 0.15 * r()) * capacity;
    for (let t = 0; t < intervals; t++) load[k]![t]! += end * (t / intervals) * dayShape(t % 24, 0.5) * lognormal(r, 0.05);
  }
  return {
    name: 'trend',
    description: `${rising} keys growing linearly to 15-30% of a node over 10 days on a 50% daily background`,
    nodes,
    capacity,
    microshards: 80,
    intervals,
    season: 24,
    goal: true,
    keys: pop.map((_, k) => `tenant:${k}`),
    load,
    coldKeys: DEFAULT_COLD_KEYS,
  };
}
