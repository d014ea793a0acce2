// The cost model: what a datastore instance costs, per type, and what overload costs, in one
// money unit. A scale decision weighs the overload it avoids against the node-hours,
// provisioning and copying it costs, all priced here, so gain and cost are comparable.

/** Money per hour one instance of the default type costs while it runs (a small VM). */
export const DEFAULT_COST_PER_HOUR = 0.1;
/** One-off cost of bringing an instance up: boot, warm-up, the control plane's work. */
export const DEFAULT_PROVISIONING_COST = 0.05;
/** Money per GB a migration copies (transfer, copy load on both ends). */
export const DEFAULT_MIGRATION_COST_PER_GB = 0.02;
/** Ops/s an instance of the default type serves, when its sidecar reports no capacity. */
export const DEFAULT_TYPE_CAPACITY_OPS_PER_S = 1_000;
/** Default size of a new instance: CPU cores. */
export const DEFAULT_TYPE_CPU = 2;
/** Default size of a new instance: memory, MiB. */
export const DEFAULT_TYPE_MEMORY_MB = 4_096;
/** Ops/s one CPU core serves (sizing, when no measurement calibrates it). */
export const DEFAULT_OPS_PER_CORE = 500;
/**
 * Expected time from a provision request until the new node serves (process or VM start,
 * session with the leader). Part of the lead time: a node is asked for this long before it is needed.
 */
export const DEFAULT_PROVISION_LEAD_MS = 60_000;
/**
 * Money per hour one node spends overloaded (slow or refused requests, SLA credits). The gain
 * side's main price: 20 node-hours, so a node is worth adding well before a whole hour of overload.
 */
export const DEFAULT_OVERLOAD_COST_PER_NODE_HOUR = 2;
/** Money per million ops predicted above usable capacity (the requests that would queue or fail). */
export const DEFAULT_EXCESS_COST_PER_MILLION_OPS = 0.5;
/** Name of the type used when a node names none. */
export const DEFAULT_DATASTORE_TYPE = 'default';
/** Label on a node (Hello.labels) naming its datastore type. */
export const DATASTORE_TYPE_LABEL = 'datastore-type';

export interface DatastoreType {
  costPerHour: number;
  provisioningCost: number;
  migrationCostPerGb: number;
  capacityOpsPerS: number;
  cpu: number;
  memoryMb: number;
  opsPerCore: number;
  provisionLeadMs: number;
}

export interface CostModel {
  /** Datastore types by name; `defaultType` must be one of them. */
  types: Record<string, DatastoreType>;
  defaultType: string;
  overloadCostPerNodeHour: number;
  excessCostPerMillionOps: number;
  /** Label of the money unit in explanations ("$", "EUR", "credits"). */
  currency: string;
}

export const DEFAULT_TYPE: Readonly<DatastoreType> = Object.freeze({
  costPerHour: DEFAULT_COST_PER_HOUR,
  provisioningCost: DEFAULT_PROVISIONING_COST,
  migrationCostPerGb: DEFAULT_MIGRATION_COST_PER_GB,
  capacityOpsPerS: DEFAULT_TYPE_CAPACITY_OPS_PER_S,
  cpu: DEFAULT_TYPE_CPU,
  memoryMb: DEFAULT_TYPE_MEMORY_MB,
  opsPerCore: DEFAULT_OPS_PER_CORE,
  provisionLeadMs: DEFAULT_PROVISION_LEAD_MS,
});

export const DEFAULT_COST_MODEL: Readonly<CostModel> = Object.freeze({
  types: Object.freeze({ [DEFAULT_DATASTORE_TYPE]: DEFAULT_TYPE }) as Record<string, DatastoreType>,
  defaultType: DEFAULT_DATASTORE_TYPE,
  overloadCostPerNodeHour: DEFAULT_OVERLOAD_COST_PER_NODE_HOUR,
  excessCostPerMillionOps: DEFAULT_EXCESS_COST_PER_MILLION_OPS,
  currency: '$',
});

const TYPE_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The defaults overlaid with `overrides` (each type's missing fields come from the default
 * type). Throws a RangeError naming the first bad value.
 */
export function costModel(overrides: { types?: Record<string, Partial<DatastoreType>>; defaultType?: string; overloadCostPerNodeHour?: number; excessCostPerMillionOps?: number; currency?: string } = {}): CostModel {
  const types: Record<string, DatastoreType> = { [DEFAULT_DATASTORE_TYPE]: { ...DEFAULT_TYPE } };
  for (const [name, t] of Object.entries(overrides.types ?? {})) {
    if (!TYPE_NAME.test(name)) throw new RangeError(`cost model: datastore type name "${name}" must be 1-64 of A-Z a-z 0-9 . _ -`);
    types[name] = { ...DEFAULT_TYPE, ...(types[name] ?? {}), ...t };
  }
  const m: CostModel = {
    types,
    defaultType: overrides.defaultType ?? DEFAULT_DATASTORE_TYPE,
    overloadCostPerNodeHour: overrides.overloadCostPerNodeHour ?? DEFAULT_OVERLOAD_COST_PER_NODE_HOUR,
    excessCostPerMillionOps: overrides.excessCostPerMillionOps ?? DEFAULT_EXCESS_COST_PER_MILLION_OPS,
    currency: overrides.currency ?? '$',
  };
  validateCostModel(m);
  return m;
}

/** Throws a RangeError naming the first value that makes no sense. */
export function validateCostModel(m: CostModel): void {
  if (!m.types[m.defaultType]) throw new RangeError(`cost model: defaultType "${m.defaultType}" is not one of the types (${Object.keys(m.types).join(', ')})`);
  for (const [name, t] of Object.entries(m.types)) {
    for (const key of ['costPerHour', 'provisioningCost', 'migrationCostPerGb', 'provisionLeadMs'] as const) {
      if (!(Number.isFinite(t[key]) && t[key] >= 0)) throw new RangeError(`cost model: types.${name}.${key} must be a finite number >= 0, got ${t[key]}`);
    }
    for (const key of ['capacityOpsPerS', 'cpu', 'memoryMb', 'opsPerCore'] as const) {
      if (!(Number.isFinite(t[key]) && t[key] > 0)) throw new RangeError(`cost model: types.${name}.${key} must be a finite number > 0, got ${t[key]}`);
    }
  }
  for (const key of ['overloadCostPerNodeHour', 'excessCostPerMillionOps'] as const) {
    if (!(Number.isFinite(m[key]) && m[key] >= 0)) throw new RangeError(`cost model: ${key} must be a finite number >= 0, got ${m[key]}`);
  }
}

/** The type a node names, or the default type when it names none or an unknown one. */
export function typeOf(model: CostModel, name: string | undefined): { name: string; type: DatastoreType } {
  const n = name && model.types[name] ? name : model.defaultType;
  return { name: n, type: model.types[n]! };
}

export const HOUR_MS = 3_600_000;
export const GB = 1024 ** 3;

/** Money for `nodes` instances of `t` running `ms`. */
export function nodeCost(t: DatastoreType, nodes: number, ms: number): number {
  return t.costPerHour * nodes * (ms / HOUR_MS);
}

/** Money to copy `bytes` with a migration. */
export function migrationCost(t: DatastoreType, bytes: number): number {
  return t.migrationCostPerGb * (bytes / GB);
}

/** Money that overload costs: `excessOps` ops above usable capacity and `overloadedNodeMs` node-time spent overloaded. */
export function overloadCost(m: CostModel, excessOps: number, overloadedNodeMs: number): number {
  return (excessOps / 1e6) * m.excessCostPerMillionOps + (overloadedNodeMs / HOUR_MS) * m.overloadCostPerNodeHour;
}
