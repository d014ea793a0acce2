// The cost function: what a move gains against what it costs, all in op-intervals over the
// horizon. A move decided at `now` copies during steps [0, d) (d = ceil(bytes / bandwidth)),
// adding copy load on source and target (measured CPU per MB: config.ts, core/migration-cost.ts),
// and serves from the target from step d on.
//   gain = overload avoided (p90; ops above capacity plus a penalty per overloaded node-step)
//        + the policy's imbalance removed x balanceWeight
//        + co-access made local + client proximity won
//   cost = bytes x bandwidth price + overload the copy load adds + churn penalty
import { copyIntervals } from '../migration-cost.js';
import { remoteWeight, type RegionLatency } from '../region-latency.js';
import type { PlacementPolicy } from '../policies/policy.js';
import type { CostBreakdown, GainBreakdown } from './operator.js';
import { totalCost, totalGain } from './operator.js';
import type { PlannerConfig } from './config.js';
import type { MsState, NodeState, WorkingState } from './state.js';
import { addAt, loadWith, refresh } from './state.js';

export interface MoveEvaluation {
  intervals: number;
  gain: GainBreakdown;
  cost: CostBreakdown;
  net: number;
  /** Fraction by which the source's predicted peak (after cutover) drops: the migration threshold's input. */
  loadChange: number;
}

/** Intervals a copy of `bytes` takes at the configured bandwidth (at least one). */
export function moveIntervals(bytes: number, cfg: PlannerConfig): number {
  return copyIntervals(bytes, cfg.migrationBandwidth);
}

function over(load: number, cap: number): number {
  return load > cap ? load - cap : 0;
}

/** Co-access weight of `ms` with microshards currently (in the plan) owned by `node`. */
export function coAccessWith(state: WorkingState, ms: MsState, node: string): number {
  if (!ms.coAccess) return 0;
  let w = 0;
  for (const p of ms.coAccess) {
    const partner = state.byId.get(p.partner);
    if (partner && partner.alive && partner.owner === node) w += p.weight;
  }
  return w;
}

/**
 * How near the node is to the microshard's clients (higher is nearer): the share of its accesses from the
 * node's region, or with a latency matrix 1 - their latency-weighted remoteness.
 */
export function regionShare(ms: MsState, node: NodeState, latency?: RegionLatency): number {
  if (!ms.regions || ms.regionTotal <= 0 || node.region === undefined) return 0;
  return 1 - remoteWeight(ms.regions, ms.regionTotal, node.region, latency) / ms.regionTotal;
}

export function evaluateMove(state: WorkingState, ms: MsState, from: NodeState, to: NodeState, policy: PlacementPolicy): MoveEvaluation {
  const cfg = state.cfg;
  const h = state.horizon;
  const d = moveIntervals(ms.bytes, cfg);
  const copyFrom = cfg.copyLoadFraction * from.capacity;
  const copyTo = cfg.copyTargetLoadFraction * to.capacity;
  const stepPenalty = cfg.overloadStepPenalty;
  let overloadGain = 0;
  let copyCost = 0;
  let peakBefore = 0;
  let peakAfter = 0;
  let targetPeakAfter = 0;
  for (let k = 0; k < h; k++) {
    const a = from.profile[k]!;
    const b = to.profile[k]!;
    const oa = over(a, from.capacity);
    const ob = over(b, to.capacity);
    const before = oa + ob + stepPenalty * ((oa > 0 ? from.capacity : 0) + (ob > 0 ? to.capacity : 0));
    if (k < d) {
      const ca = over(a + copyFrom, from.capacity);
      const cb = over(b + copyTo, to.capacity);
      copyCost += ca + cb + stepPenalty * ((ca > 0 ? from.capacity : 0) + (cb > 0 ? to.capacity : 0)) - before;
    } else {
      const a2 = loadWith(from, ms, k, -1);
      const b2 = loadWith(to, ms, k, 1);
      const oa2 = over(a2, from.capacity);
      const ob2 = over(b2, to.capacity);
      overloadGain += before - oa2 - ob2 - stepPenalty * ((oa2 > 0 ? from.capacity : 0) + (ob2 > 0 ? to.capacity : 0));
      if (a > peakBefore) peakBefore = a;
      if (a2 > peakAfter) peakAfter = a2;
      if (b2 > targetPeakAfter) targetPeakAfter = b2;
    }
  }
  const after = Math.max(0, h - d);
  const locality = policy.localityWeights ?? {};
  const coAccess = after > 0 ? (coAccessWith(state, ms, to.id) - coAccessWith(state, ms, from.id)) * cfg.coAccessWeight * (locality.coAccess ?? 1) * after : 0;
  // Overload comes before nearness both ways. Nearness is bought only where the target keeps
  // headroom (its p90 peak with the microshard at most proximityMaxUtilisation of capacity; why:
  // config.ts). And a move that relieves predicted overload pays no nearness penalty for leaving
  // its clients' region.
  const roomy = targetPeakAfter <= cfg.proximityMaxUtilisation * to.capacity;
  const nearer = after > 0 ? (regionShare(ms, to, state.latency) - regionShare(ms, from, state.latency)) * ms.regionTotal * cfg.proximityWeight * (locality.proximity ?? 1) * after : 0;
  const proximity = nearer > 0 ? (roomy ? nearer : 0) : overloadGain > 0 ? 0 : nearer;
  const gain: GainBreakdown = {
    overload: cfg.overloadWeight * overloadGain,
    // Balance is never bought with overload: the policy's gain counts only when the move does not
    // make predicted overload worse.
    policy: after > 0 && overloadGain >= 0 ? cfg.balanceWeight * policy.moveGain(state, ms, from, to, d) : 0,
    coAccess,
    proximity,
    other: 0,
  };
  const cost: CostBreakdown = {
    bytes: cfg.bandwidthPrice * (ms.bytes / cfg.migrationBandwidth) * from.capacity,
    copyLoad: cfg.overloadWeight * copyCost,
    churn: cfg.churnPenalty * from.capacity,
  };
  return { intervals: d, gain, cost, net: totalGain(gain) - totalCost(cost), loadChange: peakBefore > 0 ? (peakBefore - peakAfter) / peakBefore : 0 };
}

/** Applies a planned move to the working state (profiles, counters, ownership). */
export function applyMove(state: WorkingState, ms: MsState, from: NodeState, to: NodeState, intervals: number): void {
  const cfg = state.cfg;
  for (let k = 0; k < state.horizon; k++) {
    if (k < intervals) {
      from.mean[k]! += cfg.copyLoadFraction * from.capacity;
      to.mean[k]! += cfg.copyTargetLoadFraction * to.capacity;
    } else {
      addAt(from, ms, k, -1, 0);
      addAt(to, ms, k, 1, 0);
    }
  }
  refresh(from);
  refresh(to);
  from.inFlight++;
  to.inFlight++;
  from.bytesInWindow += ms.bytes;
  to.bytesInWindow += ms.bytes;
  from.microshards.delete(ms);
  to.microshards.add(ms);
  from.version++;
  to.version++;
  from.bytes -= ms.bytes;
  to.bytes += ms.bytes;
  ms.owner = to.id;
  ms.busy = true;
}
