// The ONNX forecaster from models/ behind the simulator's Forecaster seam: the very runtime the
// live sidecar runs (one worker thread, one InferenceSession, one batched run per call over every
// microshard's history). Series too short for the network get the runtime's own documented
// fallback (seasonal naive from one season of history, naive below that), exactly as live.
import { Forecaster as ModelForecaster, type ForecastMethod } from '../models/index.js';
import type { Forecaster, QuantileForecast } from './forecaster.js';

/**
 * Levels asked of the model: the median (expected load, gains), the 0.9 (risk) and the quartiles
 * and 0.1 around them, so the planner's skill tracking can check calibration on both sides.
 */
export const DEFAULT_ONNX_LEVELS: readonly number[] = Object.freeze([0.1, 0.25, 0.5, 0.75, 0.9]);

export class OnnxForecaster implements Forecaster {
  readonly name = 'onnx';
  private constructor(
    private readonly model: ModelForecaster,
    readonly levels: readonly number[],
  ) {}

  /** Opens the committed model (or `modelPath`) in its worker thread. */
  static async open(opts: { modelPath?: string; levels?: readonly number[] } = {}): Promise<OnnxForecaster> {
    const model = await ModelForecaster.open({ modelPath: opts.modelPath, intraOpNumThreads: 1 });
    return new OnnxForecaster(model, opts.levels ?? DEFAULT_ONNX_LEVELS);
  }

  get version(): string {
    return this.model.modelVersion;
  }

  async forecast(histories: readonly Float64Array[], horizon: number, season: number): Promise<QuantileForecast[]> {
    if (histories.length === 0) return [];
    const r = await this.model.forecast(histories as Float64Array[], horizon, season, this.levels);
    return r.values.map((perLevel, i) => ({ levels: r.quantiles, values: perLevel.map((v) => Float64Array.from(v)), method: r.methods[i] as ForecastMethod }));
  }

  close(): Promise<void> {
    return this.model.close();
  }
}
