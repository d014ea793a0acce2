// Auctions on the leader: the lots go down every live sidecar's Session as one AuctionOpen; the
// bids come back on the same streams; the auction closes when every sidecar it was sent to has
// answered or at the deadline. A node that did not answer is "not willing" for every lot. The
// planner then awards through its cost function (core/planner/bidding.ts award). It is the live
// Bidder of core/planner/round.ts; the lots (and why each is up) are core/planner/lots.ts's.
import { InvalidArgumentError } from '../../platform/errors.js';
import type { PlannerConfig } from '../../core/planner/index.js';
import type { Bid as PlannerBid } from '../../core/planner/snapshot.js';
import type { Lot } from '../../core/planner/lots.js';
import type { CoordinatorMessage } from '../../generated/proto/shardcast/v1/CoordinatorMessage.js';
import type { AuctionLot } from '../../generated/proto/shardcast/v1/AuctionLot.js';
import type { Bid__Output } from '../../generated/proto/shardcast/v1/Bid.js';

export type { Lot, LotWhy } from '../../core/planner/lots.js';

/** What the leader sends the auction through: its live Sessions. */
export interface AuctionTransport {
  /** Nodes with a live session on this leader. */
  sessionNodeIds(): string[];
  /** Writes on the node's session; false when it has none. */
  send(nodeId: string, msg: CoordinatorMessage): boolean;
}

/** One node's answer for one lot, as recorded for explain. */
export interface LotAnswer {
  node: string;
  willing: boolean;
  reason: string;
  headroom?: number;
  coAccess?: number;
  proximity?: number;
  score?: number;
}

export interface AuctionOutcome {
  id: string;
  lots: Lot[];
  /** Nodes the auction went to. */
  sentTo: string[];
  /** Nodes that answered before the deadline. */
  answered: string[];
  /** Live nodes without an answer: a session missing on this leader, or too late. */
  missing: string[];
  /** Willing bids per lot (what the planner awards among). */
  bids: Map<string, PlannerBid[]>;
  /** Every answer per lot, willing or not. */
  answers: Map<string, LotAnswer[]>;
  /** Host CPU and capacity each bidder reported. */
  bidders: Map<string, { hostCpu: number; capacity: number }>;
  durationMs: number;
}

export interface AuctionTerms {
  intervalMs: number;
  /** Start of step 1 of every lot's series (ms since the epoch). */
  startMs: number;
  deadlineMs: number;
  defaultCapacityOpsPerS: number;
  cfg: PlannerConfig;
}

interface Pending {
  outcome: AuctionOutcome;
  lotIds: Set<string>;
  waiting: Set<string>;
  startedAt: number;
  finish: () => void;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** The wire form of a lot. */
export function lotToWire(l: Lot): AuctionLot {
  return {
    microshardId: l.microshardId,
    start: l.start,
    end: l.end,
    owner: l.owner,
    why: l.why,
    quantiles: [0.5, 0.9],
    predicted: [{ values: Array.from(l.p50, round4) }, { values: Array.from(l.p90, round4) }],
    sizeBytes: String(Math.max(0, Math.round(l.sizeBytes))),
    coAccess: l.coAccess.map((p) => ({ microshardId: p.partner, weight: p.weight })),
    clientRegions: { ...(l.regions ?? {}) },
  };
}

function finite(v: number, what: string): number {
  if (!Number.isFinite(v)) throw new InvalidArgumentError(`bid: ${what} is ${v}; expected a finite number`);
  return v;
}

export class AuctionHouse {
  private seq = 0;
  private readonly pending = new Map<string, Pending>();
  /** Auctions run since start, and bids received late (after their auction closed). */
  readonly totals = { auctions: 0, late: 0 };

  constructor(private readonly transport: AuctionTransport) {}

  /**
   * Opens an auction for `lots` to every node in `liveNodes` that has a session here; resolves
   * when all of them answered or at the deadline.
   */
  run(lots: Lot[], liveNodes: readonly string[], terms: AuctionTerms): Promise<AuctionOutcome> {
    const id = String(++this.seq);
    this.totals.auctions++;
    const withSession = new Set(this.transport.sessionNodeIds());
    const outcome: AuctionOutcome = { id, lots, sentTo: [], answered: [], missing: [], bids: new Map(), answers: new Map(), bidders: new Map(), durationMs: 0 };
    for (const l of lots) {
      outcome.bids.set(l.microshardId, []);
      outcome.answers.set(l.microshardId, []);
    }
    const msg: CoordinatorMessage = {
      auction: {
        auctionId: id,
        lots: lots.map(lotToWire),
        deadlineMs: terms.deadlineMs,
        intervalMs: String(terms.intervalMs),
        startMs: String(terms.startMs),
        maxConcurrentPerNode: terms.cfg.maxConcurrentPerNode,
        nodeBytesBudgetPerInterval: terms.cfg.nodeBytesBudgetPerInterval,
        budgetWindow: terms.cfg.budgetWindow,
        coAccessWeight: terms.cfg.coAccessWeight,
        proximityWeight: terms.cfg.proximityWeight,
        defaultCapacityOpsPerS: terms.defaultCapacityOpsPerS,
      },
    };
    const startedAt = performance.now();
    return new Promise<AuctionOutcome>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const p: Pending = {
        outcome,
        lotIds: new Set(lots.map((l) => l.microshardId)),
        waiting: new Set(),
        startedAt,
        finish: () => {
          if (!this.pending.has(id)) return;
          this.pending.delete(id);
          if (timer) clearTimeout(timer);
          outcome.missing = [...liveNodes].filter((n) => !outcome.answered.includes(n)).sort();
          outcome.durationMs = Math.round(performance.now() - startedAt);
          resolve(outcome);
        },
      };
      this.pending.set(id, p);
      for (const node of liveNodes) {
        if (!withSession.has(node)) continue;
        // Registered before the write: a sidecar on loopback can answer within the same tick.
        p.waiting.add(node);
        outcome.sentTo.push(node);
        if (!this.transport.send(node, msg)) {
          p.waiting.delete(node);
          outcome.sentTo.pop();
        }
      }
      if (p.waiting.size === 0) {
        p.finish();
        return;
      }
      timer = setTimeout(p.finish, terms.deadlineMs);
    });
  }

  /**
   * A Bid from `nodeId`'s session. A bid for an auction that is closed (late) or unknown is
   * ignored; one that makes no sense throws InvalidArgumentError naming the field (the session
   * ends, as for a nonsensical load report).
   */
  receive(nodeId: string, bid: Bid__Output): void {
    const p = this.pending.get(bid.auctionId);
    if (!p) {
      this.totals.late++;
      return;
    }
    if (!p.waiting.has(nodeId)) return; // answered already, or not asked
    const parsed: Array<{ id: string; a: LotAnswer; b?: PlannerBid }> = [];
    const seen = new Set<string>();
    for (const l of bid.lots) {
      const id = l.microshardId;
      if (!p.lotIds.has(id)) continue;
      if (seen.has(id)) throw new InvalidArgumentError(`bid: lot ${id} answered twice`);
      seen.add(id);
      if (!l.willing) {
        parsed.push({ id, a: { node: nodeId, willing: false, reason: l.reason.slice(0, 500) || 'not willing' } });
        continue;
      }
      const headroom = finite(l.headroom, `lot ${id} headroom`);
      const coAccess = finite(l.coAccess, `lot ${id} co_access`);
      const proximity = finite(l.proximity, `lot ${id} proximity`);
      const score = finite(l.score, `lot ${id} score`);
      if (coAccess < 0) throw new InvalidArgumentError(`bid: lot ${id} co_access is negative (${coAccess})`);
      if (proximity < 0 || proximity > 1) throw new InvalidArgumentError(`bid: lot ${id} proximity ${proximity} is not in [0, 1]`);
      parsed.push({
        id,
        a: { node: nodeId, willing: true, reason: l.reason.slice(0, 500), headroom, coAccess, proximity, score },
        b: { node: nodeId, microshard: id, headroom, coAccess, proximity, score },
      });
    }
    for (const x of parsed) {
      p.outcome.answers.get(x.id)!.push(x.a);
      if (x.b) p.outcome.bids.get(x.id)!.push(x.b);
    }
    // A lot left out of the bid is "not willing".
    for (const id of p.lotIds) if (!seen.has(id)) p.outcome.answers.get(id)!.push({ node: nodeId, willing: false, reason: 'no answer for this lot' });
    p.outcome.bidders.set(nodeId, { hostCpu: Number.isFinite(bid.hostCpuUtilisation) ? bid.hostCpuUtilisation : 0, capacity: Number.isFinite(bid.capacity) ? bid.capacity : 0 });
    p.outcome.answered.push(nodeId);
    p.waiting.delete(nodeId);
    if (p.waiting.size === 0) p.finish();
  }

  /** Leadership lost: every open auction closes at once with what it has. */
  closeAll(): void {
    for (const p of [...this.pending.values()]) p.finish();
  }
}
