// One decision round, the same for the live coordinator and the simulator:
//   1. candidates: a first planning pass under every policy in play, with bids the planner
//      computes itself, names the microshards it would put up for auction (the ask log records
//      what it asked bids for: moves off a node predicted overloaded or out of balance, orphans,
//      new split halves);
//   2. auction them through the Bidder (the sidecars over their Sessions, or local bidders);
//   3. select the policy and plan again on those bids: every award goes through the cost
//      function on real bids, and a microshard nobody bid for is not moved this round. When the
//      chosen plan asks about microshards no auction covered (a different course), they go to
//      another auction and the chosen policy plans again, until nothing new is asked or
//      MAX_AUCTIONS_PER_ROUND auctions ran; what is still unasked then waits for the next round
//      (counted in diagnostics.unauctioned).
// Every policy's passes allocate new microshard ids from a block of their own (idBases), so a
// split half's id names the piece one pass planned; a later pass that cuts the same id
// differently gets that piece auctioned again rather than bid on as the other one.
// Deterministic for a deterministic Bidder; the caller executes the operators.
import type { PlacementPolicy } from '../policies/policy.js';
import { selectPolicy } from '../policies/selector.js';
import type { PlannerConfig } from './config.js';
import { plan, type PlanResult } from './planner.js';
import type { AuctionResult, Bidder } from './bidder.js';
import { lotOf, splitPieces, type Lot, type LotWhy } from './lots.js';
import type { Bid, MicroshardSnapshot, PlannerSnapshot } from './snapshot.js';

/**
 * Auctions per round at most: the first for every policy's candidates, then (each only for what
 * the chosen plan newly asks about, usually a handful of lots) more while planning on real bids
 * takes a course the earlier auctions did not cover.
 */
export const MAX_AUCTIONS_PER_ROUND = 4;

/** Ids one operator can create at most (an isolating split: two cuts, two new ids each). */
const IDS_PER_OPERATOR = 4;

/** The first id of each policy's passes: disjoint blocks, the first policy's at nextMicroshardId. */
export function idBases(next: bigint, policies: readonly PlacementPolicy[], cfg: PlannerConfig): Map<string, bigint> {
  const block = BigInt(IDS_PER_OPERATOR * cfg.maxOperatorsPerRound);
  return new Map(policies.map((p, i) => [p.name, next + BigInt(i) * block]));
}

function samePiece(a: Lot, b: Lot): boolean {
  return a.owner === b.owner && a.start === b.start && a.end === b.end;
}

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
  /** What the final plan could not act on for want of the right bids (for logs and the simulator's counts). */
  diagnostics: RoundDiagnostics;
}

export interface RoundDiagnostics {
  /** Candidates the final plan left in place for "no bids" that no auction of this round covered. */
  unauctioned: number;
  /**
   * Split pieces of the final plan whose auctioned lot is another piece (another owner or range):
   * their bids came from the wrong nodes, the true owner's among them ("owner").
   */
  wrongPiece: number;
  /** First-pass split pieces of different policies that shared ids would have given one id. */
  clashes: number;
}

/** The final plan's asks no auction covered, and its split pieces auctioned as another piece. */
export function roundDiagnostics(result: PlanResult, lots: ReadonlyMap<string, Lot>, byId: ReadonlyMap<string, MicroshardSnapshot>, h: number): Omit<RoundDiagnostics, 'clashes'> {
  let unauctioned = 0;
  for (const e of result.explain) {
    const id = e.subject.microshard;
    if (e.outcome === 'no-action' && e.because === 'no bids' && id !== undefined && !lots.has(id)) unauctioned++;
  }
  let wrongPiece = 0;
  for (const op of result.operators) {
    if (op.kind !== 'split') continue;
    for (const piece of splitPieces(op, byId, h)) {
      const lot = lots.get(piece.microshardId);
      if (lot && !samePiece(lot, piece)) wrongPiece++;
    }
  }
  return { unauctioned, wrongPiece };
}

/** Why a microshard the planner asked bids for is up for auction. */
export function lotWhy(id: string, owner: string, liveNodes: readonly string[], firstPass: readonly PlanResult[]): LotWhy {
  if (!liveNodes.includes(owner)) return 'orphaned';
  if (firstPass.some((r) => r.explain.some((e) => e.subject.microshard === id && e.candidate === 'imbalance'))) return 'imbalance';
  return 'predicted-overload';
}

export async function runRound<O extends AuctionResult>(snap0: PlannerSnapshot, o: RoundOptions<O>): Promise<RoundOutcome<O>> {
  const { cfg } = o;
  const clock = o.clock ?? (() => 0);
  const byId = new Map<string, MicroshardSnapshot>(snap0.microshards.map((m) => [m.id, m]));
  const policies = o.fixed ? [o.fixed] : o.policies;
  // Every policy's passes hand out ids of their own: a new split half's id names one piece.
  const snap: PlannerSnapshot = policies.length > 1 ? { ...snap0, idBase: idBases(snap0.nextMicroshardId, policies, cfg) } : snap0;
  const asked = new Set<string>();
  const pieces = new Map<string, Lot>();
  const bids = new Map<string, readonly Bid[]>();
  const out: RoundOutcome<O> = { result: undefined as unknown as PlanResult, selection: { chosen: '', reason: '', switched: false }, lots: new Map(), lotAuction: new Map(), auctions: [], planMs: 0, diagnostics: { unauctioned: 0, wrongPiece: 0, clashes: 0 } };
  const notePieces = (r: PlanResult) => {
    for (const op of r.operators) {
      if (op.kind !== 'split') continue;
      for (const piece of splitPieces(op, byId, cfg.horizon)) {
        pieces.set(piece.microshardId, piece);
        // A pass on bids that cut differently than the pass that asked: auction the piece again.
        const lot = out.lots.get(piece.microshardId);
        if (lot && !samePiece(lot, piece)) {
          out.lots.delete(piece.microshardId);
          bids.delete(piece.microshardId);
        }
      }
    }
  };
  const lotFor = (id: string): Lot | undefined => {
    const m = byId.get(id);
    return m ? lotOf(m, lotWhy(id, m.owner, o.liveNodes, firstPass), cfg.horizon) : pieces.get(id);
  };

  const t0 = clock();
  // Split pieces by id relative to their policy's block: what shared ids would have mixed up.
  const relative = new Map<bigint, Lot>();
  let clashes = 0;
  const firstPass = policies.map((p) => {
    const log = new AskLog();
    const r = plan({ ...snap, bids: log }, cfg, p);
    for (const id of log.asked) asked.add(id);
    notePieces(r);
    const base = snap.idBase?.get(p.name) ?? snap.nextMicroshardId;
    for (const op of r.operators) if (op.kind === 'split') for (const piece of splitPieces(op, byId, cfg.horizon)) {
      const rel = BigInt(piece.microshardId) - base;
      const other = relative.get(rel);
      if (other && !samePiece(other, piece)) clashes++;
      relative.set(rel, piece);
    }
    return r;
  });
  let planMs = clock() - t0;

  // The policy chosen on the first auction's bids; later auctions only serve its plan.
  let chosen: PlacementPolicy | undefined = o.fixed;
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
    } else if (chosen) {
      out.result = plan(withBids, cfg, chosen);
    } else {
      const sel = selectPolicy(withBids, cfg, o.policies);
      out.result = sel.plan;
      out.selection = { chosen: sel.chosen, reason: sel.reason, scores: sel.scores, switched: sel.switched };
      chosen = o.policies.find((p) => p.name === sel.chosen);
      // What the chosen plan asks about, not what the policies passed over asked.
      if (chosen) {
        log.asked.clear();
        plan({ ...snap, bids: log }, cfg, chosen);
      }
    }
    planMs += clock() - t1;
    notePieces(out.result);
    asked.clear();
    for (const id of log.asked) asked.add(id);
  }
  return { ...out, planMs, diagnostics: { ...roundDiagnostics(out.result, out.lots, byId, cfg.horizon), clashes } };
}
