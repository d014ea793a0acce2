// The planner's one typed configuration. Time is counted in decision intervals (one planner
// round per interval); loads are ops per interval; every gain and cost is in ops summed over the
// horizon ("op-intervals"), so overload avoided and the price of a move are directly comparable.
// Weights that price an action are given in units of the involved node's capacity so that one
// configuration fits clusters of any absolute size.
import { CALIBRATION_INTERVAL_MS, copyCost, REFERENCE_NODE } from '../migration-cost.js';

/** Steps (intervals) ahead the planner looks; forecasts must cover at least this many. */
export const DEFAULT_HORIZON = 24;
/**
 * Migration threshold: act on a move only when it lowers the source node's predicted peak load
 * (p90, after cutover) by at least this fraction of that peak. Stops shuffling crumbs.
 */
export const DEFAULT_MIGRATION_THRESHOLD = 0.03;
/** Balance tolerance: a node within mean x (1 + tolerance) at every step is balanced. */
export const DEFAULT_BALANCE_TOLERANCE = 0.15;
/**
 * Load imbalance counts only on a node whose predicted peak reaches this fraction of its
 * capacity: evening out nodes that are nowhere near full buys nothing but churn.
 */
export const DEFAULT_BALANCE_MIN_UTILISATION = 0.7;
/** Intervals after a move during which the microshard is not moved again (hysteresis). */
export const DEFAULT_COOLDOWN = 48;
/** K: at most this many migrations in flight touching a node (as source or target). */
export const DEFAULT_MAX_CONCURRENT_PER_NODE = 2;
/** Bytes one migration copies per interval (the copy rate, throttled so serving continues). */
export const DEFAULT_MIGRATION_BANDWIDTH = 64 * 1024 * 1024;
/** Per-node churn budget: bytes a node may send plus receive per interval, averaged over the window. */
export const DEFAULT_NODE_BYTES_BUDGET_PER_INTERVAL = 64 * 1024 * 1024;
/** Window (intervals) over which the per-node bytes budget is averaged; allows short bursts. */
export const DEFAULT_BUDGET_WINDOW = 12;
// A copy at the default bandwidth (6.7 MB/s at the 10 s live interval) between two nodes of the
// default datastore type, priced from the measured CPU per MB copied (core/migration-cost.ts).
const DEFAULT_COPY = copyCost({ bytes: 0, bytesPerInterval: DEFAULT_MIGRATION_BANDWIDTH, intervalMs: CALIBRATION_INTERVAL_MS, node: REFERENCE_NODE });
/**
 * Extra load a running copy puts on its source, as a fraction of capacity: the measured CPU cost of
 * a copy at DEFAULT_MIGRATION_BANDWIDTH (core/migration-cost.ts; 0.027 with the figures there). It
 * does not follow an overridden migrationBandwidth: set both together.
 */
export const DEFAULT_COPY_LOAD_FRACTION = DEFAULT_COPY.sourceLoadFraction;
/** The same on the copy's target (its own measured CPU per MB; 0.030 with the figures there). */
export const DEFAULT_COPY_TARGET_LOAD_FRACTION = DEFAULT_COPY.targetLoadFraction;
/** Price of one interval of copying, in node-capacity units (cost = price x intervals x capacity). */
export const DEFAULT_BANDWIDTH_PRICE = 0.1;
/** Fixed churn penalty of any move (routing updates, cache misses), in node-capacity units. */
export const DEFAULT_CHURN_PENALTY = 0.05;
/** Weight of one op of predicted (p90) overload avoided. The reference unit: keep at 1. */
export const DEFAULT_OVERLOAD_WEIGHT = 1;
/**
 * Penalty per predicted overloaded node-step, in node-capacity units, on top of the ops above
 * capacity: an overloaded interval slows every op on the node, not only the excess. Kept small:
 * acting on uncertain forecasts more eagerly spends K slots and bytes budget that are then missing
 * when the real crowd arrives (measured on the ramp scenario).
 */
export const DEFAULT_OVERLOAD_STEP_PENALTY = 0.05;
/** Weight of one op of the policy's imbalance removed (below overload: balance is a nicety). */
export const DEFAULT_BALANCE_WEIGHT = 0.1;
/** Ops-equivalent of one co-accessed pair event per interval that becomes node-local. */
export const DEFAULT_CO_ACCESS_WEIGHT = 0.5;
/**
 * Ops-equivalent of one op per interval served from the client's own region instead of a remote
 * one. 0.3 from the regions workload (sim/README.md): at 0.1 dynamic selection kept load-only
 * plans that left about twice the remote share; at 1 it bought nearness with overload.
 */
export const DEFAULT_PROXIMITY_WEIGHT = 0.3;
/**
 * Nearness is bought only where the target's p90 peak with the microshard stays at most this share
 * of its capacity. A region's nodes peak together with their clients, so a forecast error there
 * is an overload, where a remote access is only slower. 0.7 from the regions workload: at 0.85
 * it overloaded 6 node-intervals (reactive 0), at 0.7 one (t = 6, before a day of history).
 */
export const DEFAULT_PROXIMITY_MAX_UTILISATION = 0.7;
/** Split a microshard whose predicted peak (p90) exceeds this fraction of its node's capacity while its median peak or its load now does too (a wide band alone does not split). */
export const DEFAULT_SPLIT_THRESHOLD = 0.2;
/** Split a microshard bigger than this many bytes (at the midpoint: even data). */
export const DEFAULT_MAX_MICROSHARD_BYTES = 1024 * 1024 * 1024;
/** Refuse a split whose heavier half would still carry more than this share of the load. */
export const DEFAULT_MAX_SPLIT_IMBALANCE = 0.85;
/** Cost of a split (metadata only, in place), in node-capacity units. */
export const DEFAULT_SPLIT_COST = 0.01;
/** Merge adjacent microshards predicted below this fraction of capacity over the whole horizon. */
export const DEFAULT_MERGE_THRESHOLD = 0.01;
/** Minimum age (intervals since a split or merge created it) before a microshard may be merged. */
export const DEFAULT_MIN_AGE_AFTER_SPLIT = 96;
/** Per-interval overhead of tracking one microshard, in node-capacity units: what a merge saves. */
export const DEFAULT_MICROSHARD_OVERHEAD = 0.0005;
/** Cost of a merge (metadata, checksum reconcile), in node-capacity units. */
export const DEFAULT_MERGE_COST = 0.005;
/**
 * Just in time, with one interval of margin: a move for a problem predicted at step s waits while
 * s > d + actionSlack (d = the move's copy intervals), i.e. it starts one interval before its
 * copy would end exactly as the trouble begins. Forecasts are remade every round, so waiting
 * saves a move (and the K slot and bytes budget it would hold) when a far-off prediction fades;
 * but a crossing predicted at the last possible moment is late as often as early, and a late
 * move leaves the node overloaded for the whole copy. Measured with the ONNX forecaster and
 * forecast records on ramp (12 seeds) + coaccess and daily (6 each), 24 runs: slack 1 had 325
 * overloaded node-intervals against 353 for 0 and 365 for 2 (and the fewest on the 9 ramp seeds
 * that are not in the report).
 */
export const DEFAULT_ACTION_SLACK = 1;
/**
 * Forecast record (skill.ts): weight of the newest one-step error of the model median in its
 * error level. High, so that a crowd the model reads as noise registers within an interval.
 */
export const DEFAULT_SKILL_BIAS_SMOOTHING = 0.7;
/** Forecast record: weight of the newest change of that error level in its trend. */
export const DEFAULT_SKILL_TREND_SMOOTHING = 0.5;
/** Forecast record: damping per step of the error trend carried forward (a ramp is believed a few steps). */
export const DEFAULT_SKILL_TREND_DAMPING = 0.8;
/** Forecast record: weight of the newest absolute error in the per-lead error averages. */
export const DEFAULT_SKILL_ERROR_SMOOTHING = 0.2;
/** Forecast record: pseudo-observations at ratio 1 in the band calibration (thin evidence moves it little). */
export const DEFAULT_SKILL_CALIBRATION_PRIOR = 2;
/** Forecast record: the model's p90 - p50 band is never narrowed below this factor... */
export const DEFAULT_SKILL_MIN_BAND_RATIO = 0.25;
/**
 * ...nor widened beyond this one, however badly the forecasts have done: a wide band on every
 * microshard adds up (in quadrature) to node-level margins that leave no node fit to take a hot
 * microshard. Measured on the same runs as DEFAULT_ACTION_SLACK (24 runs): 1.5 had 308 overloaded
 * node-intervals against 347 for 2 and 325 for 4 (an earlier build), moving half the bytes of 4.
 */
export const DEFAULT_SKILL_MAX_BAND_RATIO = 1.5;
/** Upper bound on operators emitted per round (splits, merges, moves together). */
export const DEFAULT_MAX_OPERATORS_PER_ROUND = 64;
/** Splits stop once the cluster holds this many microshards. */
export const DEFAULT_MAX_MICROSHARDS = 1_000_000;
/** Microshards of one source put up for auction per attempt (the hottest at its bad steps). */
export const DEFAULT_CANDIDATES_PER_SOURCE = 8;
/** Bids per auction that are priced through the full cost function (the best-scoring ones). */
export const DEFAULT_BIDS_PRICED = 12;
/** Recommend adding nodes when predicted cluster load exceeds this fraction of total capacity. */
export const DEFAULT_SCALE_UP_UTILISATION = 0.85;
/** Price of one added node per interval of the horizon, in node-capacity units. */
export const DEFAULT_NODE_COST = 0.05;
/** What happens to a microshard whose owner's session ended: re-own at once, or wait for it. */
export const DEFAULT_ORPHAN_POLICY: OrphanPolicy = 'reassign';
/** Relative improvement a different policy needs before the selector switches to it. */
export const DEFAULT_SELECTOR_HYSTERESIS = 0.05;

export type OrphanPolicy = 'reassign' | 'await';

export interface PlannerConfig {
  horizon: number;
  migrationThreshold: number;
  balanceTolerance: number;
  balanceMinUtilisation: number;
  cooldown: number;
  maxConcurrentPerNode: number;
  migrationBandwidth: number;
  nodeBytesBudgetPerInterval: number;
  budgetWindow: number;
  copyLoadFraction: number;
  copyTargetLoadFraction: number;
  bandwidthPrice: number;
  churnPenalty: number;
  overloadWeight: number;
  overloadStepPenalty: number;
  balanceWeight: number;
  coAccessWeight: number;
  proximityWeight: number;
  proximityMaxUtilisation: number;
  splitThreshold: number;
  maxMicroshardBytes: number;
  maxSplitImbalance: number;
  splitCost: number;
  mergeThreshold: number;
  minAgeAfterSplit: number;
  microshardOverhead: number;
  mergeCost: number;
  actionSlack: number;
  skillBiasSmoothing: number;
  skillTrendSmoothing: number;
  skillTrendDamping: number;
  skillErrorSmoothing: number;
  skillCalibrationPrior: number;
  skillMinBandRatio: number;
  skillMaxBandRatio: number;
  maxOperatorsPerRound: number;
  maxMicroshards: number;
  candidatesPerSource: number;
  bidsPriced: number;
  scaleUpUtilisation: number;
  nodeCost: number;
  orphanPolicy: OrphanPolicy;
  selectorHysteresis: number;
}

export const DEFAULT_PLANNER_CONFIG: Readonly<PlannerConfig> = Object.freeze({
  horizon: DEFAULT_HORIZON,
  migrationThreshold: DEFAULT_MIGRATION_THRESHOLD,
  balanceTolerance: DEFAULT_BALANCE_TOLERANCE,
  balanceMinUtilisation: DEFAULT_BALANCE_MIN_UTILISATION,
  cooldown: DEFAULT_COOLDOWN,
  maxConcurrentPerNode: DEFAULT_MAX_CONCURRENT_PER_NODE,
  migrationBandwidth: DEFAULT_MIGRATION_BANDWIDTH,
  nodeBytesBudgetPerInterval: DEFAULT_NODE_BYTES_BUDGET_PER_INTERVAL,
  budgetWindow: DEFAULT_BUDGET_WINDOW,
  copyLoadFraction: DEFAULT_COPY_LOAD_FRACTION,
  copyTargetLoadFraction: DEFAULT_COPY_TARGET_LOAD_FRACTION,
  bandwidthPrice: DEFAULT_BANDWIDTH_PRICE,
  churnPenalty: DEFAULT_CHURN_PENALTY,
  overloadWeight: DEFAULT_OVERLOAD_WEIGHT,
  overloadStepPenalty: DEFAULT_OVERLOAD_STEP_PENALTY,
  balanceWeight: DEFAULT_BALANCE_WEIGHT,
  coAccessWeight: DEFAULT_CO_ACCESS_WEIGHT,
  proximityWeight: DEFAULT_PROXIMITY_WEIGHT,
  proximityMaxUtilisation: DEFAULT_PROXIMITY_MAX_UTILISATION,
  splitThreshold: DEFAULT_SPLIT_THRESHOLD,
  maxMicroshardBytes: DEFAULT_MAX_MICROSHARD_BYTES,
  maxSplitImbalance: DEFAULT_MAX_SPLIT_IMBALANCE,
  splitCost: DEFAULT_SPLIT_COST,
  mergeThreshold: DEFAULT_MERGE_THRESHOLD,
  minAgeAfterSplit: DEFAULT_MIN_AGE_AFTER_SPLIT,
  microshardOverhead: DEFAULT_MICROSHARD_OVERHEAD,
  mergeCost: DEFAULT_MERGE_COST,
  actionSlack: DEFAULT_ACTION_SLACK,
  skillBiasSmoothing: DEFAULT_SKILL_BIAS_SMOOTHING,
  skillTrendSmoothing: DEFAULT_SKILL_TREND_SMOOTHING,
  skillTrendDamping: DEFAULT_SKILL_TREND_DAMPING,
  skillErrorSmoothing: DEFAULT_SKILL_ERROR_SMOOTHING,
  skillCalibrationPrior: DEFAULT_SKILL_CALIBRATION_PRIOR,
  skillMinBandRatio: DEFAULT_SKILL_MIN_BAND_RATIO,
  skillMaxBandRatio: DEFAULT_SKILL_MAX_BAND_RATIO,
  maxOperatorsPerRound: DEFAULT_MAX_OPERATORS_PER_ROUND,
  maxMicroshards: DEFAULT_MAX_MICROSHARDS,
  candidatesPerSource: DEFAULT_CANDIDATES_PER_SOURCE,
  bidsPriced: DEFAULT_BIDS_PRICED,
  scaleUpUtilisation: DEFAULT_SCALE_UP_UTILISATION,
  nodeCost: DEFAULT_NODE_COST,
  orphanPolicy: DEFAULT_ORPHAN_POLICY,
  selectorHysteresis: DEFAULT_SELECTOR_HYSTERESIS,
});

const POSITIVE_INTEGERS: (keyof PlannerConfig)[] = ['horizon', 'maxConcurrentPerNode', 'budgetWindow', 'maxOperatorsPerRound', 'maxMicroshards', 'candidatesPerSource', 'bidsPriced'];
const NON_NEGATIVE_INTEGERS: (keyof PlannerConfig)[] = ['cooldown', 'minAgeAfterSplit', 'actionSlack'];
const FRACTIONS: (keyof PlannerConfig)[] = ['skillBiasSmoothing', 'skillTrendSmoothing', 'skillTrendDamping', 'skillErrorSmoothing', 'skillMinBandRatio', 'balanceMinUtilisation', 'migrationThreshold', 'copyLoadFraction', 'copyTargetLoadFraction', 'maxSplitImbalance', 'mergeThreshold', 'scaleUpUtilisation', 'selectorHysteresis', 'proximityMaxUtilisation'];

/** Defaults overlaid with `overrides`; throws a RangeError naming the first bad key. */
export function plannerConfig(overrides: Partial<PlannerConfig> = {}): PlannerConfig {
  const cfg: PlannerConfig = { ...DEFAULT_PLANNER_CONFIG, ...overrides };
  for (const [key, value] of Object.entries(cfg) as [keyof PlannerConfig, unknown][]) {
    if (key === 'orphanPolicy') {
      if (value !== 'reassign' && value !== 'await') throw new RangeError(`planner config orphanPolicy must be "reassign" or "await", got ${String(value)}`);
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`planner config ${key} must be a finite number >= 0, got ${String(value)}`);
    if (POSITIVE_INTEGERS.includes(key) && (!Number.isInteger(value) || value < 1)) throw new RangeError(`planner config ${key} must be a positive integer, got ${value}`);
    if (NON_NEGATIVE_INTEGERS.includes(key) && !Number.isInteger(value)) throw new RangeError(`planner config ${key} must be an integer, got ${value}`);
    if (FRACTIONS.includes(key) && value > 1) throw new RangeError(`planner config ${key} must be at most 1, got ${value}`);
  }
  if (cfg.mergeThreshold >= cfg.splitThreshold) throw new RangeError(`planner config mergeThreshold (${cfg.mergeThreshold}) must be well below splitThreshold (${cfg.splitThreshold})`);
  if (cfg.skillMaxBandRatio < 1 || cfg.skillMinBandRatio > 1) throw new RangeError(`planner config skillMinBandRatio (${cfg.skillMinBandRatio}) must be <= 1 <= skillMaxBandRatio (${cfg.skillMaxBandRatio})`);
  if (cfg.migrationBandwidth <= 0) throw new RangeError('planner config migrationBandwidth must be > 0');
  return cfg;
}
