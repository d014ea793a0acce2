// Forecast benchmark: one batched run of 10,000 microshards through the forecaster runtime
// (one worker, one ONNX Runtime session, one intra-op thread), printed beside baselines measured
// in the same run on the same batch: seasonal naive, the previous committed model
// (models/previous/) end to end, and the TypeScript reference implementation of the same model.
//
//   node dist/bench/forecast.js [--series 10000] [--season 24] [--horizons 24,48] [--runs 5] [--threads 1]
//
// The series are hourly microshard loads from the synthetic load generator (two weeks and a
// day of history each, the context the model reads at S = 24).
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seasonalNaive } from '../models/baselines.js';
import { paramsFromModel } from '../models/export.js';
import { defaultModelPath, previousModelPath } from '../models/metadata.js';
import { writeContext } from '../models/prepare.js';
import { referenceForecast } from '../models/reference.js';
import { Rng } from '../models/rng.js';
import { Forecaster } from '../models/runtime.js';
import { contextLength } from '../models/spec.js';
import { generateSeries } from '../models/synthetic.js';
import { readFileSync } from 'node:fs';

export interface ForecastBenchOptions {
  series: number;
  season: number;
  horizons: number[];
  runs: number;
  threads: number;
}

export const DEFAULT_FORECAST_BENCH: ForecastBenchOptions = { series: 10_000, season: 24, horizons: [24, 48], runs: 5, threads: 1 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export interface ForecastBenchRow {
  horizon: number;
  sessionRunMs: number;
  workerMs: number;
  endToEndMs: number;
  seasonalNaiveMs: number;
  referenceMs: number;
  /** The previous committed model (models/previous/), end to end over the same batch. */
  previousEndToEndMs: number;
}

export async function runForecastBench(o: ForecastBenchOptions = DEFAULT_FORECAST_BENCH, log: (s: string) => void = console.log): Promise<ForecastBenchRow[]> {
  const rng = new Rng(42);
  const S = o.season;
  const C = contextLength(S);
  const series = Array.from({ length: o.series }, () => Float32Array.from(generateSeries(rng, 'load', S, C + S).values));
  const params = paramsFromModel(readFileSync(defaultModelPath()));
  const forecaster = await Forecaster.open({ intraOpNumThreads: o.threads });
  const previous = await Forecaster.open({ intraOpNumThreads: o.threads, modelPath: previousModelPath() });
  const rows: ForecastBenchRow[] = [];
  try {
    log(`forecast bench: ${o.series} series, season ${S}, context ${C} points, ${o.threads} intra-op thread(s), model ${forecaster.modelVersion}`);
    for (const H of o.horizons) {
      await forecaster.forecast(series, H, S); // warm-up: allocations, kernel selection
      const run: number[] = [];
      const worker: number[] = [];
      const e2e: number[] = [];
      for (let r = 0; r < o.runs; r++) {
        const t0 = performance.now();
        const res = await forecaster.forecast(series, H, S);
        e2e.push(performance.now() - t0);
        run.push(res.timings.runMs);
        worker.push(res.timings.workerMs);
        if (res.timings.runs !== 1) throw new Error(`expected one session run, got ${res.timings.runs}`);
      }
      const snaive: number[] = [];
      for (let r = 0; r < o.runs; r++) {
        const t0 = performance.now();
        for (const s of series) seasonalNaive(s, H, S);
        snaive.push(performance.now() - t0);
      }
      // The reference implementation is slow; one run over the whole batch.
      const t0 = performance.now();
      const ctx = series.map((s) => { const c = new Float64Array(C); writeContext(s, S, c, 0); return c; });
      referenceForecast(params, ctx, S, H, series.map((s) => s.length));
      const referenceMs = performance.now() - t0;
      const prevE2e: number[] = [];
      await previous.forecast(series, H, S);
      for (let r = 0; r < o.runs; r++) {
        const t1 = performance.now();
        await previous.forecast(series, H, S);
        prevE2e.push(performance.now() - t1);
      }
      const row = { horizon: H, sessionRunMs: median(run), workerMs: median(worker), endToEndMs: median(e2e), seasonalNaiveMs: median(snaive), referenceMs, previousEndToEndMs: median(prevE2e) };
      rows.push(row);
      log(`H=${H}: session.run ${row.sessionRunMs.toFixed(1)} ms (median of ${o.runs}; min ${Math.min(...run).toFixed(1)}), ` +
        `worker total ${row.workerMs.toFixed(1)} ms, end to end ${row.endToEndMs.toFixed(1)} ms | ` +
        `baselines, same batch: seasonal naive ${row.seasonalNaiveMs.toFixed(1)} ms, previous model end to end ${row.previousEndToEndMs.toFixed(1)} ms, TS reference of the model ${row.referenceMs.toFixed(0)} ms`);
    }
  } finally {
    await forecaster.close();
    await previous.close();
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      series: { type: 'string' }, season: { type: 'string' }, horizons: { type: 'string' }, runs: { type: 'string' }, threads: { type: 'string' },
    },
  });
  const d = DEFAULT_FORECAST_BENCH;
  await runForecastBench({
    series: values.series ? Number(values.series) : d.series,
    season: values.season ? Number(values.season) : d.season,
    horizons: values.horizons ? values.horizons.split(',').map(Number) : d.horizons,
    runs: values.runs ? Number(values.runs) : d.runs,
    threads: values.threads ? Number(values.threads) : d.threads,
  });
}
