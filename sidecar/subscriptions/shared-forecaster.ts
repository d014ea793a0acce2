// Topic forecasts run on the sidecar's one forecaster (one worker thread, one ONNX session per
// process), the one the microshard telemetry opened. The telemetry pipeline does not expose it,
// so it is read here, in this one place, from the running pipeline; when it is absent (forecasts
// off, or the model failed to open) topics simply go without forecasts.
import type { History } from '../telemetry/index.js';
import type { ForecastRun, LoadForecaster } from '../forecasts.js';
import type { TopicForecastFn } from './topic-telemetry.js';

/** How long a topic run waits for a microshard run in flight before skipping the interval. */
export const DEFAULT_FORECAST_WAIT_MS = 2_000;

export function sharedForecast(owner: object, waitMs = DEFAULT_FORECAST_WAIT_MS): TopicForecastFn {
  return async (history: History, ids: readonly string[], startMs: number): Promise<ForecastRun | undefined> => {
    const f = (owner as { forecaster?: LoadForecaster }).forecaster;
    if (!f) return undefined;
    // Never overlap the microshard run (it skips its own interval when it finds the forecaster busy).
    const until = Date.now() + waitMs;
    while (f.running) {
      if (Date.now() > until) return undefined;
      await new Promise((r) => setTimeout(r, 20));
    }
    return f.forecast(history, ids, startMs);
  };
}
