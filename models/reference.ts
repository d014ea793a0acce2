// The TypeScript reference forward pass of the whole forecaster (features + network), the
// definition the exported ONNX graph must reproduce; training and tests use it.
import { roundHalfEven, seriesFeatures, stepFeatures } from './features.js';
import { forward, scratch, type NetParams } from './net.js';
import { N_COMMON, N_FEATURES, N_QUANTILES } from './spec.js';

/**
 * Forecasts prepared contexts (each exactly contextLength(S) long) for steps 1..H.
 * Returns [N x H x Q] at the trained quantile levels, in the series' own units. Features are
 * rounded to float32 before the network, as the graph does. historyLengths[n] is the real
 * (unpadded) length of series n, default the whole context. Count series (all whole numbers)
 * get whole-number forecasts: the median of a count is a count, and a fractional median of a
 * mostly-zero series would be wrong at nearly every step.
 */
export function referenceForecast(params: NetParams, contexts: ArrayLike<number>[], season: number, horizon: number, historyLengths?: ArrayLike<number>): Float64Array {
  const Q = N_QUANTILES;
  const out = new Float64Array(contexts.length * horizon * Q);
  const f = new Float64Array(N_FEATURES);
  const s = scratch(params);
  contexts.forEach((x, n) => {
    const sf = seriesFeatures(x, season, historyLengths ? historyLengths[n]! : x.length);
    for (let h = 1; h <= horizon; h++) {
      f.set(sf.common);
      stepFeatures(sf, h, f, N_COMMON);
      for (let i = 0; i < N_FEATURES; i++) f[i] = Math.fround(f[i]!);
      forward(params, f, 0, s);
      const base = (n * horizon + h - 1) * Q;
      for (let q = 0; q < Q; q++) {
        let v = Math.fround(Math.fround(s.q[q]!) * Math.fround(sf.scale));
        if (sf.integer) v = roundHalfEven(v);
        out[base + q] = sf.nonNegative && v < 0 ? 0 : v;
      }
    }
  });
  return out;
}
