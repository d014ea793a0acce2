// The sidecar's bids. When the leader opens an auction over the Session, this node answers from
// its own view: its last load report (the loads and forecasts of the microshards it owns, its host
// metrics, the co-access pairs of its sketch) and its route table (what it holds). The bid itself
// is core's (core/planner/bidder.ts bidOnLot, node profile by core/planner/profile.ts), the code
// the simulator's local bidders run for every node, under the terms the leader sent (K, bytes
// budget, locality weights). This file only reads the wire and writes the answer.
import { coAccessRate, isBid, nearestLevel, plannerConfig, type AuctionItem, type PlannerConfig } from '../core/planner/index.js';
import { bidderView, bidOnLot } from '../core/planner/bidder.js';
import { auctionItemOf, type Lot } from '../core/planner/lots.js';
import { nodeProfile, type StepSeries } from '../core/planner/profile.js';
import type { LoadReport } from '../generated/proto/shardcast/v1/LoadReport.js';
import type { AuctionOpen__Output } from '../generated/proto/shardcast/v1/AuctionOpen.js';
import type { AuctionLot__Output } from '../generated/proto/shardcast/v1/AuctionLot.js';
import type { Bid } from '../generated/proto/shardcast/v1/Bid.js';
import type { LotBid } from '../generated/proto/shardcast/v1/LotBid.js';

/** Most lots one auction may carry (a bigger one is answered "not willing" for the rest). */
export const MAX_LOTS_PER_AUCTION = 10_000;

interface OwnView {
  load: number;
  intervalStartMs: number;
  forecast?: { startMs: number; intervalMs: number; p50: number[]; p90: number[] };
}

export interface BidderOptions {
  nodeId: string;
  /** Ops per second the node is sized for (0: unknown, the leader's default is used). */
  capacityOpsPerS: number;
  region: string;
  /** Whether this node owns the microshard now (its route table). */
  holds: (microshardId: string) => boolean;
  /** Host CPU utilisation 0..1 (sampled on a timer), for the bid's record. */
  hostCpu?: () => number | undefined;
}

/** Values of step k of a forecast series aligned to `startMs` (the last value beyond its end). */
function stepValue(series: readonly number[], offset: number, k: number): number {
  if (series.length === 0) return 0;
  const i = Math.min(series.length - 1, Math.max(0, offset + k));
  const v = series[i]!;
  return Number.isFinite(v) && v > 0 ? v : 0;
}

export class SidecarBidder {
  private readonly own = new Map<string, OwnView>();
  private coAccess: Array<{ a: string; b: string; rate: number }> = [];
  private lastIntervalStartMs = -1;
  /** Auctions answered since start. */
  answered = 0;

  constructor(private readonly opts: BidderOptions) {}

  /** Takes in one load report this sidecar sends (its own view of itself). */
  observe(report: LoadReport): void {
    const start = Number(report.intervalStartMs ?? 0);
    const intervalMs = Number(report.intervalMs ?? 0);
    for (const m of report.microshards ?? []) {
      const id = String(m.microshardId);
      const prev = this.own.get(id);
      this.own.set(id, { load: Number(m.reads ?? 0) + Number(m.writes ?? 0), intervalStartMs: start, forecast: prev?.forecast });
    }
    for (const f of report.forecasts ?? []) {
      const id = String(f.microshardId);
      const levels = (f.quantiles ?? []).map(Number);
      const series = (f.values ?? []).map((s) => (s.values ?? []).map(Number));
      if (levels.length === 0 || series.length !== levels.length) continue;
      const view = this.own.get(id) ?? { load: 0, intervalStartMs: start };
      view.forecast = { startMs: Number(f.startMs ?? 0), intervalMs: Number(f.intervalMs ?? intervalMs), p50: series[nearestLevel(levels, 0.5)]!, p90: series[nearestLevel(levels, 0.9)]! };
      this.own.set(id, view);
    }
    // A report may come in several messages (one interval); the pairs travel with the first.
    if ((report.coAccess?.length ?? 0) > 0 || start !== this.lastIntervalStartMs) {
      this.coAccess = (report.coAccess ?? []).map((p) => ({ a: String(p.a), b: String(p.b), rate: coAccessRate(Number(p.count ?? 0), intervalMs) }));
    }
    this.lastIntervalStartMs = start;
  }

  /** Predicted p90 load of this node per step (core's node profile over the microshards it holds). */
  profile(startMs: number, intervalMs: number, horizon: number): Float64Array {
    const series: StepSeries[] = [];
    for (const [id, v] of this.own) {
      if (!this.opts.holds(id)) {
        this.own.delete(id); // moved away or split: no longer this node's
        continue;
      }
      const f = v.forecast;
      if (f && f.p50.length > 0) {
        const offset = Math.round((startMs - f.startMs) / (f.intervalMs || intervalMs));
        const p50 = (k: number) => stepValue(f.p50, offset, k);
        series.push({ p50, p90: (k) => Math.max(p50(k), stepValue(f.p90, offset, k)) });
      } else {
        series.push({ p50: () => v.load, p90: () => v.load });
      }
    }
    return nodeProfile(series, horizon);
  }

  /** This node's co-access with `id`, from its own sketch: partner -> requests per interval. */
  private ownPartners(id: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const p of this.coAccess) {
      if (p.a === id) out.set(p.b, Math.max(out.get(p.b) ?? 0, p.rate));
      else if (p.b === id) out.set(p.a, Math.max(out.get(p.a) ?? 0, p.rate));
    }
    return out;
  }

  /** The bid for one AuctionOpen: one entry per lot. */
  bid(open: AuctionOpen__Output): Bid {
    this.answered++;
    const intervalMs = Number(open.intervalMs);
    const startMs = Number(open.startMs);
    const capOpsPerS = this.opts.capacityOpsPerS > 0 ? this.opts.capacityOpsPerS : open.defaultCapacityOpsPerS;
    const capacity = (capOpsPerS * intervalMs) / 1000;
    const hostCpu = this.opts.hostCpu?.();
    const header = { auctionId: open.auctionId, hostCpuUtilisation: hostCpu !== undefined && Number.isFinite(hostCpu) ? hostCpu : 0, capacity: Number.isFinite(capacity) ? capacity : 0 };
    const refuseAll = (reason: string): Bid => ({ ...header, lots: open.lots.map((l) => ({ microshardId: l.microshardId, willing: false, reason })) });
    if (!(intervalMs > 0)) return refuseAll(`auction interval_ms ${open.intervalMs} is not positive`);
    if (!(capacity > 0)) return refuseAll('no capacity known: the sidecar states none and the auction gives no default');
    let cfg: PlannerConfig;
    try {
      cfg = plannerConfig({
        maxConcurrentPerNode: open.maxConcurrentPerNode,
        nodeBytesBudgetPerInterval: open.nodeBytesBudgetPerInterval,
        budgetWindow: open.budgetWindow,
        coAccessWeight: open.coAccessWeight,
        proximityWeight: open.proximityWeight,
      });
    } catch (err) {
      return refuseAll(`bad auction terms: ${(err as Error).message}`);
    }
    let horizon = 1;
    for (const l of open.lots) for (const s of l.predicted) horizon = Math.max(horizon, s.values.length);
    const profile = this.profile(startMs, intervalMs, horizon);
    const view = bidderView({ node: this.opts.nodeId, capacity, region: this.opts.region || undefined, profile, holds: (id) => this.opts.holds(id) });
    let peakOwn = 0;
    for (const v of profile) peakOwn = Math.max(peakOwn, v);
    const lots: LotBid[] = open.lots.map((lot, i) => {
      if (i >= MAX_LOTS_PER_AUCTION) return { microshardId: lot.microshardId, willing: false, reason: `more than ${MAX_LOTS_PER_AUCTION} lots in one auction` };
      const core = lotOfWire(lot);
      const b = bidOnLot(view, core, cfg, this.ownPartners(lot.microshardId));
      if (!isBid(b)) return { microshardId: lot.microshardId, willing: false, reason: b.refused };
      let lotPeak = 0;
      for (let k = 0; k < core.p90.length; k++) lotPeak = Math.max(lotPeak, Number.isFinite(core.p90[k]!) && core.p90[k]! > 0 ? core.p90[k]! : 0);
      const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
      const reason =
        `headroom ${pct(b.headroom)} of ${capacity.toFixed(0)} ops/interval after absorbing p90 peak ${lotPeak.toFixed(1)} (own p90 peak ${peakOwn.toFixed(1)})` +
        (b.coAccess > 0 ? `; co-access ${b.coAccess.toFixed(2)}/interval with microshards held here` : '') +
        (b.proximity > 0 ? `; ${pct(b.proximity)} of its accesses from region ${this.opts.region}` : '') +
        (hostCpu !== undefined ? `; host CPU ${pct(hostCpu)}` : '');
      return { microshardId: lot.microshardId, headroom: b.headroom, coAccess: b.coAccess, proximity: b.proximity, score: b.score, willing: true, reason };
    });
    return { ...header, lots };
  }
}

/** A wire lot as core's Lot (the p90 series is the quantile nearest 0.9; p50 is not priced). */
function lotOfWire(lot: AuctionLot__Output): Lot {
  const p90 = lot.predicted[nearestLevel(lot.quantiles, 0.9)]?.values ?? [];
  return {
    microshardId: lot.microshardId,
    start: lot.start,
    end: lot.end,
    owner: lot.owner,
    why: lot.why as Lot['why'],
    p50: [],
    p90,
    sizeBytes: Number(lot.sizeBytes),
    coAccess: lot.coAccess.map((p) => ({ partner: p.microshardId, weight: p.weight })),
    regions: lot.clientRegions,
  };
}

/** The planner's AuctionItem for a lot, with this node's own co-access pairs folded in. */
export function auctionItem(lot: AuctionLot__Output, ownPartners: ReadonlyMap<string, number> = new Map()): AuctionItem {
  return auctionItemOf(lotOfWire(lot), ownPartners);
}
