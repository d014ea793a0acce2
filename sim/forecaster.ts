// The forecaster seam. The simulator asks for quantile forecasts of every microshard's load from
// its history only (the oracle is the one exception and does not use this). Implementations,
// registered by name in forecasters.ts:
//   - 'onnx' (onnx-forecaster.ts): the model in models/ through its worker runtime, as the live
//     sidecar runs it; the default. Short histories get the runtime's own fallback.
//   - 'seasonal-naive' (seasonal-forecaster.ts): pure TypeScript, fast; for comparison and for
//     tests that must not start a worker.

export interface QuantileForecast {
  /** Quantile levels, ascending (e.g. [0.5, 0.9]). */
  levels: readonly number[];
  /** values[i][k] = quantile levels[i] of the load k + 1 intervals ahead. */
  values: readonly Float64Array[];
  /** How this series was forecast (e.g. 'model', or a fallback for short history), when known. */
  method?: string;
}

export interface Forecaster {
  readonly name: string;
  /** Model version, when the forecaster is a versioned model. */
  readonly version?: string;
  /**
   * histories[s] = loads of series s, oldest first, the last entry the interval just observed.
   * Returns one QuantileForecast per series covering `horizon` steps; `season` is the length of
   * the dominant cycle in intervals. Batched and possibly async (a model runs in a worker).
   */
  forecast(histories: readonly Float64Array[], horizon: number, season: number): QuantileForecast[] | Promise<QuantileForecast[]>;
  /** Releases what the forecaster holds (a worker thread); the caller that created it calls it. */
  close?(): Promise<void>;
}

/** The quantile at `level` (or the nearest one above it, else the highest). */
export function quantile(f: QuantileForecast, level: number): Float64Array {
  for (let i = 0; i < f.levels.length; i++) if (f.levels[i]! >= level - 1e-9) return f.values[i]!;
  return f.values[f.values.length - 1]!;
}
