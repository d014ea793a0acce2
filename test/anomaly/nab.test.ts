// The NAB-style windowed scorer: windows from label runs; perfect = 100, silent = 0; early beats
// late; false positives cost, less so just after a window.
import test from 'ava';
import { anomalyWindows, normalise, pointCounts, prf, probationLength, windowedScore } from '../../core/anomaly/nab.js';

const N = 2000;
function labelsAt(...runs: Array<[number, number]>): Uint8Array {
  const l = new Uint8Array(N);
  for (const [a, b] of runs) l.fill(1, a, b + 1);
  return l;
}

test('windows: 10% of the length split over the runs, centred on each onset, merged when they overlap', (t) => {
  t.deepEqual(anomalyWindows(labelsAt([1000, 1002], [1500, 1500])), [[950, 1050], [1450, 1550]]);
  t.deepEqual(anomalyWindows(labelsAt([1000, 1000], [1060, 1060])), [[950, 1110]]);
  // A run longer than half a window keeps all its points inside.
  t.deepEqual(anomalyWindows(labelsAt([1000, 1300])), [[900, 1300]]);
  t.is(probationLength(N), 300);
  t.is(probationLength(100000), 750);
});

test('perfect scores 100, silence 0, an early flag beats a late one, false positives cost', (t) => {
  const labels = labelsAt([1000, 1000], [1500, 1500]);
  const w = anomalyWindows(labels);
  const flag = (...at: number[]) => {
    const s = new Float64Array(N);
    for (const i of at) s[i] = 1;
    return s;
  };
  const score = (s: Float64Array) => normalise([windowedScore(s, w)]);
  for (const x of score(flag(950, 1450))) t.true(Math.abs(x - 100) < 1e-9);
  for (const x of score(flag())) t.is(x, 0);
  const early = score(flag(960, 1460))[0]!;
  const late = score(flag(1040, 1540))[0]!;
  t.true(early > late && late > 0);
  const withFp = score(flag(960, 1460, 400))[0]!;
  t.true(withFp < early);
  // The same false positive costs more under the low-FP profile.
  const [std, lowFp] = score(flag(960, 1460, 400));
  t.true(lowFp! < std!);
  // Just after a window a false positive costs less than far from any window.
  const nearFp = score(flag(960, 1460, 1060))[0]!;
  t.true(nearFp > withFp);
  // Flags in probation do not count.
  t.is(score(flag(960, 1460, 100))[0], early);
});

test('point precision / recall / F1', (t) => {
  const c = pointCounts([1, 1, 0, 0.6, 0], [1, 0, 1, 1, 0]);
  t.deepEqual(c, { tp: 2, fp: 1, fn: 1 });
  const m = prf(c);
  t.is(m.precision, 2 / 3);
  t.is(m.recall, 2 / 3);
});
