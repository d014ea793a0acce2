// The forecaster's feature layout: one source of truth for the TypeScript reference (training and
// tests) and the ONNX graph export, so the two cannot drift apart.
//
// Every feature is defined in terms of the season S, the block width B = max(1, floor(S / P)) and
// the statistics window V = max(S, MIN_WINDOW). That is how one model serves any season: a season
// of S points is "resampled" into P block means (B points each) for the shape features, while the
// seasonal lags look up the same phase in earlier seasons whatever S is.

/** Blocks per season: a season of any length is summarised as this many block means. */
export const DEFAULT_PHASES = 24;
/** Raw most-recent points fed to the model (short-horizon level). */
export const DEFAULT_RECENT_LAGS = 6;
/** Same-phase values from this many earlier seasons, per target step. */
export const DEFAULT_SEASONAL_LAGS = 4;
/** Same-phase values from this many earlier weeks (secondary season), per target step. */
export const DEFAULT_WEEKLY_LAGS = 2;
/**
 * Seasons taken to be one day (points per day at 1 h, 30 min, 15 min, 10 min, 5 min, 2 min,
 * 1 min): their secondary season is the week, 7 S. Any other S has no secondary season.
 */
export const DAILY_SEASONS: ReadonlySet<number> = new Set([24, 48, 96, 144, 288, 720, 1440]);
/** Means of this many whole seasons back (season-over-season level). */
export const DEFAULT_SEASON_MEANS = 4;
/** Smallest window (points) for the scale, trend and noise statistics, so S = 1 still averages. */
export const DEFAULT_MIN_WINDOW = 8;
/** Normalised features are clipped to +-this, so one huge burst cannot swing the network. */
export const DEFAULT_FEATURE_CLIP = 25;
/** The scale is at least this fraction of the long window's mean |x| (quiet recent windows). */
export const DEFAULT_SCALE_FLOOR = 0.25;
/** Horizon at which the log-horizon encoding reaches 1 (two days of 5-minute points). */
export const DEFAULT_HORIZON_REF = 576;
/** Season at which the log-season encoding reaches 1. */
export const DEFAULT_SEASON_REF = 288;
/** Width of the hidden layer. */
export const DEFAULT_HIDDEN = 32;
/** The quantile levels the network is trained for (ascending); others are interpolated. */
export const TRAINED_QUANTILES: readonly number[] = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];
/** Index of the median in TRAINED_QUANTILES: the other levels are increments from it. */
export const MEDIAN_INDEX = 3;

export const P = DEFAULT_PHASES;
export const R = DEFAULT_RECENT_LAGS;
export const K = DEFAULT_SEASONAL_LAGS;
export const KS = DEFAULT_SEASON_MEANS;
export const KW = DEFAULT_WEEKLY_LAGS;

/** The secondary (weekly) season for S, or S itself when there is none. */
export function secondarySeason(season: number): number {
  return DAILY_SEASONS.has(season) ? 7 * season : season;
}

export function blockWidth(season: number): number {
  return Math.max(1, Math.floor(season / P));
}

export function statWindow(season: number): number {
  return Math.max(season, DEFAULT_MIN_WINDOW);
}

/**
 * The long window (points): scale floor, count detection and the non-negativity check look at
 * the last this-many points (a full context pass would cost as much as the network).
 */
export function longWindow(season: number): number {
  return Math.max(KS * season, 2 * statWindow(season));
}

/**
 * Points of history the model reads for season S (independent of the horizon). One more than
 * the deepest window reaches, so every window sum is a difference of two inclusive prefix sums.
 */
export function contextLength(season: number): number {
  const S = season;
  const B = blockWidth(S);
  const V = statWindow(S);
  return 1 + Math.max(K * S + B, KW * secondarySeason(S) + B, P * B, longWindow(S), R, V + S + 1, S + 3 * B);
}

/**
 * Shortest history the network is used for; shorter series get the fallback (see prepare.ts).
 * Two seasons give one season-over-season comparison; eight points give a trend.
 */
export function minModelHistory(season: number): number {
  return Math.max(2 * season, DEFAULT_MIN_WINDOW);
}

/**
 * A window mean over the context ending at index t - end.(S,B,V,1) and spanning
 * len.(S,B,V,1) points, with coefficients over (S, B, V, 1).
 */
export interface WindowSpec {
  end: [number, number, number, number];
  len: [number, number, number, number];
}

function commonWindows(): WindowSpec[] {
  const w: WindowSpec[] = [];
  for (let i = 0; i < R; i++) w.push({ end: [0, 0, 0, i], len: [0, 0, 0, 1] });
  for (let k = 0; k < P; k++) w.push({ end: [0, k, 0, 0], len: [0, 1, 0, 0] });
  for (let j = 1; j <= KS; j++) w.push({ end: [j - 1, 0, 0, 0], len: [1, 0, 0, 0] });
  w.push({ end: [0, 0, 0, 0], len: [0, 0, 1, 0] }); // M1: mean of the last V points
  w.push({ end: [0, 0, 1, 0], len: [0, 0, 1, 0] }); // M2: mean of the V points before
  // Level change against one season ago, at point and short-window resolution, so the network
  // can shift the seasonal-naive forecast to the current level.
  w.push({ end: [1, 0, 0, 0], len: [0, 0, 0, 1] });
  w.push({ end: [0, 0, 0, 0], len: [0, 3, 0, 0] });
  w.push({ end: [1, 0, 0, 0], len: [0, 3, 0, 0] });
  return w;
}

/** Window means of the common (per-series) features, in feature order. */
export const COMMON_WINDOWS: readonly WindowSpec[] = commonWindows();
export const M1_INDEX = R + P + KS;
export const M2_INDEX = M1_INDEX + 1;
/**
 * Common features: the window means, then mean |x_i - x_{i-1}| and mean |x_i - x_{i-S}| over V,
 * then the share of the context that is real history rather than padding.
 */
export const N_COMMON = COMMON_WINDOWS.length + 3;
/**
 * Per-step features: raw same-phase points of the K last seasons and KW last weeks, then the
 * block means around the same K + KW points, then the trend line and seasonal naive + trend.
 */
export const N_STEP = 2 * K + 2 * KW + 2;
/** Encodings: log horizon, fraction of a season, 1/sqrt(h), log season, has-a-week flag. */
export const N_ENC = 5;
export const N_FEATURES = N_COMMON + N_STEP + N_ENC;
export const N_QUANTILES = TRAINED_QUANTILES.length;

/**
 * How many steps of the recent slope a forecast h steps ahead extrapolates: h at first, then
 * damped towards V (the window the slope was measured over), so no trend runs further than the
 * history that supports it: V (1 - exp(-h / V)).
 */
export function dampedSteps(h: number, window: number): number {
  return window * (1 - Math.exp(-h / window));
}

/** A level shift needs each of its points this many noise units from the season before... */
export const SHIFT_SIGMA = 5;
/** ...and at least this far in units of the scale (so an all-zero night does not trigger it). */
export const SHIFT_FLOOR = 0.3;

/**
 * Level-shift detection on a normalised context xn (oldest first): the run of most recent points
 * that all differ from the same phase one season before, in the same direction, by more than
 * max(SHIFT_SIGMA x noise, SHIFT_FLOOR), where noise is the mean |x_i - x_{i-S}| over the V
 * points ending one season ago (before any recent shift). A run of at least 2 and shorter than
 * a season is a level shift: `dev` is its mean deviation, and the features see the history
 * before the run moved by dev, so the median follows the new level two intervals after the
 * change instead of waiting a season. Otherwise dev = 0.
 */
export function levelShift(xn: ArrayLike<number>, season: number): { run: number; dev: number } {
  const S = season;
  const V = statWindow(S);
  const t = xn.length - 1;
  let noise = 0;
  for (let i = t - S - V + 1; i <= t - S; i++) noise += Math.abs(xn[i]! - xn[i - S]!);
  const thr = Math.max((SHIFT_SIGMA * noise) / V, SHIFT_FLOOR);
  const d0 = xn[t]! - xn[t - S]!;
  let run = 0;
  let sum = 0;
  for (let j = 0; j < S; j++) {
    const d = xn[t - j]! - xn[t - j - S]!;
    if (!(Math.abs(d) > thr && d * d0 > 0)) break;
    run++;
    sum += d;
  }
  return run >= 2 && run < S ? { run, dev: sum / run } : { run, dev: 0 };
}

/** Resolves a (S, B, V, 1) coefficient vector. */
export function resolve(c: readonly number[], S: number, B: number, V: number): number {
  return c[0]! * S + c[1]! * B + c[2]! * V + c[3]!;
}

/** The step/season encodings, identical in the reference and the graph. */
export function encodings(h: number, season: number, out: Float64Array | number[], offset = 0): void {
  out[offset] = Math.log1p(h) / Math.log1p(DEFAULT_HORIZON_REF);
  out[offset + 1] = Math.min(h / season, 2) / 2;
  out[offset + 2] = 1 / Math.sqrt(h);
  out[offset + 3] = Math.log(season) / Math.log(DEFAULT_SEASON_REF);
  out[offset + 4] = secondarySeason(season) !== season ? 1 : 0;
}
