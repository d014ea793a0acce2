// The state one planning pass shares between its schedulers: the working state, the operators
// and explain records so far, and the auction primitives every scheduler that moves a microshard
// goes through (bids -> award through the cost function -> the limits; equal nets among the
// sidecars' bids go to the node this pass's state scores higher). A scheduler reads and
// changes the working state only through what it holds here, so each next choice sees the earlier
// ones.
import type { PlacementPolicy } from '../policies/policy.js';
import type { PlannerConfig } from './config.js';
import type { CostBreakdown, ExplainRecord, GainBreakdown, Operator, OperatorStep, ReasonCode } from './operator.js';
import { totalCost, totalGain } from './operator.js';
import type { Bid, PlannerSnapshot } from './snapshot.js';
import type { MsState, NodeState, WorkingState } from './state.js';
import { peakOf } from './state.js';
import { applyMove, evaluateMove, type MoveEvaluation } from './cost.js';
import { award, type BidderView, computeBid, isBid } from './bidding.js';
import { moveLimitReason } from './stability.js';
import { summariseSkill } from './skill.js';

/** Load above capacity (0 when below). */
export function over(load: number, cap: number): number {
  return load > cap ? load - cap : 0;
}

export const round3 = (x: number) => Math.round(x * 1000) / 1000;

export class PlanContext {
  readonly operators: Operator[] = [];
  readonly explain: ExplainRecord[] = [];
  private seq = 0;
  private views = new Map<NodeState, BidderView>();

  constructor(
    readonly state: WorkingState,
    readonly policy: PlacementPolicy,
    readonly snap: PlannerSnapshot,
  ) {}

  get cfg(): PlannerConfig {
    return this.state.cfg;
  }

  budgetLeft(): boolean {
    return this.operators.length < this.cfg.maxOperatorsPerRound;
  }

  record(r: Omit<ExplainRecord, 'at'>): void {
    this.explain.push({ at: this.state.now, ...r });
  }

  emit(kind: Operator['kind'], reason: ReasonCode, detail: string, steps: OperatorStep[], gain: GainBreakdown, cost: CostBreakdown, inputs: Record<string, unknown>): Operator {
    const op: Operator = {
      id: `${this.state.now}:${this.seq++}`,
      kind,
      reason,
      detail,
      policy: this.policy.name,
      steps,
      gain: totalGain(gain),
      cost: totalCost(cost),
      gainBreakdown: gain,
      costBreakdown: cost,
      inputs,
    };
    this.operators.push(op);
    return op;
  }

  viewOf(node: NodeState): BidderView {
    let v = this.views.get(node);
    if (!v) {
      const byId = this.state.byId;
      v = {
        node: node.id,
        capacity: node.capacity,
        region: node.region,
        profile: node.profile,
        holds: (id) => byId.get(id)?.owner === node.id,
        get inFlight() {
          return node.inFlight;
        },
        get bytesInWindow() {
          return node.bytesInWindow;
        },
      };
      this.views.set(node, v);
    }
    return v;
  }

  /** Bids for `ms` from every live node except its owner: the sidecars' own, or computed here. */
  bidsFor(ms: MsState): { bids: Bid[]; refusals: number } {
    const given = this.snap.bids?.get(ms.id);
    const bids: Bid[] = [];
    let refusals = 0;
    if (given) {
      for (const b of given) if (b.node !== ms.owner && this.state.nodeById.get(b.node)?.accepts) bids.push(b);
      return { bids, refusals };
    }
    const item = { microshard: ms.id, p90: ms.p90, bytes: ms.bytes, coAccess: ms.coAccess, regions: ms.regions, regionTotal: ms.regionTotal };
    for (const n of this.state.nodes) {
      if (n.id === ms.owner || !n.accepts) continue;
      const b = computeBid(this.viewOf(n), item, this.cfg);
      if (isBid(b)) bids.push(b);
      else refusals++;
    }
    return { bids, refusals };
  }

  /**
   * Equal net gains among the sidecars' bids: the node the planner's working state (calibrated
   * forecasts, this pass's earlier moves) scores higher, as the planner's own bids would rank
   * them; a sidecar's score is from before the round and from raw forecasts.
   */
  private freshTie(ms: MsState): ((a: Bid, b: Bid) => number) | undefined {
    if (!this.snap.bids) return undefined;
    const item = { microshard: ms.id, p90: ms.p90, bytes: ms.bytes, coAccess: ms.coAccess, regions: ms.regions, regionTotal: ms.regionTotal };
    const score = (b: Bid) => {
      const n = this.state.nodeById.get(b.node);
      const fresh = n && computeBid(this.viewOf(n), item, this.cfg);
      return fresh && isBid(fresh) ? fresh.score : -Infinity;
    };
    return (a, b) => score(a) - score(b) || (a.node < b.node ? 1 : a.node > b.node ? -1 : 0);
  }

  /** Auctions a move of `ms` off `from`; the best award by net gain, allowed by the limits. */
  auction(ms: MsState, from: NodeState): { winner?: Bid; evaluation?: MoveEvaluation; because?: string; bids: number } {
    const { bids, refusals } = this.bidsFor(ms);
    const result = award(
      bids,
      (bid) => {
        const to = this.state.nodeById.get(bid.node);
        if (!to || to === from) return undefined;
        if (moveLimitReason(ms, from, to, this.state.now, this.cfg)) return undefined;
        return evaluateMove(this.state, ms, from, to, this.policy);
      },
      this.cfg.bidsPriced,
      this.freshTie(ms),
    );
    return { ...result, because: result.because ?? (bids.length === 0 && refusals > 0 ? 'every node refused to bid (limits)' : undefined), bids: bids.length };
  }

  moveInputs(ms: MsState, from: NodeState, to: NodeState | undefined, e: MoveEvaluation | undefined, bid?: Bid): Record<string, unknown> {
    return {
      from: from.id,
      to: to?.id,
      p90Peak: round3(ms.peak),
      p50Next: round3(ms.p50[0] ?? 0),
      load: ms.load,
      forecastSkill: ms.skill && summariseSkill(ms.skill),
      bytes: ms.bytes,
      intervals: e?.intervals,
      sourcePeak: round3(peakOf(from.profile)),
      sourceCapacity: from.capacity,
      loadChange: e ? round3(e.loadChange) : undefined,
      gain: e?.gain,
      cost: e?.cost,
      net: e ? round3(e.net) : undefined,
      bid,
      policy: this.policy.name,
    };
  }

  /** Applies a move the scheduler chose and records it as an operator and a decision. */
  doMove(ms: MsState, from: NodeState, to: NodeState, e: MoveEvaluation, bid: Bid, reason: ReasonCode, why: string): void {
    const inputs = this.moveInputs(ms, from, to, e, bid);
    applyMove(this.state, ms, from, to, e.intervals);
    const op = this.emit(
      'move',
      reason,
      `${why}: ${from.id} -> ${to.id}, gain ${e.gain.overload.toFixed(1)} overload + ${(totalGain(e.gain) - e.gain.overload).toFixed(1)} other vs cost ${totalCost(e.cost).toFixed(1)}`,
      [{ kind: 'move', microshard: ms.id, from: from.id, to: to.id, bytes: ms.bytes, intervals: e.intervals }],
      e.gain,
      e.cost,
      inputs,
    );
    this.record({ subject: { microshard: ms.id, node: from.id }, outcome: 'decision', candidate: reason, because: op.detail, operator: op.id, inputs });
  }
}
