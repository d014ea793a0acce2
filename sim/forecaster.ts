// The forecaster seam. The simulator asks for quantile forecasts of every microshard's load from
// its history only (the oracle is the one exception and does not use this). Implementations:
//   - 'seasonal-naive' (seasonal-forecaster.ts): pure TypeScript, fast, the default.
//   - ONNX model: see the SEAM below.

export interface QuantileForecast {
  /** Quantile levels, ascending (e.g. [0.5, 0.9]). */
  levels: readonly number[];
  /** values[i][k] = quantile levels[i] of the load k + 1 intervals ahead. */
  values: readonly Float64Array[];
}

export interface Forecaster {
  readonly name: string;
  /**
   * histories[s] = loads of series s, oldest first, the last entry the interval just observed.
   * Returns one QuantileForecast per series covering `horizon` steps; `season` is the length of
   * the dominant cycle in intervals. Batched and possibly async (a model runs in a worker).
   */
  forecast(histories: readonly Float64Array[], horizon: number, season: number): QuantileForecast[] | Promise<QuantileForecast[]>;
}

/** The quantile at `level` (or the nearest one above it, else the highest). */
export function quantile(f: QuantileForecast, level: number): Float64Array {
  for (let i = 0; i < f.levels.length; i++) if (f.levels[i]! >= level - 1e-9) return f.values[i]!;
  return f.values[f.values.length - 1]!;
}

export type ForecasterFactory = () => Promise<Forecaster>;

/**
 * Registered forecasters by name.
 *
 * SEAM(onnx): when models/ ships its Forecaster class (batched async forecast over an ONNX
 * session in a worker), register it here, e.g.
 *   onnx: async () => { const { Forecaster } = await import('../models/forecaster.js');
 *                       const m = await Forecaster.create(); return { name: 'onnx',
 *                       forecast: (h, horizon, season) => m.forecast(h, horizon, season) }; },
 * adapting its output to QuantileForecast if the shapes differ. Nothing else in sim/ changes:
 * the simulator already awaits forecasts.
 */
export const FORECASTERS: Record<string, ForecasterFactory> = {
  'seasonal-naive': async () => new (await import('./seasonal-forecaster.js')).SeasonalNaiveForecaster(),
};

export const DEFAULT_FORECASTER = 'seasonal-naive';

export async function createForecaster(name: string = DEFAULT_FORECASTER): Promise<Forecaster> {
  const f = FORECASTERS[name];
  if (!f) throw new RangeError(`unknown forecaster "${name}" (known: ${Object.keys(FORECASTERS).join(', ')})`);
  return f();
}
