// The forecast shape the planner reads (what the snapshot carries and the skill tracker calibrates).

/** Quantile forecast of ops per interval for steps 1..H after `now` (index 0 = the next interval). */
export interface LoadForecast {
  p50: ArrayLike<number>;
  /** Gains are priced on this quantile: plan for a bad-but-plausible future. */
  p90: ArrayLike<number>;
}
