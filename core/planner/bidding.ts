// Auctions. The coordinator puts a microshard up for auction (predicted overload on its owner, an
// orphan, a new split half); each sidecar bids from its own view: the headroom it would have
// left after absorbing the microshard's predicted load, the co-access it already holds with it,
// and how much of its traffic comes from the sidecar's region. The award is not by bid alone:
// the best-ranked bids are priced through the cost function and the highest net gain wins (equal
// nets: the caller's tie-break, e.g. the planner's own scoring of the nodes as they are now).
import type { PlannerConfig } from './config.js';
import type { Bid, CoAccessPartner, NodeId } from './snapshot.js';

/**
 * Half-life of the sidecars' co-access counts, ms: a pair's count halves in this time without new
 * co-accesses. The sidecar's sketch decays with it and the bid math reads rates back from it.
 */
export const DEFAULT_COACCESS_HALF_LIFE_MS = 3_600_000;

/**
 * Co-accessed requests per interval from a Space-Saving count decayed by half every `halfLifeMs`
 * (the aggregator decays once per interval): at a steady rate r the count settles at
 * r / (1 - d) with d = 0.5^(interval / halfLife), so r = count x (1 - d).
 */
export function coAccessRate(count: number, intervalMs: number, halfLifeMs = DEFAULT_COACCESS_HALF_LIFE_MS): number {
  if (!(count > 0) || !(intervalMs > 0) || !(halfLifeMs > 0)) return 0;
  return count * (1 - Math.pow(0.5, intervalMs / halfLifeMs));
}

/** Index of the quantile level nearest `want`. */
export function nearestLevel(levels: readonly number[], want: number): number {
  let best = 0;
  for (let i = 1; i < levels.length; i++) if (Math.abs(levels[i]! - want) < Math.abs(levels[best]! - want)) best = i;
  return best;
}

export interface AuctionItem {
  microshard: string;
  /** Predicted load (p90) per step of the horizon. */
  p90: ArrayLike<number>;
  bytes: number;
  coAccess?: readonly CoAccessPartner[];
  regions?: Readonly<Record<string, number>>;
  regionTotal: number;
}

/** What one sidecar knows about itself when it bids. */
export interface BidderView {
  node: NodeId;
  capacity: number;
  region?: string;
  /** Its own predicted load per step (sum of its microshards' p90). */
  profile: ArrayLike<number>;
  holds(microshard: string): boolean;
  inFlight: number;
  bytesInWindow: number;
}

export type BidOrRefusal = Bid | { node: NodeId; microshard: string; refused: string };

export function isBid(b: BidOrRefusal): b is Bid {
  return !('refused' in b);
}

export function computeBid(view: BidderView, item: AuctionItem, cfg: PlannerConfig): BidOrRefusal {
  if (view.inFlight >= cfg.maxConcurrentPerNode) return { node: view.node, microshard: item.microshard, refused: `at K = ${cfg.maxConcurrentPerNode} migrations` };
  const budget = cfg.nodeBytesBudgetPerInterval * cfg.budgetWindow;
  if (view.bytesInWindow > 0 && view.bytesInWindow + item.bytes > budget) return { node: view.node, microshard: item.microshard, refused: 'bytes budget spent' };
  let worst = Infinity;
  const n = Math.min(view.profile.length, item.p90.length);
  for (let k = 0; k < n; k++) {
    const left = view.capacity - view.profile[k]! - item.p90[k]!;
    if (left < worst) worst = left;
  }
  const headroom = (n > 0 ? worst : view.capacity) / view.capacity;
  let coAccess = 0;
  if (item.coAccess) for (const p of item.coAccess) if (view.holds(p.partner)) coAccess += p.weight;
  const proximity = item.regionTotal > 0 && view.region !== undefined ? (item.regions?.[view.region] ?? 0) / item.regionTotal : 0;
  // Locality terms in the same unit as headroom (fraction of capacity per interval).
  const score = headroom + (cfg.coAccessWeight * coAccess + cfg.proximityWeight * proximity * item.regionTotal) / view.capacity;
  return { node: view.node, microshard: item.microshard, headroom, coAccess, proximity, score };
}

export interface AwardResult<E extends { net: number }> {
  winner?: Bid;
  evaluation?: E;
  /** Bids priced through the cost function. */
  priced: number;
  /** Why there is no winner. */
  because?: string;
}

/**
 * Awards the item: ranks bids by score, prices up to `limit` of them with `price` (undefined =
 * not allowed for this bidder), and picks the highest net gain. Equal net gains go to the bid
 * `tie` prefers (a positive answer: the first), else to the better-ranked one. A winner may still
 * have net <= 0: the caller decides whether to act.
 */
export function award<E extends { net: number }>(bids: readonly Bid[], price: (bid: Bid) => E | undefined, limit: number, tie?: (a: Bid, b: Bid) => number): AwardResult<E> {
  if (bids.length === 0) return { priced: 0, because: 'no bids' };
  const better = (a: Bid, b: Bid) => b.score - a.score || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0);
  // Top few by score without sorting every bid (a thousand bidders per item at scale); the full
  // ranking only when too many of the top ones are not allowed.
  const want = limit + 4;
  let ranked: Bid[] = [];
  for (const b of bids) {
    if (ranked.length < want) {
      ranked.push(b);
      if (ranked.length === want) ranked.sort(better);
    } else if (better(b, ranked[want - 1]!) < 0) {
      let i = want - 1;
      while (i > 0 && better(b, ranked[i - 1]!) < 0) i--;
      ranked.splice(i, 0, b);
      ranked.pop();
    }
  }
  if (ranked.length < want) ranked.sort(better);
  let best: { bid: Bid; e: E } | undefined;
  let priced = 0;
  const tryBids = (list: readonly Bid[], skip: Set<Bid>) => {
    for (const bid of list) {
      if (priced >= limit) break;
      if (skip.has(bid)) continue;
      skip.add(bid);
      const e = price(bid);
      if (!e) continue;
      priced++;
      if (!best || e.net > best.e.net || (tie && e.net === best.e.net && tie(bid, best.bid) > 0)) best = { bid, e };
    }
  };
  const seen = new Set<Bid>();
  tryBids(ranked, seen);
  if (priced < limit && bids.length > ranked.length) {
    ranked = [...bids].sort(better);
    tryBids(ranked, seen);
  }
  const found = best as { bid: Bid; e: E } | undefined;
  if (!found) return { priced, because: 'no bidder allowed by the limits' };
  return { winner: found.bid, evaluation: found.e, priced };
}
