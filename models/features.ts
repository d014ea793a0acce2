// Reference feature computation (float64), the definition the ONNX graph reproduces. Input is a
// context of exactly contextLength(S) points, oldest first (prepare.ts pads short series).
import {
  COMMON_WINDOWS, DEFAULT_FEATURE_CLIP, DEFAULT_SCALE_FLOOR, K, KW, M1_INDEX, M2_INDEX, N_COMMON,
  N_ENC, N_STEP, blockWidth, dampedSteps, encodings, levelShift, longWindow, resolve, secondarySeason, statWindow,
} from './spec.js';

export interface SeriesFeatures {
  /** The per-series scale every feature and output is measured in. */
  scale: number;
  /** True when the long window's values are all >= 0: the forecasts are then clipped at 0. */
  nonNegative: boolean;
  /** True when the long window's values are all whole numbers (counts): forecasts are rounded. */
  integer: boolean;
  /** N_COMMON normalised, clipped features. */
  common: Float64Array;
  /** Unclipped normalised M1 and trend slope per point, used by the step features. */
  m1: number;
  slope: number;
  context: ArrayLike<number>;
  season: number;
}

function clip(v: number): number {
  return v > DEFAULT_FEATURE_CLIP ? DEFAULT_FEATURE_CLIP : v < -DEFAULT_FEATURE_CLIP ? -DEFAULT_FEATURE_CLIP : v;
}

function windowMean(x: ArrayLike<number>, start: number, end: number): number {
  let s = 0;
  for (let i = start; i <= end; i++) s += x[i]!;
  return s / (end - start + 1);
}

/** Scale: mean |x| of the last V points, floored by a fraction of the long window's; 1 if all zero. */
export function seriesScale(x: ArrayLike<number>, season: number): number {
  const C = x.length;
  const V = statWindow(season);
  const W = longWindow(season);
  let recent = 0;
  for (let i = C - V; i < C; i++) recent += Math.abs(x[i]!);
  let long = 0;
  for (let i = C - W; i < C; i++) long += Math.abs(x[i]!);
  const m = Math.max(recent / V, (DEFAULT_SCALE_FLOOR * long) / W);
  return m > 0 ? m : 1;
}

/**
 * Per-series features of a context; `historyLength` is how many of its points are real (the
 * rest is padding), defaulting to all of them.
 */
export function seriesFeatures(x: ArrayLike<number>, season: number, historyLength = x.length): SeriesFeatures {
  const S = season;
  const C = x.length;
  const t = C - 1;
  const B = blockWidth(S);
  const V = statWindow(S);
  let m = seriesScale(x, S);
  let nonNegative = true;
  let integer = true;
  for (let i = C - longWindow(S); i < C; i++) {
    if (x[i]! < 0) nonNegative = false;
    if (x[i]! !== Math.round(x[i]!)) integer = false;
  }
  // A recent level shift moves the older history to the new level (spec.ts levelShift).
  const shift = levelShift(Array.from(x, (v) => v / m), S);
  if (shift.dev !== 0) {
    const moved = Float64Array.from(x);
    for (let i = 0; i < C - shift.run; i++) moved[i]! += shift.dev * m;
    x = moved;
    // Rescaled after the move, so the features look like any series at its level: the network
    // cannot tell a moved history from one that was always there, and follows the new level.
    m = seriesScale(x, S);
  }
  const common = new Float64Array(N_COMMON);
  const raw = new Float64Array(COMMON_WINDOWS.length);
  COMMON_WINDOWS.forEach((w, f) => {
    const end = t - resolve(w.end, S, B, V);
    const len = resolve(w.len, S, B, V);
    raw[f] = windowMean(x, end - len + 1, end) / m;
    common[f] = clip(raw[f]!);
  });
  let d1 = 0;
  let dS = 0;
  for (let i = C - V; i < C; i++) {
    d1 += Math.abs(x[i]! - x[i - 1]!);
    dS += Math.abs(x[i]! - x[i - S]!);
  }
  common[COMMON_WINDOWS.length] = clip(d1 / V / m);
  common[COMMON_WINDOWS.length + 1] = clip(dS / V / m);
  common[COMMON_WINDOWS.length + 2] = Math.min(historyLength, C) / C;
  const m1 = raw[M1_INDEX]!;
  const slope = (m1 - raw[M2_INDEX]!) / V;
  return { scale: m, nonNegative, integer, common, m1, slope, context: x, season: S };
}

/** Per-step features for target step h (1-based) into out[offset .. offset + N_STEP + N_ENC). */
export function stepFeatures(sf: SeriesFeatures, h: number, out: Float64Array, offset: number): void {
  const x = sf.context;
  const S = sf.season;
  const t = x.length - 1;
  const B = blockWidth(S);
  const V = statWindow(S);
  const m = sf.scale;
  // Same phase in the K most recent seasons and the KW most recent weeks that lie in the past
  // (for h beyond a season the lags start that many seasons back): raw points, then block means.
  const S2 = secondarySeason(S);
  const lags: number[] = [];
  for (let j = 1; j <= K; j++) lags.push(t + h - (Math.ceil(h / S) + j - 1) * S);
  for (let j = 1; j <= KW; j++) lags.push(t + h - (Math.ceil(h / S2) + j - 1) * S2);
  const L = lags.length;
  lags.forEach((p, i) => {
    const e = Math.min(p + Math.floor(B / 2), t);
    out[offset + i] = clip(x[p]! / m);
    out[offset + L + i] = clip(windowMean(x, e - B + 1, e) / m);
  });
  // The (clipped) block mean at the most recent season's phase feeds the seasonal trend feature.
  const blk1 = out[offset + L]!;
  // Trend lines, damped (spec.ts dampedSteps): the slope of the last two windows carries on
  // for a while, never for ever.
  out[offset + 2 * L] = clip(sf.m1 + sf.slope * (dampedSteps(h, V) + (V - 1) / 2));
  out[offset + 2 * L + 1] = clip(blk1 + sf.slope * dampedSteps(S * Math.ceil(h / S), V));
  encodings(h, S, out, offset + N_STEP);
}

export const STEP_AND_ENC = N_STEP + N_ENC;

/** Round half to even, as ONNX Round does. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
