// One decision round, the same for the live coordinator and the simulator:
//   1. candidates: a first planning pass under every policy in play, with bids the planner
//      computes itself, names the microshards it would put up for auction (the ask log records
//      what it asked bids for: moves off a node predicted overloaded or out of balance, orphans,
//      new split halves);
//   2. auction them through the Bidder (the sidecars over their Sessions, or local bidders);
//   3. select the policy and plan again on those bids: every award goes through the cost
//      function on real bids, and a microshard nobody bid for is not moved this round. When that
//      plan asks about microshards the first pass did not (a different course), they go to one
//      more auction and the plan is made again (at most MAX_AUCTIONS_PER_ROUND auctions).
// Deterministic for a deterministic Bidder; the caller executes the operators.
import type { PlacementPolicy } from '../policies/policy.js';
import { selectPolicy } from '../policies/selector.js';
import type { PlannerConfig } from './config.js';
import { plan, type PlanResult } from './planner.js';
import type { AuctionResult, Bidder } from './bidder.js';
import { lotOf, splitPieces, type Lot, type LotWhy } from './lots.js';
import type { Bid, MicroshardSnapshot, PlannerSnapshot } from './snapshot.js';

/** Auctions per round at most: the first for the candidates, one more when planning on real bids finds new ones. */
export const MAX_AUCTIONS_PER_ROUND = 2;

/**
 * The bids the planner reads (snapshot.bids), recording every microshard it asks about: the
 * microshards it puts up for auction. Without a book it answers nothing (the planner then
 * computes the bids itself: the first pass); with one, a microshard not auctioned has no bids.
 */
export class AskLog extends Map<string, readonly Bid[]> {
  readonly asked = new Set<string>();

  constructor(private readonly book?: ReadonlyMap<string, readonly Bid[]>) {
    super();
  }

  override get(key: string): readonly Bid[] | undefined {
    this.asked.add(key);
    return this.book ? (this.book.get(key) ?? []) : undefined;
  }
}

export interface RoundOptions<O extends AuctionResult> {
  cfg: PlannerConfig;
  /** The policies selected among (snapshot.currentPolicy is kept unless beaten by the hysteresis). */
  policies: readonly PlacementPolicy[];
  /** A policy fixed by configuration: no selection. */
  fixed?: PlacementPolicy;
  bidder: Bidder<O>;
  /** Nodes alive now: a microshard owned by any other is an orphan. */
  liveNodes: readonly string[];
  /** Asked after each auction: a reason ends the round without a plan (e.g. leadership lost). */
  stop?: () => string | undefined;
  /** For planMs (the planning time, auctions excluded); without one planMs is 0. */
  clock?: () => number;
}

export interface RoundSelection {
  chosen: string;
  reason: string;
  scores?: unknown;
  switched: boolean;
}

export interface RoundOutcome<O extends AuctionResult> {
  /** Set when stop() ended the round; nothing else is then meaningful. */
  stopped?: string;
  result: PlanResult;
  selection: RoundSelection;
  /** Every lot auctioned, by microshard id (planned id for a new split half). */
  lots: Map<string, Lot>;
  /** The auction each lot went to. */
  lotAuction: Map<string, O>;
  /** The auctions run, in order, with their lots. */
  auctions: Array<{ outcome: O; lots: Lot[] }>;
  planMs: number;
}

/** Why a microshard the planner asked bids for is up for auction. */
export function lotWhy(id: string, owner: string, liveNodes: readonly string[], firstPass: readonly PlanResult[]): LotWhy {
  if (!liveNodes.includes(owner)) return 'orphaned';
  if (firstPass.some((r) => r.explain.some((e) => e.subject.microshard === id && e.candidate === 'imbalance'))) return 'imbalance';
  return 'predicted-overload';
}

export async function runRound<O extends AuctionResult>(snap: PlannerSnapshot, o: RoundOptions<O>): Promise<RoundOutcome<O>> {
  const { cfg } = o;
  const clock = o.clock ?? (() => 0);
  const byId = new Map<string, MicroshardSnapshot>(snap.microshards.map((m) => [m.id, m]));
  const policies = o.fixed ? [o.fixed] : o.policies;
  const asked = new Set<string>();
  const pieces = new Map<string, Lot>();
  const notePieces = (r: PlanResult) => {
    for (const op of r.operators) if (op.kind === 'split') for (const piece of splitPieces(op, byId, cfg.horizon)) pieces.set(piece.microshardId, piece);
  };
  const lotFor = (id: string): Lot | undefined => {
    const m = byId.get(id);
    return m ? lotOf(m, lotWhy(id, m.owner, o.liveNodes, firstPass), cfg.horizon) : pieces.get(id);
  };

  const t0 = clock();
  const firstPass = policies.map((p) => {
    const log = new AskLog();
    const r = plan({ ...snap, bids: log }, cfg, p);
    for (const id of log.asked) asked.add(id);
    notePieces(r);
    return r;
  });
  let planMs = clock() - t0;

  const bids = new Map<string, readonly Bid[]>();
  const out: RoundOutcome<O> = { result: undefined as unknown as PlanResult, selection: { chosen: '', reason: '', switched: false }, lots: new Map(), lotAuction: new Map(), auctions: [], planMs: 0 };
  for (let attempt = 0; attempt < MAX_AUCTIONS_PER_ROUND; attempt++) {
    const fresh = [...asked].filter((id) => !out.lots.has(id)).map(lotFor).filter((l): l is Lot => l !== undefined);
    if (attempt > 0 && fresh.length === 0) break;
    if (fresh.length > 0) {
      const outcome = await o.bidder.auction(fresh);
      for (const l of fresh) {
        out.lots.set(l.microshardId, l);
        out.lotAuction.set(l.microshardId, outcome);
        bids.set(l.microshardId, outcome.bids.get(l.microshardId) ?? []);
      }
      out.auctions.push({ outcome, lots: fresh });
      const stopped = o.stop?.();
      if (stopped) return { ...out, stopped, planMs };
    }
    const t1 = clock();
    const log = new AskLog(bids);
    const withBids: PlannerSnapshot = { ...snap, bids: log };
    if (o.fixed) {
      out.result = plan(withBids, cfg, o.fixed);
      out.selection = { chosen: o.fixed.name, reason: `policy fixed by configuration (plannerPolicy ${o.fixed.name})`, switched: false };
    } else {
      const sel = selectPolicy(withBids, cfg, o.policies);
      out.result = sel.plan;
      out.selection = { chosen: sel.chosen, reason: sel.reason, scores: sel.scores, switched: sel.switched };
    }
    planMs += clock() - t1;
    notePieces(out.result);
    for (const id of log.asked) asked.add(id);
  }
  return { ...out, planMs };
}
