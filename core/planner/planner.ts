// One planning pass: snapshot in, operators out. The checkers and schedulers registered in
// ./schedulers/index.ts run in order of urgency (orphans -> splits -> moves -> merges -> scale)
// over one working state, each seeing what the earlier ones did. Every decision and every
// "no action" for a candidate leaves an explain record with its inputs. Pure: the same snapshot,
// config and policy give the same result.
import { remoteWeight } from '../region-latency.js';
import type { PlacementPolicy } from '../policies/policy.js';
import type { PlannerConfig } from './config.js';
import type { ExplainRecord, Operator } from './operator.js';
import type { PlannerSnapshot } from './snapshot.js';
import type { WorkingState } from './state.js';
import { buildState, nodeOverload } from './state.js';
import { moveIntervals } from './cost.js';
import { PlanContext } from './context.js';
import { SCHEDULERS } from './schedulers/index.js';

/** Predicted state of the cluster over the horizon (p90), before or after the round's operators. */
export interface PlanOutcome {
  /** Op-intervals above capacity, all nodes. */
  overload: number;
  /** Sum of the policy's imbalance over nodes. */
  imbalance: number;
  nodesOutOfTolerance: number;
  /** Co-access weight (per interval) between microshards on different nodes. */
  crossCoAccess: number;
  /** Ops per interval served from outside their clients' region. */
  remoteOps: number;
}

export interface PlanResult {
  at: number;
  policy: string;
  operators: Operator[];
  explain: ExplainRecord[];
  before: PlanOutcome;
  after: PlanOutcome;
  nextMicroshardId: bigint;
}

export function outcomeOf(state: WorkingState, policy: PlacementPolicy): PlanOutcome {
  let overload = 0;
  let imbalance = 0;
  let out = 0;
  for (const n of state.nodes) {
    const o = nodeOverload(n);
    const i = policy.imbalance(state, n);
    overload += o;
    imbalance += i;
    if (o > 0 || i > 0) out++;
  }
  let cross = 0;
  let remote = 0;
  for (const ms of state.ms) {
    if (!ms.alive) continue;
    if (ms.coAccess) for (const p of ms.coAccess) {
      const partner = state.byId.get(p.partner);
      if (partner && partner.alive && partner.owner !== ms.owner) cross += p.weight / 2;
    }
    if (ms.regions && ms.regionTotal > 0) {
      // A microshard whose owner has no region is as remote as can be (the old rule, kept).
      const region = state.nodeById.get(ms.owner)?.region;
      remote += region !== undefined ? remoteWeight(ms.regions, ms.regionTotal, region, state.latency) : ms.regionTotal;
    }
  }
  return { overload, imbalance, nodesOutOfTolerance: out, crossCoAccess: cross, remoteOps: remote };
}

/** One planning round. Pure: the same snapshot, config and policy give the same result. */
export function plan(snap: PlannerSnapshot, cfg: PlannerConfig, policy: PlacementPolicy): PlanResult {
  return planWithState(snap, cfg, policy).result;
}

/** plan(), also returning the projected working state (for the selector's yardstick). */
export function planWithState(snap: PlannerSnapshot, cfg: PlannerConfig, policy: PlacementPolicy): { result: PlanResult; state: WorkingState } {
  const state = buildState(snap, cfg);
  const base = snap.idBase?.get(policy.name);
  if (base !== undefined) state.nextId = base;
  const before = outcomeOf(state, policy);
  const ctx = new PlanContext(state, policy, snap);
  for (const s of SCHEDULERS) s.run(ctx);
  return { result: { at: snap.now, policy: policy.name, operators: ctx.operators, explain: ctx.explain, before, after: outcomeOf(state, policy), nextMicroshardId: state.nextId }, state };
}

export { moveIntervals };
