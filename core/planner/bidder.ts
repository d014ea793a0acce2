// Who answers an auction. The round (./round.ts) hands its lots to a Bidder and awards among the
// willing bids it gets back: the live coordinator's Bidder is its auction house over the
// sidecars' Sessions; the simulator's is localBidders(), one bidder per node computed in
// process. Either way each node bids the same way: from its own view (the node profile of the
// microshards it holds, ./profile.ts) through computeBid, under the leader's terms.
import type { PlannerConfig } from './config.js';
import { computeBid, type BidOrRefusal, type BidderView } from './bidding.js';
import { auctionItemOf, seriesOf, type Lot } from './lots.js';
import { nodeProfile, type StepSeries } from './profile.js';
import type { Bid, NodeId, PlannerSnapshot } from './snapshot.js';

/** What an auction gives back: the willing bids per lot (a lot absent or empty: nobody willing). */
export interface AuctionResult {
  readonly bids: ReadonlyMap<string, readonly Bid[]>;
}

export interface Bidder<O extends AuctionResult = AuctionResult> {
  auction(lots: readonly Lot[]): Promise<O> | O;
}

/**
 * A bidding node's view of itself. The K and bytes-budget limits are the leader's to enforce when
 * it prices the bids (it sees every migration), so a bidder states none of its own.
 */
export function bidderView(v: { node: NodeId; capacity: number; region?: string; profile: ArrayLike<number>; holds: (microshard: string) => boolean }): BidderView {
  return { node: v.node, capacity: v.capacity, region: v.region, profile: v.profile, holds: v.holds, inFlight: 0, bytesInWindow: 0 };
}

/** One node's answer for one lot: its owner refuses, everyone else bids through computeBid. */
export function bidOnLot(view: BidderView, lot: Lot, cfg: PlannerConfig, ownPartners?: ReadonlyMap<string, number>): BidOrRefusal {
  if (lot.owner === view.node) return { node: view.node, microshard: lot.microshardId, refused: 'owner: it is already here' };
  return computeBid(view, auctionItemOf(lot, ownPartners), cfg);
}

/**
 * The simulator's bidders: every node of the snapshot bids from the microshards it owns in it
 * (their forecasts, as its sidecar's load reports would carry them), the way a sidecar does.
 */
export function localBidders(snap: PlannerSnapshot, cfg: PlannerConfig): Bidder {
  const h = cfg.horizon;
  const held = new Map<NodeId, StepSeries[]>();
  const owner = new Map<string, NodeId>();
  for (const m of snap.microshards) {
    owner.set(m.id, m.owner);
    const s = seriesOf(m, h);
    let list = held.get(m.owner);
    if (!list) held.set(m.owner, (list = []));
    list.push({ p50: (k) => s.p50[k]!, p90: (k) => s.p90[k]! });
  }
  const views = snap.nodes.map((n) =>
    bidderView({ node: n.id, capacity: n.capacity, region: n.region, profile: nodeProfile(held.get(n.id) ?? [], h), holds: (id) => owner.get(id) === n.id }),
  );
  return {
    auction(lots) {
      const bids = new Map<string, Bid[]>();
      for (const lot of lots) {
        const willing: Bid[] = [];
        for (const v of views) {
          const b = bidOnLot(v, lot, cfg);
          if (!('refused' in b)) willing.push(b);
        }
        bids.set(lot.microshardId, willing);
      }
      return { bids };
    },
  };
}
