// The scale decision: forecasts and node capacities in, one decision out (provision N nodes,
// retire one, or nothing), carrying its forecast, timing, cost and gain in money. Pure: the
// hysteresis memory goes in and comes back out with the decision.
//
// Per forecast step k (load in ops/s, p90 as the planner sums it):
//   usable_i     = capacity_i x targetUtilisation          (0 for a node being retired)
//   excess_k     = sum_i max(0, p90_i,k - usable_i)        (load above usable, node by node)
//   headroom_k   = sum_i max(0, usable_i - p90_i,k)        (spare room on the other nodes)
//   stuck_k      = the part of excess_k inside single microshards hotter than their node's usable
//                  capacity (no node can absorb it: a split's job, not capacity's)
//   shortfall_k  = max(0, clusterP90_k - stuck_k - usableTotal,   (the whole cluster is short)
//                         excess_k - stuck_k - absorbableHeadroom x headroom_k - coming)
//                                                          (more than moves can spread out)
// Provision when a shortfall is predicted no later than the lead time ahead:
//   lead = provisioning time + copy time of the load to move + safety margin
// and only when the overload it avoids (priced by the cost model, counted from the step the
// new node can serve) outweighs node-hours + provisioning + copy. Retire the cheapest-to-lose
// node when the cluster peak fits under retireUtilisation of what is left and has for
// retireAfterMs, and the node-hours saved outweigh the copy and any overload it creates. "The
// peak" is over the window it takes to get a node back (provisioning + copying its data again +
// margin), not the whole horizon: a rise predicted beyond that window is met by provisioning in
// time, so tomorrow's peak does not keep a node idle all night. A node bought for a shortfall is
// charged until the shortfall ends plus retireAfterMs, when it may go again.
import type { CapacityConfig } from './config.js';
import { migrationCost, nodeCost, overloadCost, typeOf, type CostModel, type DatastoreType } from './cost-model.js';
import { flatForecast, peak, sumForecasts, type QuantileForecast, type SummedForecast } from './forecast.js';

export interface CapacityNode {
  id: string;
  /** Datastore type (cost model); undefined: the default type. */
  type?: string;
  /** Ops/s the node serves (0: its type's capacity). */
  capacityOpsPerS: number;
  /** Predicted ops/s per step; undefined: none yet (its current load is held flat). */
  forecast?: QuantileForecast;
  currentOpsPerS: number;
  /** Bytes of data it holds. */
  bytes: number;
  /** Started by the provisioner: retired before nodes an operator started. */
  managed?: boolean;
  /** Being drained for retirement: its capacity no longer counts, its load still does. */
  retiring?: boolean;
  /** false: never chosen for retirement (e.g. the provisioner cannot stop it). Default true. */
  retirable?: boolean;
  /**
   * Predicted ops/s per step of its hottest microshard. What of it lies above the node's usable
   * capacity no node can absorb (one microshard is served by one node): it needs a split, not
   * capacity, and is left out of the shortfall.
   */
  largestMicroshard?: ArrayLike<number>;
}

export interface CapacitySnapshot {
  nowMs: number;
  /** Length of one forecast step, ms. */
  stepMs: number;
  /** Steps considered; shorter forecasts hold their last value. */
  horizon: number;
  nodes: readonly CapacityNode[];
  /** Nodes asked for and not serving yet: their capacity is counted as coming. */
  provisioning: number;
  /** Type of the nodes to add (default: the cost model's default type). */
  newNodeType?: string;
  /** Measured time of recent provisions, ms: replaces the type's provisionLeadMs when given. */
  measuredProvisionMs?: number;
}

export interface ScaleMemory {
  /** Since when the retire condition has held. */
  lowSinceMs?: number;
  lastScaleUpAtMs?: number;
  lastScaleDownAtMs?: number;
}

export type ScaleAction = 'provision' | 'retire' | 'none';

export type ScaleReason =
  | 'predicted-shortfall'
  | 'sustained-low'
  | 'no-forecast'
  | 'no-shortfall'
  | 'wait-lead-time'
  | 'cost-exceeds-gain'
  | 'scale-up-cooldown'
  | 'scale-down-cooldown'
  | 'not-low-long-enough'
  | 'provisioning-pending'
  | 'max-nodes'
  | 'min-nodes'
  | 'none-retirable'
  | 'needed-again-soon'
  | 'needs-split';

export interface ScaleForecastSummary {
  horizon: number;
  stepMs: number;
  /** Cluster p50 and p90 peaks over the horizon, ops/s. */
  clusterP50Peak: number;
  clusterP90Peak: number;
  clusterP90PeakStep: number;
  /** Usable capacity (targetUtilisation x capacity) of the serving nodes, plus what is coming. */
  usableCapacity: number;
  /** Largest predicted shortfall, ops/s, and its step. */
  peakShortfall: number;
  peakShortfallStep: number;
  /** First step with a shortfall (-1: none). */
  firstShortfallStep: number;
  /** Nodes whose p90 exceeds their usable capacity at the peak-shortfall step. */
  overloadedNodes: string[];
  /** Peak over the horizon of the load above a node's usable capacity inside single microshards (split them). */
  unsplittableExcess: number;
  /** Nodes counted with a flat forecast (none received yet). */
  nodesWithoutForecast: string[];
}

export interface ScaleTiming {
  provisionMs: number;
  copyMs: number;
  safetyMarginMs: number;
  /** provisionMs + copyMs + safetyMarginMs. */
  leadMs: number;
  /** From now to the start of the first shortfall step (undefined: none). */
  shortfallInMs?: number;
  /** The first step the new node can serve. */
  readyStep: number;
}

export interface ScaleMoney {
  /** Gain: overload avoided (provision) or node-hours saved (retire), in the cost model's money. */
  gain: number;
  cost: number;
  /** gain - cost. */
  net: number;
  detail: {
    excessOpsAvoided: number;
    overloadedNodeHoursAvoided: number;
    overloadAvoided: number;
    nodeHoursSaved: number;
    savings: number;
    nodeHours: number;
    nodeCost: number;
    provisioningCost: number;
    migrationCost: number;
    bytesToMove: number;
    overloadCreated: number;
  };
  currency: string;
}

export interface ScaleDecision {
  action: ScaleAction;
  reason: ScaleReason;
  /** One line for the event log. */
  explanation: string;
  /** Nodes to add (provision), 1 (retire), 0 (none). */
  count: number;
  /** Type of the nodes to add or of the node retired. */
  type: string;
  /** The node to retire. */
  retireNode?: string;
  /** Nodes that should be running after this decision (what the desired-nodes gauge exports). */
  desiredNodes: number;
  forecast: ScaleForecastSummary;
  timing: ScaleTiming;
  money: ScaleMoney;
  memory: ScaleMemory;
}

interface NodeView {
  n: CapacityNode;
  type: DatastoreType;
  usable: number;
  f: SummedForecast;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function emptyMoney(currency: string): ScaleMoney {
  return {
    gain: 0,
    cost: 0,
    net: 0,
    detail: { excessOpsAvoided: 0, overloadedNodeHoursAvoided: 0, overloadAvoided: 0, nodeHoursSaved: 0, savings: 0, nodeHours: 0, nodeCost: 0, provisioningCost: 0, migrationCost: 0, bytesToMove: 0, overloadCreated: 0 },
    currency,
  };
}

/** Usable capacity of a node, ops/s. */
export function usableCapacity(n: CapacityNode, model: CostModel, cfg: CapacityConfig): number {
  if (n.retiring) return 0;
  const cap = n.capacityOpsPerS > 0 ? n.capacityOpsPerS : typeOf(model, n.type).type.capacityOpsPerS;
  return cap * cfg.targetUtilisation;
}

/** The one decision of a round. */
export function decideScale(snap: CapacitySnapshot, model: CostModel, cfg: CapacityConfig, memory: ScaleMemory = {}): ScaleDecision {
  const H = Math.max(1, Math.floor(snap.horizon));
  const stepMs = snap.stepMs;
  const stepS = stepMs / 1000;
  const newType = typeOf(model, snap.newNodeType);
  const usableNew = newType.type.capacityOpsPerS * cfg.targetUtilisation;
  const views: NodeView[] = snap.nodes.map((n) => {
    const t = typeOf(model, n.type);
    return { n, type: t.type, usable: usableCapacity(n, model, cfg), f: n.forecast ? sumForecasts([n.forecast], H) : flatForecast(Math.max(0, n.currentOpsPerS), H) };
  });
  const serving = views.filter((v) => !v.n.retiring);
  const cluster = sumForecasts(views.map((v) => v.f), H);
  const coming = snap.provisioning * usableNew;
  const usableTotal = serving.reduce((s, v) => s + v.usable, 0) + coming;

  const shortfall = new Float64Array(H);
  const overCount = new Int32Array(H);
  let unsplittable = 0;
  // A microshard is stuck when it is hotter than any node could take: a draining node's own
  // usable capacity is 0, but what it holds is on its way to the others.
  const servingUsable = Math.max(usableNew, ...serving.map((v) => v.usable));
  for (let k = 0; k < H; k++) {
    let excess = 0;
    let headroom = 0;
    let stuck = 0;
    for (const v of views) {
      const l = v.f.p90[k]!;
      if (l > v.usable) {
        const big = v.n.largestMicroshard;
        const item = big && big.length > 0 ? big[Math.min(k, big.length - 1)]! : 0;
        const s = Math.min(l - v.usable, Math.max(0, item - (v.n.retiring ? servingUsable : v.usable)));
        stuck += s;
        excess += l - v.usable - s;
        overCount[k]!++;
      } else headroom += v.usable - l;
    }
    unsplittable = Math.max(unsplittable, stuck);
    shortfall[k] = Math.max(0, cluster.p90[k]! - stuck - usableTotal, excess - cfg.absorbableHeadroom * headroom - coming);
  }
  const first = shortfall.findIndex((x) => x > 1e-9);
  const sp = peak(shortfall);
  const cp = peak(cluster.p90);
  const overloadedAt = (k: number) => views.filter((v) => v.f.p90[k]! > v.usable).map((v) => v.n.id);
  const forecast: ScaleForecastSummary = {
    horizon: H,
    stepMs,
    clusterP50Peak: round(peak(cluster.p50).value),
    clusterP90Peak: round(cp.value),
    clusterP90PeakStep: cp.step,
    usableCapacity: round(usableTotal),
    peakShortfall: round(sp.value),
    peakShortfallStep: sp.step,
    firstShortfallStep: first,
    overloadedNodes: first >= 0 ? overloadedAt(sp.step) : [],
    unsplittableExcess: round(unsplittable),
    nodesWithoutForecast: views.filter((v) => !v.n.forecast).map((v) => v.n.id),
  };
  const live = serving.length;
  const base = { type: newType.name, forecast, memory: { ...memory } };
  const none = (reason: ScaleReason, explanation: string, timing: ScaleTiming, money = emptyMoney(model.currency), mem: ScaleMemory = memory): ScaleDecision => ({
    ...base,
    action: 'none',
    reason,
    explanation,
    count: 0,
    desiredNodes: live + snap.provisioning,
    timing,
    money,
    memory: { ...mem },
  });

  // Bytes to move onto new capacity: each overloaded node's data in proportion to its excess.
  let bytesToMove = 0;
  if (first >= 0) {
    for (const v of views) {
      const l = v.f.p90[sp.step]!;
      if (l > v.usable && l > 0) bytesToMove += v.n.bytes * Math.min(1, (l - v.usable) / l);
    }
  }
  const provisionMs = snap.measuredProvisionMs !== undefined && snap.measuredProvisionMs > 0 ? snap.measuredProvisionMs : newType.type.provisionLeadMs;
  const copyMs = (bytesToMove / cfg.copyBytesPerS) * 1000;
  const timing: ScaleTiming = {
    provisionMs: round(provisionMs, 0),
    copyMs: round(copyMs, 0),
    safetyMarginMs: cfg.safetyMarginMs,
    leadMs: round(provisionMs + copyMs + cfg.safetyMarginMs, 0),
    shortfallInMs: first >= 0 ? first * stepMs : undefined,
    readyStep: Math.ceil((provisionMs + copyMs) / stepMs),
  };

  if (views.length === 0) return none('no-forecast', 'no live nodes: nothing to decide', timing);
  if (views.every((v) => !v.n.forecast) && views.every((v) => v.n.currentOpsPerS <= 0)) {
    return none('no-forecast', 'no forecast or load reported by any node yet', timing, emptyMoney(model.currency), { ...memory, lowSinceMs: undefined });
  }
  // A node lives until the shortfall it is bought for has passed and it may be retired again:
  // that is what adding one costs (the whole horizon at most).
  let lastShortfall = -1;
  for (let k = H - 1; k >= 0; k--) {
    if (shortfall[k]! > 1e-9) {
      lastShortfall = k;
      break;
    }
  }
  const chargedMs = Math.max(Math.min(H * stepMs, (lastShortfall + 1) * stepMs + cfg.retireAfterMs), cfg.retireAfterMs, cfg.scaleDownCooldownMs);
  // Without a shortfall, a retirement saves the node for the horizon at most.
  const horizonMs = Math.max(H * stepMs, cfg.retireAfterMs, cfg.scaleDownCooldownMs);

  // Is a node worth retiring? Asked when no shortfall is predicted, and when the first one lies
  // beyond the lead time (tomorrow's peak, say): that one is provisioned for in time, and the
  // retirement counts buying the node back (see neededAgain).
  const considerRetire = (quiet: string): ScaleDecision => {
    const load = `cluster p90 peak ${round(cp.value, 1)} ops/s of ${round(usableTotal, 1)} usable`;
    if (unsplittable > 0) {
      return none('needs-split', `${quiet} (${load}), but up to ${round(unsplittable, 1)} ops/s sit in single microshards above a node's usable capacity: they need a split, not capacity, and no node is retired meanwhile`, timing, undefined, { ...memory, lowSinceMs: undefined });
    }
    if (snap.provisioning > 0) return none('provisioning-pending', `${quiet} (${load}); ${snap.provisioning} node(s) still starting`, timing, undefined, { ...memory, lowSinceMs: undefined });
    if (live <= cfg.minNodes) return none('min-nodes', `${quiet} (${load}); ${live} live node(s), minNodes ${cfg.minNodes}`, timing, undefined, { ...memory, lowSinceMs: undefined });
    const retirable = serving.filter((v) => v.n.retirable !== false);
    if (retirable.length === 0) return none('none-retirable', `${quiet} (${load}); no node can be retired by the provisioner`, timing, undefined, { ...memory, lowSinceMs: undefined });
    const candidates = [...retirable].sort((a, b) => Number(Boolean(b.n.managed)) - Number(Boolean(a.n.managed)) || peak(a.f.p90).value - peak(b.f.p90).value || a.n.bytes - b.n.bytes || (a.n.id < b.n.id ? -1 : 1));
    const c = candidates[0]!;
    const left = usableTotal - c.usable;
    const line = cfg.retireUtilisation / cfg.targetUtilisation;
    // The window it takes to get this node back: provisioning + copying its data again + margin.
    const backMs = provisionMs + (c.n.bytes / cfg.copyBytesPerS) * 1000 + cfg.safetyMarginMs;
    const W = Math.min(H, Math.max(1, Math.ceil(backMs / stepMs) + 1));
    // What is served now counts too: a forecast that lags a rise (a seasonal one, say) must not
    // retire a node the load already needs.
    let windowPeak = views.reduce((sum, v) => sum + Math.max(0, v.n.currentOpsPerS), 0);
    for (let k = 0; k < W; k++) windowPeak = Math.max(windowPeak, cluster.p90[k]!);
    const low = windowPeak <= line * left;
    const leftPct = left > 0 ? round((100 * windowPeak) / (left / cfg.targetUtilisation), 1) : Infinity;
    const within = W < H ? ` within the ${W} step(s) (${round((W * stepMs) / 60_000, 1)} min) it takes to get it back` : '';
    if (!low) {
      return none('no-shortfall', `${quiet} (${load}); without ${c.n.id} the peak${within} would be ${leftPct}% of capacity, above the retire line ${round(cfg.retireUtilisation * 100, 1)}%`, timing, undefined, { ...memory, lowSinceMs: undefined });
    }
    // When the forecast needs the node again (a rise above the line later in the horizon), it must
    // be provisioned W steps before: the node is saved until then and bought back at that price.
    let neededAgain = -1;
    for (let k = W; k < H; k++) {
      if (cluster.p90[k]! > line * left) {
        neededAgain = k;
        break;
      }
    }
    const savedMs = neededAgain < 0 ? horizonMs : Math.max(0, neededAgain - W) * stepMs;
    // Churn guard, whatever the prices: a node needed again sooner than it takes to get it back
    // twice over stays (a retirement saving less would be drained and refilled for nothing).
    if (neededAgain >= 0 && savedMs < W * stepMs) {
      return none('needed-again-soon', `${quiet} (${load}); without ${c.n.id} the forecast crosses the retire line again at step ${neededAgain}, only ${round(savedMs / 1000, 1)} s after it would have to be provisioned again (less than the ${round((W * stepMs) / 1000, 1)} s it takes to get it back): kept`, timing, undefined, { ...memory, lowSinceMs: undefined });
    }
    const lowSinceMs = memory.lowSinceMs ?? snap.nowMs;
    const mem: ScaleMemory = { ...memory, lowSinceMs };
    const lowFor = snap.nowMs - lowSinceMs;
    if (lowFor < cfg.retireAfterMs) {
      return none('not-low-long-enough', `forecasts low (${load}; ${leftPct}% without ${c.n.id}) for ${round(lowFor / 1000, 1)} s of the ${cfg.retireAfterMs / 1000} s needed to retire`, timing, undefined, mem);
    }
    const lastUp = memory.lastScaleUpAtMs;
    if (lastUp !== undefined && snap.nowMs - lastUp < cfg.scaleDownCooldownMs) {
      return none('scale-down-cooldown', `forecasts low (${load}) but a node was added ${round((snap.nowMs - lastUp) / 1000, 1)} s ago (cooldown ${cfg.scaleDownCooldownMs / 1000} s)`, timing, undefined, mem);
    }
    // Overload retiring would create before a node could be back (priced like a provision's gain).
    let createdOps = 0;
    let createdNodeMs = 0;
    for (let k = 0; k < W; k++) {
      const s = Math.max(0, cluster.p90[k]! - left);
      if (s > 0) {
        createdOps += s * stepS;
        createdNodeMs += stepMs;
      }
    }
    const overloadCreated = overloadCost(model, createdOps, createdNodeMs);
    const savings = nodeCost(c.type, 1, savedMs);
    // Draining it now, and (when needed again) provisioning and filling one later.
    const buyBack = neededAgain >= 0 ? c.type.provisioningCost + migrationCost(c.type, c.n.bytes) : 0;
    const migrationMoney = migrationCost(c.type, c.n.bytes) + buyBack;
    const cost = migrationMoney + overloadCreated;
    const money: ScaleMoney = {
      gain: round(savings, 6),
      cost: round(cost, 6),
      net: round(savings - cost, 6),
      detail: {
        excessOpsAvoided: 0,
        overloadedNodeHoursAvoided: 0,
        overloadAvoided: 0,
        nodeHoursSaved: round(savedMs / 3_600_000, 6),
        savings: round(savings, 6),
        nodeHours: 0,
        nodeCost: 0,
        provisioningCost: 0,
        migrationCost: round(migrationMoney, 6),
        bytesToMove: c.n.bytes,
        overloadCreated: round(overloadCreated, 6),
      },
      currency: model.currency,
    };
    const cType = typeOf(model, c.n.type).name;
    const again = neededAgain >= 0 ? `; needed again at step ${neededAgain}, re-provisioned ${W} step(s) before` : '';
    const priced = `saves ${fmt(money.gain, model.currency)} (${round(savedMs / 60_000, 1)} node-min${again}) vs cost ${fmt(money.cost, model.currency)} (copy of ${fmtBytes(c.n.bytes)}${buyBack > 0 ? ', provisioning and refilling one later' : ''}${overloadCreated > 0 ? ' + overload created' : ''})`;
    if (money.gain <= money.cost) return none('cost-exceeds-gain', `forecasts low but retiring ${c.n.id} is not worth it: ${priced}`, timing, money, mem);
    return {
      ...base,
      type: cType,
      action: 'retire',
      reason: 'sustained-low',
      explanation: `retire ${c.n.id}: forecasts low for ${round(lowFor / 1000, 1)} s (${load}; ${leftPct}% of capacity without it, retire line ${round(cfg.retireUtilisation * 100, 1)}%); ${priced}`,
      count: 1,
      retireNode: c.n.id,
      desiredNodes: live - 1,
      timing,
      money,
      // The low clock keeps running: if the forecast is still low enough without the next node too,
      // it may go next round (a long decline sheds nodes one per round, not one per retireAfterMs).
      memory: { ...mem, lastScaleDownAtMs: snap.nowMs },
    };
  };

  if (first >= 0) {
    const mem: ScaleMemory = { ...memory, lowSinceMs: undefined };
    const inS = (first * stepMs) / 1000;
    const what = `predicted p90 shortfall of ${round(sp.value, 1)} ops/s at step ${sp.step} (first at step ${first}, in ${round(inS, 1)} s; usable capacity ${round(usableTotal, 1)} ops/s, cluster p90 peak ${round(cp.value, 1)} ops/s${forecast.overloadedNodes.length ? `, over on ${forecast.overloadedNodes.join(', ')}` : ''})`;
    if (memory.lastScaleUpAtMs !== undefined && snap.nowMs - memory.lastScaleUpAtMs < cfg.scaleUpCooldownMs) {
      return none('scale-up-cooldown', `${what}; a node was added ${round((snap.nowMs - memory.lastScaleUpAtMs) / 1000, 1)} s ago (cooldown ${cfg.scaleUpCooldownMs / 1000} s): waiting for forecasts to see it`, timing, undefined, mem);
    }
    if (first * stepMs > timing.leadMs) {
      const r = considerRetire(`shortfall only beyond the lead time (first at step ${first})`);
      if (r.action === 'retire') return r;
      return none('wait-lead-time', `${what}; lead time ${round(timing.leadMs / 1000, 1)} s: provisioning ${round((first * stepMs - timing.leadMs) / 1000, 1)} s from now; no retirement meanwhile (${r.reason})`, timing, undefined, { ...mem, lowSinceMs: r.memory.lowSinceMs });
    }
    // Just in time: enough nodes for the shortfall within the lead time. What a later, higher
    // step needs is asked for in the round where that step comes within the lead time, so a slow
    // rise is not paid for at its peak from its first hour.
    const leadSteps = Math.max(first, Math.ceil(timing.leadMs / stepMs));
    let peakFromFirst = 0;
    for (let k = first; k <= Math.min(H - 1, leadSteps); k++) peakFromFirst = Math.max(peakFromFirst, shortfall[k]!);
    const room = cfg.maxNodes - live - snap.provisioning;
    const count = Math.min(cfg.maxStepNodes, room, Math.max(1, Math.ceil(peakFromFirst / usableNew)));
    if (count < 1) return none('max-nodes', `${what}; already at maxNodes ${cfg.maxNodes} (live ${live}, provisioning ${snap.provisioning})`, timing, undefined, mem);
    // Gain: overload avoided from the step the new nodes serve.
    const avgUsable = usableTotal / Math.max(1, live + snap.provisioning);
    let excessOps = 0;
    let nodeMs = 0;
    for (let k = Math.min(timing.readyStep, H); k < H; k++) {
      const before = shortfall[k]!;
      if (before <= 0) continue;
      const after = Math.max(0, before - count * usableNew);
      excessOps += (before - after) * stepS;
      const nodesBefore = Math.max(1, overCount[k]!);
      const nodesAfter = after > 0 ? Math.min(nodesBefore, Math.max(1, Math.ceil(after / Math.max(avgUsable, 1e-9)))) : 0;
      nodeMs += (nodesBefore - nodesAfter) * stepMs;
    }
    const overloadAvoided = overloadCost(model, excessOps, nodeMs);
    const nodeMoney = nodeCost(newType.type, count, chargedMs);
    const provisioningMoney = count * newType.type.provisioningCost;
    const migrationMoney = migrationCost(newType.type, bytesToMove);
    const cost = nodeMoney + provisioningMoney + migrationMoney;
    const money: ScaleMoney = {
      gain: round(overloadAvoided, 6),
      cost: round(cost, 6),
      net: round(overloadAvoided - cost, 6),
      detail: {
        excessOpsAvoided: round(excessOps, 1),
        overloadedNodeHoursAvoided: round(nodeMs / 3_600_000, 6),
        overloadAvoided: round(overloadAvoided, 6),
        nodeHoursSaved: 0,
        savings: 0,
        nodeHours: round((count * chargedMs) / 3_600_000, 6),
        nodeCost: round(nodeMoney, 6),
        provisioningCost: round(provisioningMoney, 6),
        migrationCost: round(migrationMoney, 6),
        bytesToMove: Math.round(bytesToMove),
        overloadCreated: 0,
      },
      currency: model.currency,
    };
    const priced = `gain ${fmt(money.gain, model.currency)} (overload avoided) vs cost ${fmt(money.cost, model.currency)} (${count} node(s) for ${round(chargedMs / 60_000, 1)} min + provisioning + copy of ${fmtBytes(bytesToMove)})`;
    if (money.gain <= money.cost) {
      return none('cost-exceeds-gain', `${what}; not worth it: ${priced}`, timing, money, mem);
    }
    return {
      ...base,
      action: 'provision',
      reason: 'predicted-shortfall',
      explanation: `provision ${count} ${newType.name} node(s): ${what}; lead time ${round(timing.leadMs / 1000, 1)} s; ${priced}`,
      count,
      desiredNodes: live + snap.provisioning + count,
      timing,
      money,
      memory: { ...mem, lastScaleUpAtMs: snap.nowMs },
    };
  }

  return considerRetire('no shortfall predicted');
}

function fmt(x: number, currency: string): string {
  return `${currency}${x < 0.01 ? x.toPrecision(2) : x.toFixed(2)}`;
}

export function fmtBytes(b: number): string {
  if (b < 1024) return `${Math.round(b)} B`;
  if (b < 1024 ** 2) return `${(b / 1024).toFixed(1)} KiB`;
  if (b < 1024 ** 3) return `${(b / 1024 ** 2).toFixed(1)} MiB`;
  return `${(b / 1024 ** 3).toFixed(2)} GiB`;
}
