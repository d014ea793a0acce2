// Proximity: serve each microshard from the region its accesses come from, while keeping load
// within the band. Remote accesses beyond the tolerance share count as imbalance; the shared
// proximity weight is raised so a move toward the clients pays for itself sooner.
import type { PlacementPolicy } from './policy.js';
import type { MsState, NodeState, WorkingState } from '../planner/state.js';
import { contributionAtBadSteps, loadBandExcess, loadBandGain } from './band.js';
import { remoteWeight } from '../region-latency.js';

/** How much more the proximity policy values a local access than the shared default. */
export const DEFAULT_PROXIMITY_MULTIPLIER = 5;

/** Remote accesses of the microshard on this node (latency-weighted with a matrix). */
function remoteOps(state: WorkingState, ms: MsState, node: NodeState): number {
  return remoteWeight(ms.regions, ms.regionTotal, node.region, state.latency);
}

/** Per-node sums, recomputed only when the node's set of microshards changed. */
const sums = new WeakMap<NodeState, { version: number; remote: number; total: number }>();

function remoteExcess(state: WorkingState, node: NodeState): number {
  let cached = sums.get(node);
  if (!cached || cached.version !== node.version) {
    let remote = 0;
    let total = 0;
    for (const ms of node.microshards) {
      remote += remoteOps(state, ms, node);
      total += ms.regionTotal;
    }
    cached = { version: node.version, remote, total };
    sums.set(node, cached);
  }
  const { remote, total } = cached;
  const over = remote - state.cfg.balanceTolerance * total;
  return over > 0 ? over * state.horizon * state.cfg.proximityWeight : 0;
}

export const proximity: PlacementPolicy = {
  name: 'proximity',
  description: 'microshards near the regions their accesses come from, load kept within the band',
  imbalance: (state, node) => loadBandExcess(state, node) + remoteExcess(state, node),
  moveGain: loadBandGain,
  imbalanceNow: (state, node) => remoteExcess(state, node) > 0,
  offerScore: (state, ms, node) => contributionAtBadSteps(state, ms, node) + remoteOps(state, ms, node) * state.horizon,
  localityWeights: { proximity: DEFAULT_PROXIMITY_MULTIPLIER },
};
