// Lots: what the coordinator puts up for auction and why. A lot carries the microshard's own
// forecast (p50/p90 per step of the horizon, from the snapshot, not the planner's calibrated
// one: the bidders see what the forecaster said), its size, co-access and client regions. The
// live coordinator sends lots over the Sessions (coordinator/planner/auction.ts); the simulator
// hands them to local bidders (./bidder.ts). Both build them here.
import { positionToHex } from '../keyspace.js';
import type { AuctionItem } from './bidding.js';
import type { Operator } from './operator.js';
import type { CoAccessPartner, MicroshardSnapshot } from './snapshot.js';

/** Why a microshard is up for auction (AuctionLot.why). */
export type LotWhy = 'predicted-overload' | 'imbalance' | 'orphaned' | 'new-split-half';

export interface Lot {
  microshardId: string;
  start: string;
  end: string;
  owner: string;
  why: LotWhy;
  /** Ops per interval for steps 1..H from the auction's start. */
  p50: ArrayLike<number>;
  p90: ArrayLike<number>;
  sizeBytes: number;
  coAccess: ReadonlyArray<{ partner: string; weight: number }>;
  regions?: Readonly<Record<string, number>>;
}

/** A microshard's forecast over `h` steps (its load where there is none; p90 never below p50). */
export function seriesOf(m: MicroshardSnapshot, h: number): { p50: number[]; p90: number[] } {
  const pick = (a: ArrayLike<number>, k: number) => (a.length === 0 ? m.load : a[Math.min(a.length - 1, k)]!);
  const p50: number[] = [];
  const p90: number[] = [];
  for (let k = 0; k < h; k++) {
    const a = pick(m.forecast.p50, k);
    p50.push(a);
    p90.push(Math.max(a, pick(m.forecast.p90, k)));
  }
  return { p50, p90 };
}

/** The lot of an existing microshard. */
export function lotOf(m: MicroshardSnapshot, why: LotWhy, h: number): Lot {
  const s = seriesOf(m, h);
  return { microshardId: m.id, start: positionToHex(m.start), end: positionToHex(m.end), owner: m.owner, why, p50: s.p50, p90: s.p90, sizeBytes: m.sizeBytes, coAccess: m.coAccess ?? [], regions: m.regions };
}

/** The pieces a split operator would make, as lots (forecast, size and co-access apportioned). */
export function splitPieces(op: Operator, byId: ReadonlyMap<string, MicroshardSnapshot>, h: number): Lot[] {
  const steps = op.steps.filter((s): s is Extract<Operator['steps'][number], { kind: 'split' }> => s.kind === 'split');
  if (steps.length === 0) return [];
  const parent = byId.get(steps[0]!.microshard);
  if (!parent) return [];
  const cuts = steps.map((s) => s.at).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const bounds = [parent.start, ...cuts, parent.end];
  const ids: string[] = new Array(cuts.length + 1);
  for (const s of steps) ids[cuts.indexOf(s.at) + 1] = s.right;
  const lowest = steps.reduce((a, b) => (b.at < a.at ? b : a));
  ids[0] = lowest.left;
  const width = Number(parent.end - parent.start);
  const given = op.inputs.shares;
  const shares = Array.isArray(given) && given.length === ids.length && given.every((x) => typeof x === 'number') ? (given as number[]) : ids.map((_, i) => Number(bounds[i + 1]! - bounds[i]!) / width);
  const s = seriesOf(parent, h);
  return ids.map((id, i) => ({
    microshardId: id,
    start: positionToHex(bounds[i]!),
    end: positionToHex(bounds[i + 1]!),
    owner: parent.owner,
    why: 'new-split-half' as const,
    p50: s.p50.map((v) => v * shares[i]!),
    p90: s.p90.map((v) => v * shares[i]!),
    sizeBytes: Math.round((parent.sizeBytes * Number(bounds[i + 1]! - bounds[i]!)) / width),
    coAccess: (parent.coAccess ?? []).map((p) => ({ partner: p.partner, weight: p.weight * shares[i]! })),
    regions: parent.regions && Object.fromEntries(Object.entries(parent.regions).map(([r, v]) => [r, v * shares[i]!])),
  }));
}

/**
 * What a bidder prices: the lot's p90 (non-finite or negative steps as 0), with the bidder's own
 * co-access pairs folded in (the stronger weight of a pair wins) and positive regions only.
 */
export function auctionItemOf(lot: Pick<Lot, 'microshardId' | 'p90' | 'sizeBytes' | 'coAccess' | 'regions'>, ownPartners: ReadonlyMap<string, number> = new Map()): AuctionItem {
  const p90 = Array.from(lot.p90, (v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const partners = new Map<string, number>();
  for (const p of lot.coAccess) if (p.weight > 0) partners.set(p.partner, Math.max(partners.get(p.partner) ?? 0, p.weight));
  for (const [id, w] of ownPartners) partners.set(id, Math.max(partners.get(id) ?? 0, w));
  const coAccess: CoAccessPartner[] = [...partners].map(([partner, weight]) => ({ partner, weight }));
  let regionTotal = 0;
  const regions: Record<string, number> = {};
  for (const [r, v] of Object.entries(lot.regions ?? {})) {
    if (!(v > 0)) continue;
    regions[r] = v;
    regionTotal += v;
  }
  return { microshard: lot.microshardId, p90, bytes: Number(lot.sizeBytes), coAccess, regions, regionTotal };
}
