// Equal distribution: spread the data (bytes) evenly, in proportion to capacity. Suits stores
// whose cost is disk, not traffic. Imbalance is expressed in op-interval equivalents: holding a
// fraction f more data than the band is priced like f of capacity over the horizon.
import type { PlacementPolicy } from './policy.js';
import type { NodeState, WorkingState } from '../planner/state.js';

function bytesBand(state: WorkingState, node: NodeState): number {
  return state.bytesPerCapacity * node.capacity * (1 + state.cfg.balanceTolerance);
}

function excessEquivalent(state: WorkingState, node: NodeState, bytes: number): number {
  const fair = state.bytesPerCapacity * node.capacity;
  if (fair <= 0) return 0;
  const over = bytes - bytesBand(state, node);
  return over > 0 ? (over / fair) * node.capacity * state.horizon : 0;
}

export const equalDistribution: PlacementPolicy = {
  name: 'equal-distribution',
  description: 'bytes held within (1 + tolerance) x the fair share on every node',
  imbalance: (state, node) => excessEquivalent(state, node, node.bytes),
  moveGain: (state, ms, from, to, intervals) => {
    const before = excessEquivalent(state, from, from.bytes) + excessEquivalent(state, to, to.bytes);
    const after = excessEquivalent(state, from, from.bytes - ms.bytes) + excessEquivalent(state, to, to.bytes + ms.bytes);
    return ((before - after) * Math.max(0, state.horizon - intervals)) / state.horizon;
  },
  offerScore: (_state, ms) => ms.bytes,
};
