// Co-accessed groups: keys come in groups of 4 that clients touch together (one label per group
// per interval), group popularity Zipf-skewed, daily cycles in three regions. Tests both load
// and locality (cross_node_group_fraction).
import { lognormal, rng, zipfWeights, shuffle } from './random.js';
import { dayShape, DEFAULT_COLD_KEYS, scaleToUtilisation, type Scenario } from './scenario.js';

export function coaccess(seed = 6): Scenario {
  const r = rng(seed);
  const nodes = 10;
  const capacity = 10_000;
  const intervals = 24 * 10;
  const G = 400;
  const size = 4;
  const gpop = shuffle(Array.from(zipfWeights(G, 0.9)), r);
  const phase = gpop.map(() => [0, 8, 16][Math.floor(r() * 3)]!);
  const keys: string[] = [];
  const groupOfKey: number[] = [];
  const load: Float64Array[] = [];
  for (let g = 0; g < G; g++) {
    for (let j = 0; j < size; j++) {
      keys.push(`g${g}:k${j}`);
      groupOfKey.push(g);
      const row = new Float64Array(intervals);
      for (let t = 0; t < intervals; t++) row[t] = (gpop[g]! / size) * dayShape((t + phase[g]!) % 24) * lognormal(r, 0.1);
      load.push(row);
    }
  }
  scaleToUtilisation(load, intervals, nodes, capacity, 0.72);
  return {
    name: 'coaccess',
    description: `${G} groups of ${size} co-accessed keys, Zipf(0.9) group popularity, 3 regions, daily peaks`,
    nodes,
    capacity,
    microshards: 80,
    intervals,
    season: 24,
    goal: true,
    keys,
    group: (k) => `grp${groupOfKey[k]}`,
    load,
    coldKeys: DEFAULT_COLD_KEYS,
  };
}
