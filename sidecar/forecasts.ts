// The sidecar's forecasts: after each closed interval, every owned microshard is forecast from
// its interval-resolution history (ops = reads + writes per interval) in ONE batched run of the
// ONNX forecaster, which lives in its own worker thread (models/runtime.ts). A microshard with
// too little history gets the model's documented fallback (seasonal naive, naive, zeros); the
// method and the model version travel with every forecast.
import { Forecaster, DEFAULT_QUANTILE_LEVELS, contextLength, type ForecastResult } from '../models/index.js';
import type { MicroshardForecast } from '../generated/proto/shardcast/v1/MicroshardForecast.js';
import type { History } from './telemetry/history.js';

/** One day, in ms: the default season is a day of intervals (capped, see forecastShape). */
export const DAY_MS = 86_400_000;

export interface ForecastShape {
  /** Season in intervals. */
  season: number;
  /** Steps forecast, in intervals. */
  horizon: number;
  /** Points of history sent to the model per microshard (its context for this season). */
  context: number;
}

/**
 * Season and horizon from the configuration (0 = automatic). Automatic season: one day of
 * intervals, capped at half the interval-resolution history, because the model needs two
 * seasons of history (at 10 s intervals with 2 h of fine history that is 360 intervals, one
 * hour). Automatic horizon: one season, capped at `horizonCap`.
 */
export function forecastShape(intervalMs: number, fineCapacity: number, season: number, horizon: number, horizonCap: number): ForecastShape {
  const s = season > 0 ? season : Math.max(1, Math.min(Math.round(DAY_MS / intervalMs), Math.floor(fineCapacity / 2)));
  const h = horizon > 0 ? horizon : Math.max(1, Math.min(s, horizonCap));
  return { season: s, horizon: h, context: contextLength(s) };
}

export interface ForecastRun {
  forecasts: MicroshardForecast[];
  modelVersion: string;
  /** Wall time of the whole call, ms (series assembly, worker round trip, run). */
  totalMs: number;
  /** Time inside session.run, ms. */
  runMs: number;
  /** Microshards per method. */
  methods: Record<string, number>;
}

export class LoadForecaster {
  private busy = false;

  private constructor(
    private readonly forecaster: Forecaster,
    readonly shape: ForecastShape,
    readonly quantiles: readonly number[],
  ) {}

  /** Opens the one forecaster (worker thread + InferenceSession) of this sidecar. */
  static async open(opts: { intraOpNumThreads: number; modelPath?: string; shape: ForecastShape; quantiles?: readonly number[] }): Promise<LoadForecaster> {
    const f = await Forecaster.open({ intraOpNumThreads: opts.intraOpNumThreads, modelPath: opts.modelPath });
    return new LoadForecaster(f, opts.shape, opts.quantiles ?? DEFAULT_QUANTILE_LEVELS);
  }

  get modelVersion(): string {
    return this.forecaster.modelVersion;
  }

  /** True while a run is in flight: the caller skips an interval rather than queue runs. */
  get running(): boolean {
    return this.busy;
  }

  /**
   * Forecasts `ids` from `history` in one batched run. `startMs` is the start of step 1 (the
   * end of the interval just closed). Rejects when the forecaster failed.
   */
  async forecast(history: History, ids: readonly string[], startMs: number): Promise<ForecastRun> {
    const t0 = performance.now();
    this.busy = true;
    try {
      const { season, horizon, context } = this.shape;
      const series = ids.map((id) => history.fineOps(id, context) ?? new Float32Array(0));
      const res: ForecastResult = await this.forecaster.forecast(series, horizon, season, this.quantiles);
      const methods: Record<string, number> = {};
      const forecasts = ids.map((id, i): MicroshardForecast => {
        const method = res.methods[i]!;
        methods[method] = (methods[method] ?? 0) + 1;
        return {
          microshardId: id,
          quantiles: res.quantiles,
          values: res.values[i]!.map((v) => ({ values: Array.from(v) })),
          modelVersion: res.modelVersion,
          method,
          intervalMs: String(history.intervalMs),
          startMs: String(startMs),
          season,
          historyPoints: series[i]!.length,
        };
      });
      return { forecasts, modelVersion: res.modelVersion, totalMs: performance.now() - t0, runMs: res.timings.runMs, methods };
    } finally {
      this.busy = false;
    }
  }

  close(): Promise<void> {
    return this.forecaster.close();
  }
}
