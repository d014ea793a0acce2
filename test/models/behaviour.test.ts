// How the committed model behaves on clean shapes, through the real worker runtime: after a
// sustained level change the median follows within two intervals (2-6 intervals after it); a recent trend is damped,
// never extrapolated past what the history supports; quantiles never cross.
import test from 'ava';
import { Forecaster } from '../../models/runtime.js';
import { levelShift } from '../../models/spec.js';

const profile = (i: number) => 1 + 0.3 * Math.sin((2 * Math.PI * i) / 24);
const noise = (i: number) => 1 + 0.02 * (((i * 7919) % 13) - 6) / 6;
const LEVELS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];

test('level shift: two intervals after the level doubles, the median is within 20 % of the new level', async (t) => {
  const f = await Forecaster.open();
  try {
    const n = 21 * 24;
    for (const k of [2, 3, 6]) {
      const xs = Array.from({ length: n + k }, (_, i) => (i < n ? 100 : 200) * profile(i) * noise(i));
      const res = await f.forecast([xs], 24, 24, LEVELS);
      const median = res.values[0]![3]!;
      for (let h = 1; h <= 6; h++) {
        const ratio = median[h - 1]! / (200 * profile(n + k + h - 1));
        t.true(Math.abs(ratio - 1) < 0.2, `k=${k} h=${h}: median / new level = ${ratio.toFixed(2)}`);
      }
      // And a single outlier is not a level shift.
      t.is(levelShift(xs.slice(0, n + 1).map((v) => v / 100), 24).dev, 0);
    }
  } finally {
    await f.close();
  }
});

test('trend: a one-day ramp after two flat weeks is damped, not extrapolated', async (t) => {
  const f = await Forecaster.open();
  try {
    const n = 13 * 24;
    // Flat at 100, then 100 -> 150 over the last day: slope 50 / 24 per step.
    const xs = Array.from({ length: n + 24 }, (_, i) => (i < n ? 100 : 100 + (50 * (i - n + 1)) / 24) * profile(i));
    const res = await f.forecast([xs], 96, 24, LEVELS);
    const level = (h: number) => res.values[0]![3]![h - 1]! / profile(n + 24 + h - 1);
    // Linear extrapolation would reach 150 + 96 x 50/24 = 350 at h = 96; the history supports
    // at most one more window's rise (150 + 50).
    t.true(level(96) < 200, `h=96: ${level(96).toFixed(0)}`);
    // Damped: the second day ahead adds less than a tenth of the level (the ramp added a third).
    t.true(Math.abs(level(96) - level(48)) < 15, `h=48: ${level(48).toFixed(0)}, h=96: ${level(96).toFixed(0)}`);
    for (let h = 0; h < 96; h++) for (let q = 1; q < LEVELS.length; q++) t.true(res.values[0]![q]![h]! >= res.values[0]![q - 1]![h]!);
  } finally {
    await f.close();
  }
});
