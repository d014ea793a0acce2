// A hotspot that moves: every 16 intervals a new contiguous stretch of the keyspace (1/64 of it)
// turns hot, carrying 80% of a node on top of a flat background. Contiguous in hash space, so it
// lands on one or two microshards: only splitting spreads it. Jumps are random: nothing forecasts
// where the next one lands.
import { keyPosition } from '../../core/keyspace.js';
import { lognormal, rng } from './random.js';
import { DEFAULT_COLD_KEYS, type Scenario } from './scenario.js';

export function hotspot(seed = 4): Scenario {
  const r = rng(seed);
  const nodes = 10;
  const capacity = 10_000;
  const intervals = 24 * 10;
  const K = 3000;
  const keys = Array.from({ length: K }, (_, k) => `doc:${k}`);
  const pos = keys.map((k) => Number(keyPosition(k) >> 11n) / 2 ** 53);
  const load = keys.map(() => new Float64Array(intervals));
  const background = (0.45 * nodes * capacity) / K;
  const width = 1 / 64;
  let lo = 0;
  for (let t = 0; t < intervals; t++) {
    if (t % 16 === 0) lo = r() * (1 - width);
    const hot = keys.map((_, k) => pos[k]! >= lo && pos[k]! < lo + width);
    const hotCount = hot.filter(Boolean).length || 1;
    for (let k = 0; k < K; k++) load[k]![t] = background * lognormal(r, 0.1) + (hot[k] ? ((0.8 * capacity) / hotCount) * lognormal(r, 0.3) : 0);
  }
  return {
    name: 'hotspot',
    description: 'a contiguous 1/64 of the keyspace carries 80% of a node, jumping every 16 intervals, on a 45% flat background',
    nodes,
    capacity,
    microshards: 80,
    intervals,
    season: 24,
    goal: false,
    keys,
    load,
    coldKeys: DEFAULT_COLD_KEYS,
  };
}
