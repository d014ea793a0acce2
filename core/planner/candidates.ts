// Candidates for action, each with the reason it is one: predicted overload or imbalance on a
// node (its microshards go up for auction), hot or oversize microshards (split), cold ones
// (merge, see merge.ts), orphans (owner gone). Filters answer with a reason, never a bare boolean,
// so every "no action" can be explained.
import type { PlacementPolicy } from '../policies/policy.js';
import type { ReasonCode } from './operator.js';
import type { MsState, NodeState, WorkingState } from './state.js';
import { nodeOverload, peakOf } from './state.js';
import { cooldownReason } from './stability.js';

export interface SourceCandidate {
  node: NodeState;
  reason: Extract<ReasonCode, 'predicted-overload' | 'imbalance'>;
  overload: number;
  imbalance: number;
  /** overloadWeight x overload + balanceWeight x imbalance: worst first. */
  severity: number;
}

export function sourceCandidate(state: WorkingState, node: NodeState, policy: PlacementPolicy): SourceCandidate | undefined {
  const overload = nodeOverload(node);
  const imbalance = policy.imbalance(state, node);
  if (overload <= 0 && imbalance <= 0) return undefined;
  return {
    node,
    reason: overload > 0 ? 'predicted-overload' : 'imbalance',
    overload,
    imbalance,
    severity: state.cfg.overloadWeight * overload + state.cfg.balanceWeight * imbalance,
  };
}

/**
 * First step (0-based) at which the node is predicted (p90) above its capacity, or for an
 * imbalance source, its expected (p50) load above its band as well; the horizon length when never.
 */
export function firstBadStep(state: WorkingState, node: NodeState, reason: SourceCandidate['reason'], band: (k: number) => number): number {
  for (let k = 0; k < state.horizon; k++) {
    if (node.profile[k]! > node.capacity) return k;
    if (reason === 'imbalance' && node.mean[k]! > band(k)) return k;
  }
  return state.horizon;
}

/** Why this microshard cannot be offered now, or undefined. */
export function whyNotMovable(state: WorkingState, ms: MsState): string | undefined {
  if (!ms.alive) return 'changed this round';
  if (ms.busy) return 'in flight';
  return cooldownReason(ms.lastMove, state.now, state.cfg);
}

export interface SplitCandidate {
  ms: MsState;
  reason: Extract<ReasonCode, 'hot' | 'oversize'>;
  mode: 'load' | 'even';
}

export function splitCandidate(state: WorkingState, ms: MsState): SplitCandidate | undefined {
  const node = state.nodeById.get(ms.owner);
  // Hot: the p90 peak over the line, and the median peak or the load seen now too. A wide band
  // alone (a fallback forecast right after a load step) does not split: splits outlive the
  // forecast that caused them (a merge waits minAgeAfterSplit).
  const line = node ? state.cfg.splitThreshold * node.capacity : Infinity;
  if (node && ms.peak > line && Math.max(ms.load, peakOf(ms.p50)) > line) return { ms, reason: 'hot', mode: 'load' };
  if (ms.bytes > state.cfg.maxMicroshardBytes) return { ms, reason: 'oversize', mode: 'even' };
  return undefined;
}

/** Why a split candidate cannot be split now, or undefined. */
export function whyNotSplittable(state: WorkingState, ms: MsState, microshardCount: number): string | undefined {
  if (ms.busy) return 'in flight';
  if (microshardCount >= state.cfg.maxMicroshards) return `cluster at maxMicroshards (${state.cfg.maxMicroshards})`;
  if (ms.end - ms.start < 2n) return 'range too narrow to split';
  return undefined;
}

export function isOrphan(state: WorkingState, ms: MsState): boolean {
  return !state.nodeById.has(ms.owner);
}
