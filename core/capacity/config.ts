// When to add and when to retire nodes: thresholds, lead time and hysteresis, in one typed
// configuration (money lives in cost-model.ts).
import { DEFAULT_SCALE_UP_UTILISATION } from '../planner/config.js';
import { MEASURED_ADAPTIVE_COPY_BYTES_PER_S } from '../migration-cost.js';

/**
 * Share of a node's capacity that is usable: predicted p90 load above it counts as overload.
 * The same line as the planner's scale recommendation (core/planner scaleUpUtilisation), so the
 * planner and the capacity loop never disagree on when the cluster is full.
 */
export const DEFAULT_TARGET_UTILISATION = DEFAULT_SCALE_UP_UTILISATION;
/**
 * Share of the spare usable capacity on nodes that are not overloaded which moving microshards
 * (the planner, or the capacity loop itself) can actually use before a new node is needed. Below
 * 1 because load moves in microshard-sized pieces and moves take slots and time.
 */
export const DEFAULT_ABSORBABLE_HEADROOM = 0.5;
/** Margin added to the lead time (provisioning + copy), for forecast error and a slow start. */
export const DEFAULT_SAFETY_MARGIN_MS = 30_000;
/**
 * Copy rate assumed for the migrations onto a new node (bytes/s) when estimating the lead time:
 * the measured rate of a default (adaptive) copy next to a foreground (core/migration-cost.ts).
 */
export const DEFAULT_COPY_BYTES_PER_S = MEASURED_ADAPTIVE_COPY_BYTES_PER_S;
/**
 * Retire a node only when the cluster's predicted p90 peak (over the time it takes to get a node
 * back) fits in this share of the capacity that remains without it. Below the target utilisation:
 * the gap is the hysteresis that stops a node from being retired and provisioned again. 15 points
 * under the 85% target leave about a sixth of a node of p90 headroom on every remaining node; the
 * forecast window, not a wide gap, is what keeps a coming rise from retiring a node it needs.
 */
export const DEFAULT_RETIRE_UTILISATION = 0.7;
/** ...and only when that has held for this long (forecasts stay low), ms. */
export const DEFAULT_RETIRE_AFTER_MS = 15 * 60_000;
/** No retirement this long after a node was added (its load takes time to show), ms. */
export const DEFAULT_SCALE_DOWN_COOLDOWN_MS = 15 * 60_000;
/** No second scale-up this long after one (forecasts must first see the new node), ms. */
export const DEFAULT_SCALE_UP_COOLDOWN_MS = 60_000;
/** Never retire below this many live nodes. */
export const DEFAULT_MIN_NODES = 1;
/** Never provision above this many nodes. */
export const DEFAULT_MAX_NODES = 100;
/** Most nodes added by one decision. */
export const DEFAULT_MAX_STEP_NODES = 4;

export interface CapacityConfig {
  targetUtilisation: number;
  absorbableHeadroom: number;
  safetyMarginMs: number;
  copyBytesPerS: number;
  retireUtilisation: number;
  retireAfterMs: number;
  scaleDownCooldownMs: number;
  scaleUpCooldownMs: number;
  minNodes: number;
  maxNodes: number;
  maxStepNodes: number;
}

export const DEFAULT_CAPACITY_CONFIG: Readonly<CapacityConfig> = Object.freeze({
  targetUtilisation: DEFAULT_TARGET_UTILISATION,
  absorbableHeadroom: DEFAULT_ABSORBABLE_HEADROOM,
  safetyMarginMs: DEFAULT_SAFETY_MARGIN_MS,
  copyBytesPerS: DEFAULT_COPY_BYTES_PER_S,
  retireUtilisation: DEFAULT_RETIRE_UTILISATION,
  retireAfterMs: DEFAULT_RETIRE_AFTER_MS,
  scaleDownCooldownMs: DEFAULT_SCALE_DOWN_COOLDOWN_MS,
  scaleUpCooldownMs: DEFAULT_SCALE_UP_COOLDOWN_MS,
  minNodes: DEFAULT_MIN_NODES,
  maxNodes: DEFAULT_MAX_NODES,
  maxStepNodes: DEFAULT_MAX_STEP_NODES,
});

/** Defaults overlaid with `overrides`; throws a RangeError naming the first bad key. */
export function capacityConfig(overrides: Partial<CapacityConfig> = {}): CapacityConfig {
  const c: CapacityConfig = { ...DEFAULT_CAPACITY_CONFIG, ...overrides };
  for (const [k, v] of Object.entries(c)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`capacity config ${k} must be a finite number >= 0, got ${String(v)}`);
  }
  for (const k of ['targetUtilisation', 'absorbableHeadroom', 'retireUtilisation'] as const) {
    if (c[k] > 1) throw new RangeError(`capacity config ${k} must be at most 1, got ${c[k]}`);
  }
  if (!(c.targetUtilisation > 0)) throw new RangeError('capacity config targetUtilisation must be > 0');
  if (c.retireUtilisation >= c.targetUtilisation) throw new RangeError(`capacity config retireUtilisation (${c.retireUtilisation}) must be below targetUtilisation (${c.targetUtilisation}): the gap is the hysteresis`);
  if (!(c.copyBytesPerS > 0)) throw new RangeError('capacity config copyBytesPerS must be > 0');
  for (const k of ['minNodes', 'maxNodes', 'maxStepNodes'] as const) {
    if (!Number.isInteger(c[k])) throw new RangeError(`capacity config ${k} must be an integer, got ${c[k]}`);
  }
  if (c.maxNodes < c.minNodes) throw new RangeError(`capacity config maxNodes (${c.maxNodes}) is below minNodes (${c.minNodes})`);
  if (c.maxStepNodes < 1) throw new RangeError('capacity config maxStepNodes must be at least 1');
  return c;
}
