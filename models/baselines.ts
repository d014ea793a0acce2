// The baselines the model card compares against: naive, seasonal naive and additive Holt-Winters
// (trend damped or not, parameters fitted by grid search on one-step squared error).

export function naive(history: ArrayLike<number>, horizon: number): Float64Array {
  return new Float64Array(horizon).fill(history[history.length - 1]!);
}

/** Repeats the last season; with fewer than `season` points it is naive. */
export function seasonalNaive(history: ArrayLike<number>, horizon: number, season: number): Float64Array {
  const n = history.length;
  if (n < season || season <= 1) return naive(history, horizon);
  const out = new Float64Array(horizon);
  for (let h = 1; h <= horizon; h++) out[h - 1] = history[n - season + ((h - 1) % season)]!;
  return out;
}

/** Holt-Winters grid (smoothing of level, trend, season; damping, 1 = undamped). */
const ALPHAS = [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9];
const BETAS = [0, 0.01, 0.05, 0.15];
const GAMMAS = [0.01, 0.05, 0.1, 0.2, 0.35, 0.5];
const PHIS = [0.9, 0.98, 1];
/** Fit Holt-Winters on at most this many seasons (and at least 200 points) of recent history. */
export const DEFAULT_HW_FIT_SEASONS = 20;

interface HwState {
  level: number;
  trend: number;
  seasonal: Float64Array;
  sse: number;
}

function runHw(x: ArrayLike<number>, S: number, alpha: number, beta: number, gamma: number, phi: number, seasonal: boolean): HwState {
  const n = x.length;
  const m = seasonal ? S : 1;
  const init = seasonal ? S : Math.min(n, 2);
  let level = 0;
  for (let i = 0; i < init; i++) level += x[i]!;
  level /= init;
  let trend = 0;
  if (seasonal && n >= 2 * S) {
    let second = 0;
    for (let i = S; i < 2 * S; i++) second += x[i]!;
    trend = (second / S - level) / S;
  } else if (!seasonal && n >= 2) {
    trend = x[1]! - x[0]!;
  }
  const season = new Float64Array(m);
  if (seasonal) for (let i = 0; i < S; i++) season[i] = x[i]! - level;
  let sse = 0;
  for (let t = init; t < n; t++) {
    const si = seasonal ? t % S : 0;
    const s = season[si]!;
    const pred = level + phi * trend + s;
    const e = x[t]! - pred;
    sse += e * e;
    const newLevel = alpha * (x[t]! - s) + (1 - alpha) * (level + phi * trend);
    trend = beta * (newLevel - level) + (1 - beta) * phi * trend;
    level = newLevel;
    if (seasonal) season[si] = gamma * (x[t]! - level) + (1 - gamma) * s;
  }
  return { level, trend, seasonal: season, sse };
}

/**
 * Additive Holt-Winters, trend damped or not. Seasonal when S > 1 and there are at least two
 * seasons; otherwise Holt's linear trend. Non-negative history gives forecasts clipped at 0.
 */
export function holtWinters(history: ArrayLike<number>, horizon: number, season: number): Float64Array {
  const fitLen = Math.min(history.length, Math.max(DEFAULT_HW_FIT_SEASONS * season, 200));
  const start = history.length - fitLen;
  // Keep the fitted window aligned to the season so t % S is the phase.
  const x = Array.prototype.slice.call(history, start) as number[];
  const seasonal = season > 1 && x.length >= 2 * season;
  if (x.length < 2) return naive(history, horizon);
  let best: HwState | undefined;
  let bestPhi = 1;
  for (const alpha of ALPHAS) for (const beta of BETAS) for (const gamma of seasonal ? GAMMAS : [0]) for (const phi of PHIS) {
    const st = runHw(x, season, alpha, beta, gamma, phi, seasonal);
    if (!best || st.sse < best.sse) { best = st; bestPhi = phi; }
  }
  const out = new Float64Array(horizon);
  let nonNeg = true;
  for (let i = 0; i < history.length; i++) if (history[i]! < 0) { nonNeg = false; break; }
  let damp = 0;
  let pow = 1;
  const n = x.length;
  for (let h = 1; h <= horizon; h++) {
    pow *= bestPhi;
    damp += pow;
    const s = seasonal ? best!.seasonal[(n - 1 + h) % season]! : 0;
    const v = best!.level + damp * best!.trend + s;
    out[h - 1] = nonNeg && v < 0 ? 0 : v;
  }
  return out;
}
