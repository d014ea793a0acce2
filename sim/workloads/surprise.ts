// Unannounced changes: a mildly daily background at ~50% utilisation, and every 6-14 intervals a
// surprise on 1-3 keys that no history foretells: a spike (at once to 40-80% of a node for 2-6
// intervals), a level shift (at once to 30-60% of a node, for the rest of the run) or a drop (a
// popular key goes quiet for 4-12 intervals). Forecasts made before a change cannot see it; the
// anomaly rule (sim/controllers.ts, core/anomaly/) sees it the interval it happens.
import { lognormal, rng } from './random.js';
import { DEFAULT_COLD_KEYS, type Scenario } from './scenario.js';
import { mildDailyBackground } from './ramp.js';

export function surprise(seed = 8): Scenario {
  const r = rng(seed);
  const nodes = 10;
  const capacity = 10_000;
  const intervals = 24 * 10;
  const K = 2000;
  const { pop, load } = mildDailyBackground(r, K, 0.5 * nodes * capacity, intervals);
  const byPopularity = pop.map((p, k) => [p, k] as const).sort((a, b) => b[0] - a[0]).map(([, k]) => k);
  const counts = { spike: 0, shift: 0, drop: 0 };
  // The first 3 days are quiet: the detectors' probation (two seasons) and the model's context.
  for (let start = 72; start < intervals - 6; start += 6 + Math.floor(r() * 9)) {
    const u = r();
    if (u < 0.5) {
      counts.spike++;
      const keys = 1 + Math.floor(r() * 3);
      const peak = (0.4 + r() * 0.4) * capacity;
      const len = 2 + Math.floor(r() * 5);
      for (let j = 0; j < keys; j++) {
        const k = Math.floor(r() * K);
        for (let t = start; t < Math.min(intervals, start + len); t++) load[k]![t]! += (peak / keys) * lognormal(r, 0.05);
      }
    } else if (u < 0.8) {
      counts.shift++;
      const keys = 1 + Math.floor(r() * 2);
      const level = (0.3 + r() * 0.3) * capacity;
      for (let j = 0; j < keys; j++) {
        const k = Math.floor(r() * K);
        for (let t = start; t < intervals; t++) load[k]![t]! += (level / keys) * lognormal(r, 0.05);
      }
    } else {
      counts.drop++;
      const k = byPopularity[Math.floor(r() * 20)]!;
      const len = 4 + Math.floor(r() * 9);
      for (let t = start; t < Math.min(intervals, start + len); t++) load[k]![t] = 0;
    }
  }
  return {
    name: 'surprise',
    description: `unannounced changes on a 50% daily background from day 4: ${counts.spike} spikes (40-80% of a node on 1-3 keys for 2-6 intervals), ${counts.shift} level shifts (30-60% of a node, to the end), ${counts.drop} drop(s) (a top-20 key quiet for 4-12 intervals)`,
    nodes,
    capacity,
    microshards: 80,
    intervals,
    season: 24,
    goal: false,
    keys: Array.from({ length: K }, (_, k) => `key:${k}`),
    load,
    coldKeys: DEFAULT_COLD_KEYS,
  };
}
