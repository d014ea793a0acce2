// Zipf-skewed keys, steady: no cycle, no trend, only noise. One good rebalance fixes it; after
// that, any move is churn.
import { lognormal, rng, zipfWeights, shuffle } from './random.js';
import { DEFAULT_COLD_KEYS, scaleToUtilisation, type Scenario } from './scenario.js';

export function zipf(seed = 5): Scenario {
  const r = rng(seed);
  const nodes = 10;
  const capacity = 10_000;
  const intervals = 24 * 10;
  const K = 3000;
  const pop = shuffle(Array.from(zipfWeights(K, 0.9)), r);
  const load = pop.map((p) => {
    const row = new Float64Array(intervals);
    for (let t = 0; t < intervals; t++) row[t] = p * lognormal(r, 0.15);
    return row;
  });
  scaleToUtilisation(load, intervals, nodes, capacity, 0.7);
  return {
    name: 'zipf',
    description: 'Zipf(0.9) over 3,000 keys, steady with 15% noise, 70% utilisation',
    nodes,
    capacity,
    microshards: 80,
    intervals,
    season: 24,
    goal: false,
    keys: pop.map((_, k) => `key:${k}`),
    load,
    coldKeys: DEFAULT_COLD_KEYS,
  };
}
