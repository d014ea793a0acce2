// Load balancing: keep every node's predicted (p90) load within the tolerance band around the
// cluster's mean utilisation at every step of the horizon.
import type { PlacementPolicy } from './policy.js';
import { contributionAtBadSteps, loadBandExcess, loadBandGain } from './band.js';

export const loadBalancing: PlacementPolicy = {
  name: 'load-balancing',
  description: 'predicted load within (1 + tolerance) x mean utilisation on every node at every step',
  imbalance: (state, node) => loadBandExcess(state, node),
  moveGain: loadBandGain,
  offerScore: (state, ms, node) => contributionAtBadSteps(state, ms, node) + ms.peak * 1e-6,
};
