// Stability rules, shared by the planner and the reactive baseline so both play by the same
// limits: balance tolerance, cool-down, K concurrent migrations per node, per-node bytes budget,
// and thrash (a microshard moved back where it came from within the cool-down). Each check
// returns the reason it refuses, or undefined.
import type { PlacementPolicy } from '../policies/policy.js';
import type { PlannerConfig } from './config.js';
import type { NodeState, WorkingState } from './state.js';
import { nodeOverload } from './state.js';

export interface LastMove {
  at: number;
  from: string;
  to: string;
}

/** Every node within the policy's band and none predicted above capacity: nothing to fix. */
export function withinTolerance(state: WorkingState, policy: PlacementPolicy): boolean {
  for (const n of state.nodes) if (nodeOverload(n) > 0 || policy.imbalance(state, n) > 0) return false;
  return true;
}

export function cooldownReason(lastMove: LastMove | undefined, now: number, cfg: PlannerConfig): string | undefined {
  if (lastMove && now - lastMove.at < cfg.cooldown) return `cooling down: moved at ${lastMove.at}, movable again at ${lastMove.at + cfg.cooldown}`;
  return undefined;
}

export function concurrencyReason(node: Pick<NodeState, 'id' | 'inFlight'>, cfg: PlannerConfig): string | undefined {
  if (node.inFlight >= cfg.maxConcurrentPerNode) return `node ${node.id} has ${node.inFlight} migrations in flight (K = ${cfg.maxConcurrentPerNode})`;
  return undefined;
}

export function budgetReason(node: Pick<NodeState, 'id' | 'bytesInWindow'>, bytes: number, cfg: PlannerConfig): string | undefined {
  const budget = cfg.nodeBytesBudgetPerInterval * cfg.budgetWindow;
  // A single move bigger than the whole budget may run alone, or the microshard could never move.
  if (node.bytesInWindow > 0 && node.bytesInWindow + bytes > budget) {
    return `node ${node.id} bytes budget: ${node.bytesInWindow} + ${bytes} > ${budget} per ${cfg.budgetWindow} intervals`;
  }
  return undefined;
}

/** Whether moving to `to` now would send the microshard back where it came from within the cool-down. */
export function isThrash(lastMove: LastMove | undefined, to: string, now: number, cfg: PlannerConfig): boolean {
  return lastMove !== undefined && lastMove.from === to && now - lastMove.at < cfg.cooldown;
}

/** The first reason a move from -> to is not allowed by the limits, if any. */
export function moveLimitReason(
  ms: { lastMove?: LastMove; bytes: number; busy: boolean },
  from: Pick<NodeState, 'id' | 'inFlight' | 'bytesInWindow'>,
  to: Pick<NodeState, 'id' | 'inFlight' | 'bytesInWindow'>,
  now: number,
  cfg: PlannerConfig,
): string | undefined {
  if (ms.busy) return 'in flight';
  return (
    cooldownReason(ms.lastMove, now, cfg) ??
    (isThrash(ms.lastMove, to.id, now, cfg) ? `thrash: would return to ${to.id}` : undefined) ??
    concurrencyReason(from, cfg) ??
    concurrencyReason(to, cfg) ??
    budgetReason(from, ms.bytes, cfg) ??
    budgetReason(to, ms.bytes, cfg)
  );
}
