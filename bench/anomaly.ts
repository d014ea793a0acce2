// Streaming anomaly detection cost per point per series (goal < 5 µs), printed beside a rolling
// z-score (window 100) over the same points in the same run. Series: 1,000 synthetic seasonal
// series (season 24, noise, a few spikes and level shifts), updated interval by interval as a
// sidecar would (every series gets its point, then the next interval).
//   node dist/bench/anomaly.js [--series 1000] [--points 2000] [--runs 3]
import { AnomalyDetector } from '../core/anomaly/detector.js';
import { RollingZ } from '../core/anomaly/baselines.js';
import { rng } from '../sim/workloads/random.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const SERIES = arg('series', 1000);
const POINTS = arg('points', 2000);
const RUNS = arg('runs', 3);

function data(): Float64Array[] {
  const r = rng(11);
  return Array.from({ length: SERIES }, (_, s) => {
    const base = 100 + 50 * r();
    return Float64Array.from({ length: POINTS }, (_, i) => {
      let v = base * (1 + 0.3 * Math.sin((2 * Math.PI * (i + s)) / 24)) + 5 * (r() - 0.5);
      if (i % 997 === 500) v *= 3;
      if (i > POINTS * 0.7 && s % 3 === 0) v += 40;
      return v;
    });
  });
}

function time(series: Float64Array[], make: () => { update(x: number): unknown }): number {
  const states = series.map(make);
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < POINTS; i++) {
    for (let s = 0; s < states.length; s++) {
      const v = states[s]!.update(series[s]![i]!);
      if (v === undefined) sink++;
    }
  }
  const ns = Number(process.hrtime.bigint() - t0);
  if (sink < 0) console.log(sink);
  return ns / (POINTS * states.length) / 1000;
}

const series = data();
const ours: number[] = [];
const inferred: number[] = [];
const base: number[] = [];
for (let r = 0; r < RUNS; r++) {
  ours.push(time(series, () => new AnomalyDetector({ season: 24 })));
  inferred.push(time(series, () => new AnomalyDetector()));
  base.push(time(series, () => new RollingZ(100)));
}
const best = (xs: number[]) => Math.min(...xs).toFixed(3);
console.log(`anomaly bench: ${SERIES} series x ${POINTS} points, best of ${RUNS} runs`);
console.log(`detector, season given: ${best(ours)} µs/point/series`);
console.log(`detector, season inferred from the prefix: ${best(inferred)} µs/point/series`);
console.log(`baseline: rolling z-score (window 100): ${best(base)} µs/point/series`);
