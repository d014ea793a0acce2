// The simulator's forecasters by name (the seam is forecaster.ts): the one place a name becomes an
// implementation, loaded lazily so a run that never forecasts with the model starts no worker.
import type { Forecaster } from './forecaster.js';

export type ForecasterFactory = () => Promise<Forecaster>;

/** Registered forecasters by name. */
export const FORECASTERS: Record<string, ForecasterFactory> = {
  onnx: async () => (await import('./onnx-forecaster.js')).OnnxForecaster.open(),
  'seasonal-naive': async () => new (await import('./seasonal-forecaster.js')).SeasonalNaiveForecaster(),
};

/** The live sidecar's forecaster: predictive is evaluated on what it will really run on. */
export const DEFAULT_FORECASTER = 'onnx';

export async function createForecaster(name: string = DEFAULT_FORECASTER): Promise<Forecaster> {
  const f = FORECASTERS[name];
  if (!f) throw new RangeError(`unknown forecaster "${name}" (known: ${Object.keys(FORECASTERS).join(', ')})`);
  return f();
}
