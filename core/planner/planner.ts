// One planning round: snapshot in, operators out. Phases, in order of urgency:
//   orphans (re-own) -> splits (hot / oversize; halves go up for auction) -> moves (sources with
//   predicted overload or imbalance, worst first; their microshards auctioned, awarded through the
//   cost function) -> merges (cold adjacent) -> scale recommendation.
// Every decision and every "no action" for a candidate leaves an explain record with its inputs.
import type { PlacementPolicy } from '../policies/policy.js';
import type { PlannerConfig } from './config.js';
import type { CostBreakdown, ExplainRecord, GainBreakdown, Operator, OperatorStep, ReasonCode } from './operator.js';
import { totalCost, totalGain, ZERO_COST, ZERO_GAIN } from './operator.js';
import type { AccessHistogram, Bid, PlannerSnapshot } from './snapshot.js';
import type { MsState, NodeState, WorkingState } from './state.js';
import { addAt, allocateId, buildState, compact, loadWith, nodeOverload, peakOf, refresh } from './state.js';
import { applyMove, evaluateMove, type MoveEvaluation, moveIntervals } from './cost.js';
import { award, type BidderView, computeBid, isBid } from './bidding.js';
import { firstBadStep, isOrphan, sourceCandidate, splitCandidate, whyNotMovable, whyNotSplittable } from './candidates.js';
import { bandAt } from '../policies/band.js';
import { chooseIsolatingSplit, chooseSplitPoint } from './split.js';
import { whyNotCold, whyNotMergeable } from './merge.js';
import { moveLimitReason, withinTolerance } from './stability.js';
import { summariseSkill } from './skill.js';

/** Predicted state of the cluster over the horizon (p90), before or after the round's operators. */
export interface PlanOutcome {
  /** Op-intervals above capacity, all nodes. */
  overload: number;
  /** Sum of the policy's imbalance over nodes. */
  imbalance: number;
  nodesOutOfTolerance: number;
  /** Co-access weight (per interval) between microshards on different nodes. */
  crossCoAccess: number;
  /** Ops per interval served from outside their clients' region. */
  remoteOps: number;
}

export interface PlanResult {
  at: number;
  policy: string;
  operators: Operator[];
  explain: ExplainRecord[];
  before: PlanOutcome;
  after: PlanOutcome;
  nextMicroshardId: bigint;
}

export function outcomeOf(state: WorkingState, policy: PlacementPolicy): PlanOutcome {
  let overload = 0;
  let imbalance = 0;
  let out = 0;
  for (const n of state.nodes) {
    const o = nodeOverload(n);
    const i = policy.imbalance(state, n);
    overload += o;
    imbalance += i;
    if (o > 0 || i > 0) out++;
  }
  let cross = 0;
  let remote = 0;
  for (const ms of state.ms) {
    if (!ms.alive) continue;
    if (ms.coAccess) for (const p of ms.coAccess) {
      const partner = state.byId.get(p.partner);
      if (partner && partner.alive && partner.owner !== ms.owner) cross += p.weight / 2;
    }
    if (ms.regions && ms.regionTotal > 0) {
      const region = state.nodeById.get(ms.owner)?.region;
      remote += ms.regionTotal - (region !== undefined ? ms.regions[region] ?? 0 : 0);
    }
  }
  return { overload, imbalance, nodesOutOfTolerance: out, crossCoAccess: cross, remoteOps: remote };
}

function subHistogram(h: AccessHistogram | undefined, lo: bigint, hi: bigint): AccessHistogram | undefined {
  if (!h) return undefined;
  const edges: bigint[] = [lo];
  const counts: number[] = [];
  for (let i = 0; i < h.counts.length; i++) {
    const a = h.edges[i]! > lo ? h.edges[i]! : lo;
    const b = h.edges[i + 1]! < hi ? h.edges[i + 1]! : hi;
    if (b <= a) continue;
    const width = Number(h.edges[i + 1]! - h.edges[i]!);
    counts.push((h.counts[i]! * Number(b - a)) / width);
    edges.push(b);
  }
  return counts.length > 0 ? { edges, counts } : undefined;
}

function scaled(a: Float64Array, f: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * f;
  return out;
}

function over(load: number, cap: number): number {
  return load > cap ? load - cap : 0;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

class Round {
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

  // ---- phases ----

  orphans(): void {
    for (const ms of this.state.ms) {
      if (!ms.alive || !isOrphan(this.state, ms)) continue;
      if (this.cfg.orphanPolicy === 'await') {
        this.record({ subject: { microshard: ms.id }, outcome: 'no-action', candidate: 'orphaned', because: `orphan policy "await": waiting for ${ms.owner} to return`, inputs: { owner: ms.owner } });
        continue;
      }
      const { bids } = this.bidsFor(ms);
      const price = (bid: Bid) => {
        const to = this.state.nodeById.get(bid.node);
        if (!to) return undefined;
        let served = 0;
        let added = 0;
        for (let k = 0; k < this.state.horizon; k++) {
          served += ms.p90[k]!;
          added += over(loadWith(to, ms, k, 1), to.capacity) - over(to.profile[k]!, to.capacity);
        }
        const gain: GainBreakdown = { ...ZERO_GAIN, other: this.cfg.overloadWeight * served };
        const cost: CostBreakdown = { ...ZERO_COST, copyLoad: this.cfg.overloadWeight * added, churn: this.cfg.churnPenalty * to.capacity };
        return { gain, cost, net: totalGain(gain) - totalCost(cost), to };
      };
      const r = award(bids, price, this.cfg.bidsPriced);
      if (!r.evaluation || r.evaluation.net <= 0 || !this.budgetLeft()) {
        this.record({ subject: { microshard: ms.id }, outcome: 'no-action', candidate: 'orphaned', because: !this.budgetLeft() ? 'operator budget for this round spent' : r.because ?? 'no bidder gains more than it costs', inputs: { owner: ms.owner, best: r.evaluation && { to: r.evaluation.to.id, net: r.evaluation.net } } });
        continue;
      }
      const to = r.evaluation.to;
      for (let k = 0; k < this.state.horizon; k++) addAt(to, ms, k, 1, 0);
      refresh(to);
      to.microshards.add(ms);
      to.version++;
      to.bytes += ms.bytes;
      const prev = ms.owner;
      ms.owner = to.id;
      ms.busy = true;
      const op = this.emit('move', 'orphaned', `owner ${prev} gone: re-own on ${to.id}`, [{ kind: 'assign', microshard: ms.id, from: prev, to: to.id }], r.evaluation.gain, r.evaluation.cost, { owner: prev, to: to.id, bid: r.winner, p90Peak: ms.peak });
      this.record({ subject: { microshard: ms.id, node: to.id }, outcome: 'decision', candidate: 'orphaned', because: op.detail, operator: op.id, inputs: op.inputs });
    }
  }

  splits(): void {
    let count = this.state.ms.length;
    for (const ms of [...this.state.ms]) {
      const cand = splitCandidate(this.state, ms);
      if (!cand) continue;
      const node = this.state.nodeById.get(ms.owner);
      if (!node) continue;
      const base = { p90Peak: round3(ms.peak), threshold: this.cfg.splitThreshold * node.capacity, bytes: ms.bytes, owner: ms.owner };
      const no = (because: string, inputs: Record<string, unknown> = {}) =>
        this.record({ subject: { microshard: ms.id, node: node.id }, outcome: 'no-action', candidate: cand.reason, because, inputs: { ...base, ...inputs } });
      if (!this.budgetLeft()) {
        no('operator budget for this round spent');
        continue;
      }
      const why = whyNotSplittable(this.state, ms, count);
      if (why) {
        no(why);
        continue;
      }
      const choice = chooseSplitPoint(ms, ms.histogram, cand.mode);
      if ('refused' in choice) {
        no(choice.refused);
        continue;
      }
      const l = choice.leftShare;
      let cuts: bigint[] = [choice.at];
      let shares = [l, 1 - l];
      let how = choice.how;
      if (cand.mode === 'load' && Math.max(l, 1 - l) > this.cfg.maxSplitImbalance) {
        // No balanced cut: one bucket (a hot key) dominates. Worth isolating it when the
        // microshard is big enough that moving it whole would take more than one interval.
        const iso = ms.bytes > this.cfg.migrationBandwidth ? chooseIsolatingSplit(ms, ms.histogram) : undefined;
        if (!iso || 'refused' in iso) {
          no(`unsplittable: the heavier half would carry ${(Math.max(l, 1 - l) * 100).toFixed(0)}% of the load (one hot key?)${iso && 'refused' in iso ? `; ${iso.refused}` : ''}`, { leftShare: round3(l), how: choice.how });
          continue;
        }
        cuts = iso.cuts;
        shares = iso.shares;
        how = iso.how;
      }
      const bounds = [ms.start, ...cuts, ms.end];
      const width = Number(ms.end - ms.start);
      const pieceBytes = shares.map((_, i) => Math.round((ms.bytes * Number(bounds[i + 1]! - bounds[i]!)) / width));
      let gainValue: number;
      if (cand.reason === 'hot' && cuts.length === 1 && how === choice.how) {
        const thr = this.cfg.splitThreshold * node.capacity;
        let g = 0;
        for (let k = 0; k < this.state.horizon; k++) {
          const x = ms.p90[k]!;
          g += over(x, thr) - over(x * l, thr) - over(x * (1 - l), thr);
        }
        gainValue = this.cfg.overloadWeight * g;
      } else {
        // Splitting shortens future copies of the load-bearing part: price the copy time saved
        // (oversize: the larger half; isolation: the hot piece).
        const kept = how === choice.how ? Math.max(...pieceBytes) : pieceBytes[shares.indexOf(Math.max(...shares))]!;
        gainValue = this.cfg.bandwidthPrice * ((ms.bytes - kept) / this.cfg.migrationBandwidth) * node.capacity;
      }
      const gain: GainBreakdown = { ...ZERO_GAIN, other: gainValue };
      const cost: CostBreakdown = { ...ZERO_COST, churn: this.cfg.splitCost * node.capacity * cuts.length };
      if (totalGain(gain) <= totalCost(cost)) {
        no(`split gains ${gainValue.toFixed(1)} <= cost ${totalCost(cost).toFixed(1)}`, { leftShare: round3(l), how });
        continue;
      }
      const mk = (id: string, start: bigint, end: bigint, share: number, bytes: number): MsState => {
        const p90 = scaled(ms.p90, share);
        return {
          id,
          start,
          end,
          owner: ms.owner,
          bytes,
          load: ms.load * share,
          p50: scaled(ms.p50, share),
          p90,
          peak: peakOf(p90),
          busy: false,
          createdAt: this.state.now + 1,
          lastMove: ms.lastMove,
          histogram: subHistogram(ms.histogram, start, end),
          coAccess: ms.coAccess?.map((p) => ({ partner: p.partner, weight: p.weight * share })),
          regions: ms.regions && Object.fromEntries(Object.entries(ms.regions).map(([r, v]) => [r, v * share])),
          regionTotal: ms.regionTotal * share,
          skill: ms.skill,
          alive: true,
        };
      };
      // Cut from the right: each step splits the piece that still spans the remaining cuts.
      const steps: OperatorStep[] = [];
      const pieces: MsState[] = new Array(shares.length);
      let restId = ms.id;
      for (let c = cuts.length - 1; c >= 0; c--) {
        const leftId = allocateId(this.state);
        const rightId = allocateId(this.state);
        steps.push({ kind: 'split', microshard: restId, at: cuts[c]!, left: leftId, right: rightId });
        pieces[c + 1] = mk(rightId, bounds[c + 1]!, bounds[c + 2]!, shares[c + 1]!, pieceBytes[c + 1]!);
        restId = leftId;
        if (c === 0) pieces[0] = mk(leftId, bounds[0]!, bounds[1]!, shares[0]!, pieceBytes[0]!);
      }
      ms.alive = false;
      node.microshards.delete(ms);
      node.version++;
      for (const p of pieces) {
        node.microshards.add(p);
        this.state.ms.push(p);
        this.state.byId.set(p.id, p);
      }
      count += pieces.length - 1;
      const op = this.emit(
        'split',
        cand.reason,
        `${cand.reason === 'hot' ? `predicted peak ${ms.peak.toFixed(1)} > ${base.threshold.toFixed(1)}` : `size ${ms.bytes} > ${this.cfg.maxMicroshardBytes}`}: split at ${how}`,
        steps,
        gain,
        cost,
        { ...base, leftShare: round3(shares[0]!), shares: shares.map(round3), how, at: cuts.map((c) => c.toString(16)) },
      );
      this.record({ subject: { microshard: ms.id, node: node.id }, outcome: 'decision', candidate: cand.reason, because: op.detail, operator: op.id, inputs: op.inputs });
      // New halves go up for auction: the better of the two moves if it pays.
      this.auctionHalves(node, pieces);
    }
    compact(this.state);
  }

  auctionHalves(owner: NodeState, halves: MsState[]): void {
    let best: { ms: MsState; r: ReturnType<Round['auction']> } | undefined;
    for (const h of halves) {
      const r = this.auction(h, owner);
      if (r.evaluation && (!best || r.evaluation.net > best.r.evaluation!.net)) best = { ms: h, r };
    }
    if (!best || !this.budgetLeft()) return;
    const e = best.r.evaluation!;
    const bad = firstBadStep(this.state, owner, 'imbalance', (k) => bandAt(this.state, owner, k));
    if (e.net > 0 && e.loadChange >= this.cfg.migrationThreshold && bad <= e.intervals + this.cfg.actionSlack) {
      this.doMove(best.ms, owner, this.state.nodeById.get(best.r.winner!.node)!, e, best.r.winner!, 'hot', 'new split half');
    } else {
      this.record({ subject: { microshard: best.ms.id, node: owner.id }, outcome: 'no-action', candidate: 'hot', because: e.net <= 0 ? `new split half stays: best bid nets ${e.net.toFixed(1)}` : e.loadChange < this.cfg.migrationThreshold ? `new split half stays: load change ${(e.loadChange * 100).toFixed(1)}% below the migration threshold` : `new split half stays for now: trouble predicted ${bad + 1} intervals ahead`, inputs: this.moveInputs(best.ms, owner, this.state.nodeById.get(best.r.winner!.node), e, best.r.winner) });
    }
  }

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

  moves(): void {
    if (withinTolerance(this.state, this.policy)) {
      this.record({ subject: {}, outcome: 'no-action', candidate: 'balanced', because: `every node within tolerance ${this.cfg.balanceTolerance} and below capacity over the horizon`, inputs: { policy: this.policy.name } });
      return;
    }
    const exhausted = new Set<NodeState>();
    while (this.budgetLeft()) {
      let src: ReturnType<typeof sourceCandidate>;
      for (const n of this.state.nodes) {
        if (exhausted.has(n)) continue;
        const c = sourceCandidate(this.state, n, this.policy);
        if (c && (!src || c.severity > src.severity)) src = c;
      }
      if (!src) break;
      const from = src.node;
      const base = { overload: round3(src.overload), imbalance: round3(src.imbalance), peak: round3(peakOf(from.profile)), capacity: from.capacity, inFlight: from.inFlight };
      if (from.inFlight >= this.cfg.maxConcurrentPerNode) {
        exhausted.add(from);
        this.record({ subject: { node: from.id }, outcome: 'no-action', candidate: src.reason, because: `node has ${from.inFlight} migrations in flight (K = ${this.cfg.maxConcurrentPerNode})`, inputs: base });
        continue;
      }
      // The hottest movable microshards at the source's bad steps go up for auction.
      const offered: { ms: MsState; score: number }[] = [];
      let unmovable = 0;
      let unmovableWhy: string | undefined;
      for (const ms of from.microshards) {
        const why = whyNotMovable(this.state, ms);
        if (why) {
          unmovable++;
          unmovableWhy ??= `${ms.id}: ${why}`;
          continue;
        }
        const score = this.policy.offerScore(this.state, ms, from);
        if (score <= 0) continue;
        offered.push({ ms, score });
      }
      offered.sort((a, b) => b.score - a.score);
      offered.length = Math.min(offered.length, this.cfg.candidatesPerSource);
      const bad = firstBadStep(this.state, from, src.reason, (k) => bandAt(this.state, from, k));
      let best: { ms: MsState; to: NodeState; e: MoveEvaluation; bid: Bid } | undefined;
      const tried: { ms: MsState; e?: MoveEvaluation; to?: NodeState; bid?: Bid; because?: string }[] = [];
      for (const { ms } of offered) {
        const r = this.auction(ms, from);
        const to = r.winner && this.state.nodeById.get(r.winner.node);
        let because = r.because;
        if (r.evaluation && !because) {
          const change = Math.max(r.evaluation.loadChange, from.bytes > 0 ? ms.bytes / from.bytes : 0);
          if (r.evaluation.net <= 0) because = `best bid (${to!.id}) gains ${totalGain(r.evaluation.gain).toFixed(1)} <= cost ${totalCost(r.evaluation.cost).toFixed(1)}`;
          else if (change < this.cfg.migrationThreshold) because = `predicted change ${(change * 100).toFixed(1)}% below migration threshold ${(this.cfg.migrationThreshold * 100).toFixed(1)}%`;
          else if (bad > r.evaluation.intervals + this.cfg.actionSlack) because = `not yet: trouble predicted ${bad + 1} intervals ahead, the copy takes ${r.evaluation.intervals}`;
          else if (!best || r.evaluation.net > best.e.net) best = { ms, to: to!, e: r.evaluation, bid: r.winner! };
        }
        tried.push({ ms, e: r.evaluation, to, bid: r.winner, because });
      }
      if (best) {
        this.doMove(best.ms, from, best.to, best.e, best.bid, src.reason, src.reason === 'predicted-overload' ? 'predicted overload' : `${this.policy.name} imbalance`);
        for (const t of tried) {
          if (t.ms === best.ms || !t.because) continue;
          this.record({ subject: { microshard: t.ms.id, node: from.id }, outcome: 'no-action', candidate: src.reason, because: t.because, inputs: this.moveInputs(t.ms, from, t.to, t.e, t.bid) });
        }
        continue;
      }
      exhausted.add(from);
      if (tried.length === 0) {
        this.record({ subject: { node: from.id }, outcome: 'no-action', candidate: src.reason, because: unmovable > 0 ? `no movable microshard (${unmovable} unmovable, e.g. ${unmovableWhy})` : 'no microshard contributes at the bad steps', inputs: base });
      }
      for (const t of tried) {
        this.record({ subject: { microshard: t.ms.id, node: from.id }, outcome: 'no-action', candidate: src.reason, because: t.because ?? 'no better placement', inputs: { ...this.moveInputs(t.ms, from, t.to, t.e, t.bid), source: base } });
      }
    }
  }

  merges(): void {
    const list = this.state.ms;
    const n = list.length;
    for (let i = 0; i < n; i++) {
      const left = list[i]!;
      if (!left.alive || whyNotCold(this.state, left)) continue;
      const right = i + 1 < n ? list[i + 1] : undefined;
      const inputs = { p90Peak: round3(left.peak), owner: left.owner, age: this.state.now - left.createdAt };
      if (!right) {
        this.record({ subject: { microshard: left.id }, outcome: 'no-action', candidate: 'cold', because: 'last microshard of the keyspace: its left neighbour decides', inputs });
        continue;
      }
      const why = whyNotMergeable(this.state, left, right);
      if (why) {
        this.record({ subject: { microshard: left.id }, outcome: 'no-action', candidate: 'cold', because: `with ${right.id}: ${why}`, inputs });
        continue;
      }
      if (!this.budgetLeft()) {
        this.record({ subject: { microshard: left.id }, outcome: 'no-action', candidate: 'cold', because: 'operator budget for this round spent', inputs });
        continue;
      }
      const node = this.state.nodeById.get(left.owner)!;
      const saved = this.cfg.microshardOverhead * node.capacity * this.state.horizon;
      const gain: GainBreakdown = { ...ZERO_GAIN, other: saved };
      let cost: CostBreakdown = { ...ZERO_COST, churn: this.cfg.mergeCost * node.capacity };
      const steps: OperatorStep[] = [];
      if (right.owner !== left.owner) {
        // Different nodes: the right one moves to the left's node first, then they merge.
        const from = this.state.nodeById.get(right.owner)!;
        const limit = moveLimitReason(right, from, node, this.state.now, this.cfg);
        if (limit) {
          this.record({ subject: { microshard: left.id }, outcome: 'no-action', candidate: 'cold', because: `with ${right.id} on ${from.id}: ${limit}`, inputs });
          continue;
        }
        const e = evaluateMove(this.state, right, from, node, this.policy);
        cost = { bytes: e.cost.bytes, copyLoad: e.cost.copyLoad, churn: e.cost.churn + cost.churn };
        steps.push({ kind: 'move', microshard: right.id, from: from.id, to: node.id, bytes: right.bytes, intervals: e.intervals });
        if (totalGain(gain) <= totalCost(cost)) {
          this.record({ subject: { microshard: left.id }, outcome: 'no-action', candidate: 'cold', because: `with ${right.id} on ${from.id}: moving it first costs ${totalCost(cost).toFixed(1)} >= overhead saved ${saved.toFixed(1)}`, inputs });
          continue;
        }
        applyMove(this.state, right, from, node, e.intervals);
      } else if (totalGain(gain) <= totalCost(cost)) {
        this.record({ subject: { microshard: left.id }, outcome: 'no-action', candidate: 'cold', because: `overhead saved ${saved.toFixed(1)} <= merge cost ${totalCost(cost).toFixed(1)}`, inputs });
        continue;
      }
      const into = allocateId(this.state);
      const p90 = new Float64Array(this.state.horizon);
      const p50 = new Float64Array(this.state.horizon);
      for (let k = 0; k < this.state.horizon; k++) {
        p90[k] = left.p90[k]! + right.p90[k]!;
        p50[k] = left.p50[k]! + right.p50[k]!;
      }
      const merged: MsState = {
        id: into,
        start: left.start,
        end: right.end,
        owner: node.id,
        bytes: left.bytes + right.bytes,
        load: left.load + right.load,
        p50,
        p90,
        peak: peakOf(p90),
        busy: steps.length > 0,
        createdAt: this.state.now + 1,
        lastMove: left.lastMove,
        histogram: left.histogram && right.histogram ? { edges: [...left.histogram.edges, ...right.histogram.edges.slice(1)], counts: [...left.histogram.counts, ...right.histogram.counts] } : undefined,
        coAccess: [...(left.coAccess ?? []), ...(right.coAccess ?? [])].filter((p) => p.partner !== left.id && p.partner !== right.id),
        regions: left.regions || right.regions ? sumRegions(left.regions, right.regions) : undefined,
        regionTotal: left.regionTotal + right.regionTotal,
        skill: undefined,
        alive: true,
      };
      left.alive = false;
      right.alive = false;
      node.microshards.delete(left);
      node.microshards.delete(right);
      node.microshards.add(merged);
      node.version++;
      this.state.byId.set(into, merged);
      list.push(merged);
      steps.push({ kind: 'merge', left: left.id, right: right.id, into });
      const op = this.emit('merge', 'cold', `cold over the horizon (peaks ${left.peak.toFixed(1)}, ${right.peak.toFixed(1)} < ${(this.cfg.mergeThreshold * node.capacity).toFixed(1)})${steps.length > 1 ? `, ${right.id} moves to ${node.id} first` : ''}`, steps, gain, cost, { ...inputs, right: right.id, rightPeak: round3(right.peak) });
      this.record({ subject: { microshard: left.id, node: node.id }, outcome: 'decision', candidate: 'cold', because: op.detail, operator: op.id, inputs: op.inputs });
      i++;
    }
    compact(this.state);
  }

  scale(): void {
    const h = this.state.horizon;
    let totalCap = 0;
    for (const n of this.state.nodes) totalCap += n.capacity;
    if (this.state.nodes.length === 0) return;
    const avgCap = totalCap / this.state.nodes.length;
    let excess = 0;
    let peak = 0;
    for (let k = 0; k < h; k++) {
      // Cluster p90: means add, independent spreads add in quadrature.
      let mean = 0;
      let spread = 0;
      for (const n of this.state.nodes) {
        mean += n.mean[k]!;
        spread += n.spread[k]!;
      }
      const total = mean + Math.sqrt(spread);
      peak = Math.max(peak, total);
      excess += over(total, this.cfg.scaleUpUtilisation * totalCap);
    }
    if (excess <= 0) return;
    const count = Math.max(1, Math.ceil(peak / (avgCap * this.cfg.scaleUpUtilisation)) - this.state.nodes.length);
    const gain: GainBreakdown = { ...ZERO_GAIN, other: this.cfg.overloadWeight * excess };
    const cost: CostBreakdown = { ...ZERO_COST, churn: this.cfg.nodeCost * avgCap * h * count };
    const inputs = { peakClusterLoad: round3(peak), totalCapacity: totalCap, utilisationLimit: this.cfg.scaleUpUtilisation, count };
    if (totalGain(gain) <= totalCost(cost) || !this.budgetLeft()) {
      this.record({ subject: {}, outcome: 'no-action', candidate: 'cluster-capacity', because: !this.budgetLeft() ? 'operator budget for this round spent' : `adding ${count} node(s) costs ${totalCost(cost).toFixed(1)} >= load above the limit ${excess.toFixed(1)}`, inputs });
      return;
    }
    const op = this.emit('scale', 'cluster-capacity', `predicted cluster peak ${peak.toFixed(1)} > ${(this.cfg.scaleUpUtilisation * 100).toFixed(0)}% of capacity ${totalCap}: add ${count} node(s)`, [{ kind: 'add-nodes', count }], gain, cost, inputs);
    this.record({ subject: {}, outcome: 'decision', candidate: 'cluster-capacity', because: op.detail, operator: op.id, inputs });
  }
}

function sumRegions(a: Readonly<Record<string, number>> | undefined, b: Readonly<Record<string, number>> | undefined): Record<string, number> {
  const out: Record<string, number> = { ...(a ?? {}) };
  for (const [k, v] of Object.entries(b ?? {})) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** One planning round. Pure: the same snapshot, config and policy give the same result. */
export function plan(snap: PlannerSnapshot, cfg: PlannerConfig, policy: PlacementPolicy): PlanResult {
  return planWithState(snap, cfg, policy).result;
}

/** plan(), also returning the projected working state (for the selector's yardstick). */
export function planWithState(snap: PlannerSnapshot, cfg: PlannerConfig, policy: PlacementPolicy): { result: PlanResult; state: WorkingState } {
  const state = buildState(snap, cfg);
  const before = outcomeOf(state, policy);
  const round = new Round(state, policy, snap);
  round.orphans();
  round.splits();
  round.moves();
  round.merges();
  round.scale();
  return { result: { at: snap.now, policy: policy.name, operators: round.operators, explain: round.explain, before, after: outcomeOf(state, policy), nextMicroshardId: state.nextId }, state };
}

export { moveIntervals };
