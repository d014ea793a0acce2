// Shared load-band arithmetic for the policies: a node is balanced at a step when its expected
// load (the p50 sum) is within (1 + tolerance) x the cluster's mean utilisation x its own
// capacity, or below balanceMinUtilisation x capacity (no pressure, nothing worth a move).
// Balance is judged on the median: it is an expected quantity, and judging it on the p90 would
// turn forecast uncertainty into "imbalance" and moves. Overload risk (capacity) stays on the p90.
import type { MsState, NodeState, WorkingState } from '../planner/state.js';

export function bandAt(state: WorkingState, node: NodeState, k: number): number {
  return Math.max(state.meanUtil[k]! * (1 + state.cfg.balanceTolerance), state.cfg.balanceMinUtilisation) * node.capacity;
}

/** Op-intervals of expected load above the band, steps [from, H). */
export function loadBandExcess(state: WorkingState, node: NodeState, from = 0): number {
  let s = 0;
  const p = node.mean;
  for (let k = from; k < p.length; k++) {
    const over = p[k]! - bandAt(state, node, k);
    if (over > 0) s += over;
  }
  return s;
}

/** Reduction of band excess on `from` + `to` if `ms` moves, counted from step `intervals` on. */
export function loadBandGain(state: WorkingState, ms: MsState, from: NodeState, to: NodeState, intervals: number): number {
  let g = 0;
  for (let k = intervals; k < state.horizon; k++) {
    const bf = bandAt(state, from, k);
    const bt = bandAt(state, to, k);
    const a = from.mean[k]!;
    const b = to.mean[k]!;
    const m = ms.p50[k]!;
    g += Math.max(0, a - bf) + Math.max(0, b - bt) - Math.max(0, a - m - bf) - Math.max(0, b + m - bt);
  }
  return g;
}

/** Whether the node is in trouble at step k: p90 above capacity, or expected load above its band. */
export function badAt(state: WorkingState, node: NodeState, k: number): boolean {
  return node.profile[k]! > node.capacity || node.mean[k]! > bandAt(state, node, k);
}

/** Load a microshard adds at the steps where its node is above its band or its capacity. */
export function contributionAtBadSteps(state: WorkingState, ms: MsState, node: NodeState): number {
  let s = 0;
  for (let k = 0; k < state.horizon; k++) if (badAt(state, node, k)) s += ms.p90[k]!;
  return s;
}
