// The one place policies are registered. Add a policy: one file behind PlacementPolicy, one entry here.
import type { PlacementPolicy } from './policy.js';
import { equalDistribution } from './equal-distribution.js';
import { loadBalancing } from './load-balancing.js';
import { proximity } from './proximity.js';

export type { PlacementPolicy } from './policy.js';

export const POLICIES: readonly PlacementPolicy[] = Object.freeze([loadBalancing, equalDistribution, proximity]);

/** The policy used when none is chosen (and the selector's first preference on a tie). */
export const DEFAULT_POLICY = loadBalancing.name;

export function policyByName(name: string): PlacementPolicy {
  const p = POLICIES.find((x) => x.name === name);
  if (!p) throw new RangeError(`unknown policy "${name}" (known: ${POLICIES.map((x) => x.name).join(', ')})`);
  return p;
}

export { selectPolicy, type PolicySelection, type PolicyScore } from './selector.js';
