// Which adjacent microshards may merge: both predicted cold over the whole horizon (and the merged
// one too), well below the split threshold, neither in flight, both old enough since the split or
// merge that created them (no flapping), the result not oversize.
import type { MsState, WorkingState } from './state.js';

export interface MergePair {
  left: MsState;
  right: MsState;
  /** Both on one node: metadata only; otherwise the right one moves first. */
  sameNode: boolean;
}

/** Reason a microshard is not cold enough to merge, or undefined. */
export function whyNotCold(state: WorkingState, ms: MsState): string | undefined {
  const node = state.nodeById.get(ms.owner);
  if (!node) return `owner ${ms.owner} gone`;
  const limit = state.cfg.mergeThreshold * node.capacity;
  if (ms.peak >= limit) return `predicted peak ${ms.peak.toFixed(1)} >= merge threshold ${limit.toFixed(1)}`;
  return undefined;
}

/** Reason the adjacent pair may not merge, or undefined. */
export function whyNotMergeable(state: WorkingState, left: MsState, right: MsState): string | undefined {
  const cfg = state.cfg;
  if (left.end !== right.start) return 'not adjacent';
  if (!left.alive || !right.alive) return 'already changed this round';
  if (left.busy || right.busy) return 'in flight';
  const age = Math.min(state.now - left.createdAt, state.now - right.createdAt);
  if (age < cfg.minAgeAfterSplit) return `too young: ${age} < ${cfg.minAgeAfterSplit} intervals since created`;
  const cold = whyNotCold(state, left) ?? whyNotCold(state, right);
  if (cold) return cold;
  const node = state.nodeById.get(left.owner)!;
  let peak = 0;
  for (let k = 0; k < state.horizon; k++) peak = Math.max(peak, left.p90[k]! + right.p90[k]!);
  if (peak >= cfg.mergeThreshold * node.capacity) return `merged peak ${peak.toFixed(1)} would not be cold`;
  if (left.bytes + right.bytes > cfg.maxMicroshardBytes / 2) return 'merged microshard would be near the size limit';
  return undefined;
}
