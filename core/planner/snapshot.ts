// What the planner sees in one round: a plain-data snapshot. The live coordinator builds it from
// etcd state and sidecar reports; the simulator builds it from a replayed trace. No I/O, no clock:
// `now` is an input like everything else.
import type { RegionLatency } from '../region-latency.js';
import type { ForecastSkill } from './skill.js';
import type { LoadForecast } from './forecast.js';

/** Decimal string of a non-negative integer (bigint-sized). */
export type MicroshardId = string;
export type NodeId = string;

/** Accesses across a microshard's hash range, from the owner's recent reports. */
export interface AccessHistogram {
  /** Ascending bucket boundaries; edges[0] = range start, last = range end; bucket i = [edges[i], edges[i+1]). */
  edges: readonly bigint[];
  /** Recent accesses per bucket (edges.length - 1 of them). */
  counts: readonly number[];
}

export type { LoadForecast } from './forecast.js';

export interface CoAccessPartner {
  partner: MicroshardId;
  /** Co-accessed events per interval (recent, decayed). */
  weight: number;
}

export interface MicroshardSnapshot {
  id: MicroshardId;
  /** Inclusive. */
  start: bigint;
  /** Exclusive (2^64 for the last). */
  end: bigint;
  owner: NodeId;
  sizeBytes: number;
  /** Ops observed in the latest interval. */
  load: number;
  forecast: LoadForecast;
  /**
   * The microshard's forecast record (skill.ts, kept by the caller between rounds): when given,
   * the planner acts on the forecast calibrated by it instead of the raw one.
   */
  skill?: ForecastSkill;
  histogram?: AccessHistogram;
  coAccess?: readonly CoAccessPartner[];
  /** Recent ops per interval by client region. */
  regions?: Readonly<Record<string, number>>;
  /** Interval at which a split or merge created it (0 for the initial layout). */
  createdAt: number;
  lastMove?: { at: number; from: NodeId; to: NodeId };
  /** Part of an operator still in flight (migration, pending merge): not touched this round. */
  busy?: boolean;
}

export interface NodeSnapshot {
  id: NodeId;
  /** Ops per interval the node serves. */
  capacity: number;
  /** Host utilisation 0..1 from the sidecar (informational; loads come from microshards). */
  utilisation?: number;
  zone?: string;
  region?: string;
  /** false: being drained, takes no new microshards (its own may still move off). Default true. */
  acceptsMicroshards?: boolean;
}

export interface MigrationInFlight {
  microshard: MicroshardId;
  from: NodeId;
  to: NodeId;
  bytes: number;
  /** Intervals of copying left; cutover happens right after them. */
  remainingIntervals: number;
}

/** A move started recently (for the per-node bytes budget); include those still in flight. */
export interface RecentMove {
  microshard: MicroshardId;
  from: NodeId;
  to: NodeId;
  bytes: number;
  at: number;
}

/** A sidecar's bid for a microshard put up for auction (see bidding.ts). */
export interface Bid {
  node: NodeId;
  microshard: MicroshardId;
  /** Fraction of capacity left at the worst step after absorbing the microshard (may be < 0). */
  headroom: number;
  /** Co-access weight with microshards the node already holds. */
  coAccess: number;
  /** Share of the microshard's accesses that come from the node's region (0..1). */
  proximity: number;
  /** One number to rank bids by; the award itself goes through the cost function. */
  score: number;
}

export interface PlannerSnapshot {
  /** The interval just observed; decisions take effect from now + 1. */
  now: number;
  /** Sorted by start; they tile the keyspace. */
  microshards: readonly MicroshardSnapshot[];
  /** Live nodes (an owner missing from here is gone: its microshards are orphans). */
  nodes: readonly NodeSnapshot[];
  migrations: readonly MigrationInFlight[];
  recentMoves: readonly RecentMove[];
  /** First id free for microshards created this round (splits, merges). */
  nextMicroshardId: bigint;
  /**
   * First id per policy name, when several policies plan the same round (core/planner/round.ts):
   * each policy's pass then hands out ids of its own, so a new split half's id names one piece
   * only, whichever pass planned it. A policy not listed starts at nextMicroshardId.
   */
  idBase?: ReadonlyMap<string, bigint>;
  /** Bids received from sidecars, by microshard; when absent the same code computes them here. */
  bids?: ReadonlyMap<MicroshardId, readonly Bid[]>;
  /** Policy in force, for the selector's hysteresis. */
  currentPolicy?: string;
  /** Client-to-node latencies between regions: proximity weighs a remote access by its latency. */
  regionLatency?: RegionLatency;
}
