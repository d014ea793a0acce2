// The one interface every placement policy implements. A policy is a scoring function: what
// "balanced" means (and so which nodes are sources), which of a source's microshards to offer
// first, and its own share of a move's gain. Overload avoided, co-access and proximity are priced
// by the shared cost function for every policy, so no policy can ignore overload.
import type { MsState, NodeState, WorkingState } from '../planner/state.js';

export interface PlacementPolicy {
  readonly name: string;
  readonly description: string;
  /** How far the node is outside this policy's tolerance band, in op-intervals (0 = within). */
  imbalance(state: WorkingState, node: NodeState): number;
  /**
   * The policy's part of a move's gain (op-intervals, before balanceWeight): how much the move
   * shrinks imbalance(from) + imbalance(to), counting only steps from `intervals` on (after cutover).
   */
  moveGain(state: WorkingState, ms: MsState, from: NodeState, to: NodeState, intervals: number): number;
  /** Order in which a source's microshards are offered for auction (higher first). */
  offerScore(state: WorkingState, ms: MsState, node: NodeState): number;
  /**
   * True when the node's imbalance under this policy is there now rather than at a future step
   * of the load forecast (proximity: accesses served from another region are remote today), so
   * a move need not wait for predicted trouble to come near. Absent: imbalance is load's.
   */
  imbalanceNow?(state: WorkingState, node: NodeState): boolean;
  /** Multipliers on the shared locality weights of the cost function. */
  readonly localityWeights?: { coAccess?: number; proximity?: number };
}
