// The planner's working state for one round: per-microshard p90/p50 profiles over the horizon and
// per-node predicted load profiles (p90 sums, with migrations in flight and their copy load laid
// in). Operators chosen this round are applied to it, so each next choice sees the earlier ones.
import type { RegionLatency } from '../region-latency.js';
import type { PlannerConfig } from './config.js';
import type { AccessHistogram, CoAccessPartner, MicroshardSnapshot, NodeId, PlannerSnapshot } from './snapshot.js';
import { calibrateInto, type ForecastSkill } from './skill.js';
import { p90Of, withSpread } from './profile.js';

export interface MsState {
  id: string;
  start: bigint;
  end: bigint;
  /** Owner after the operators planned so far (the target for one in flight). */
  owner: NodeId;
  bytes: number;
  load: number;
  p50: Float64Array;
  p90: Float64Array;
  /** max of p90 over the horizon. */
  peak: number;
  busy: boolean;
  createdAt: number;
  lastMove?: { at: number; from: NodeId; to: NodeId };
  histogram?: AccessHistogram;
  coAccess?: readonly CoAccessPartner[];
  regions?: Readonly<Record<string, number>>;
  regionTotal: number;
  /** The microshard's forecast record, when the snapshot carried one (explain records summarise it). */
  skill?: ForecastSkill;
  /** False once split or merged away in this round. */
  alive: boolean;
}

export interface NodeState {
  id: NodeId;
  capacity: number;
  /** Takes new microshards (false while it is being drained). */
  accepts: boolean;
  region?: string;
  zone?: string;
  /**
   * Predicted p90 load per step: mean[k] + sqrt(spread[k]). Microshards' forecast errors are
   * taken as independent, so their p90 - p50 spreads add in quadrature rather than linearly (a
   * plain sum of p90s would predict overload that is far less likely than 10%).
   */
  profile: Float64Array;
  /** Sum of the microshards' p50 per step, copy load included. */
  mean: Float64Array;
  /** Sum of the microshards' squared (p90 - p50) per step. */
  spread: Float64Array;
  bytes: number;
  microshards: Set<MsState>;
  /** Bumped whenever `microshards` changes (lets policies cache per-node sums). */
  version: number;
  /** Migrations in flight touching the node, planned ones included. */
  inFlight: number;
  /** Bytes sent + received within the budget window, planned ones included. */
  bytesInWindow: number;
}

export interface WorkingState {
  now: number;
  horizon: number;
  cfg: PlannerConfig;
  /** Sorted by start; dead entries (split/merged away) are dropped by compact(). */
  ms: MsState[];
  byId: Map<string, MsState>;
  nodes: NodeState[];
  nodeById: Map<NodeId, NodeState>;
  /** Cluster utilisation per step: total expected (p50) load / total capacity (moves keep it). */
  meanUtil: Float64Array;
  /** Bytes per unit of capacity, cluster-wide. */
  bytesPerCapacity: number;
  nextId: bigint;
  /** Inter-region latencies weighting proximity (absent: an access is local or remote). */
  latency?: RegionLatency;
}

/** The first `h` values of a forecast as a Float64Array (no copy when it already is one). */
export function profileOf(values: ArrayLike<number> | undefined, h: number, fallback: number): Float64Array {
  if (values instanceof Float64Array && values.length >= h) return values.length === h ? values : values.subarray(0, h);
  const out = new Float64Array(h);
  const n = values?.length ?? 0;
  for (let i = 0; i < h; i++) {
    const v = i < n ? values![i]! : n > 0 ? values![n - 1]! : fallback;
    out[i] = Number.isFinite(v) && v > 0 ? v : 0;
  }
  return out;
}

export function peakOf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

function calibrates(s: MicroshardSnapshot): boolean {
  return s.skill !== undefined && (s.forecast.p50.length > 0 || s.forecast.p90.length > 0);
}

/**
 * Calibrated profiles of one snapshot (index = position in snap.microshards; undefined = none),
 * carved out of one buffer sized up front: a Float64Array of its own per microshard costs a
 * separate backing store each, which at 100,000 microshards costs more than the calibration.
 * Kept per snapshot object, so that policy selection, which builds the state of the same
 * snapshot once per policy, calibrates once; the planner never writes into these arrays.
 */
interface Calibrated {
  cfg: PlannerConfig;
  microshards: readonly MicroshardSnapshot[];
  p50: (Float64Array | undefined)[];
  p90: (Float64Array | undefined)[];
}

const calibratedBySnapshot = new WeakMap<PlannerSnapshot, Calibrated>();

function calibratedProfiles(snap: PlannerSnapshot, cfg: PlannerConfig): Calibrated {
  const cached = calibratedBySnapshot.get(snap);
  if (cached && cached.cfg === cfg && cached.microshards === snap.microshards) return cached;
  const h = cfg.horizon;
  const list = snap.microshards;
  let count = 0;
  for (const s of list) if (calibrates(s)) count++;
  const buf = new Float64Array(2 * h * count);
  const out: Calibrated = { cfg, microshards: list, p50: new Array(list.length), p90: new Array(list.length) };
  let at = 0;
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    if (!calibrates(s)) continue;
    const p50 = buf.subarray(at, at + h);
    const p90 = buf.subarray(at + h, at + 2 * h);
    at += 2 * h;
    calibrateInto(s.forecast, s.skill, h, cfg, p50, p90);
    out.p50[i] = p50;
    out.p90[i] = p90;
  }
  calibratedBySnapshot.set(snap, out);
  return out;
}

function msStateOf(s: MicroshardSnapshot, h: number, cal: Calibrated, i: number): MsState {
  const c50 = cal.p50[i];
  const p50 = c50 ?? profileOf(s.forecast.p50, h, s.load);
  const p90 = cal.p90[i] ?? profileOf(s.forecast.p90, h, s.load);
  const skill = c50 ? s.skill : undefined;
  let regionTotal = 0;
  if (s.regions) for (const r in s.regions) regionTotal += s.regions[r]!;
  return {
    id: s.id,
    start: s.start,
    end: s.end,
    owner: s.owner,
    bytes: s.sizeBytes,
    load: s.load,
    p50,
    p90,
    peak: peakOf(p90),
    busy: s.busy === true,
    createdAt: s.createdAt,
    lastMove: s.lastMove,
    histogram: s.histogram,
    coAccess: s.coAccess,
    regions: s.regions,
    regionTotal,
    skill,
    alive: true,
  };
}

export function buildState(snap: PlannerSnapshot, cfg: PlannerConfig): WorkingState {
  const h = cfg.horizon;
  const nodes: NodeState[] = [];
  const nodeById = new Map<NodeId, NodeState>();
  for (const n of snap.nodes) {
    if (!(n.capacity > 0)) throw new RangeError(`node ${n.id} has no capacity (${n.capacity})`);
    if (nodeById.has(n.id)) throw new RangeError(`node ${n.id} listed twice`);
    const st: NodeState = { id: n.id, capacity: n.capacity, region: n.region, zone: n.zone, accepts: n.acceptsMicroshards !== false, profile: new Float64Array(h), mean: new Float64Array(h), spread: new Float64Array(h), bytes: 0, microshards: new Set(), version: 0, inFlight: 0, bytesInWindow: 0 };
    nodes.push(st);
    nodeById.set(n.id, st);
  }
  const ms: MsState[] = new Array(snap.microshards.length);
  const byId = new Map<string, MsState>();
  const migrating = new Map(snap.migrations.map((m) => [m.microshard, m]));
  const cal = calibratedProfiles(snap, cfg);
  for (let i = 0; i < snap.microshards.length; i++) {
    const s = snap.microshards[i]!;
    const st = msStateOf(s, h, cal, i);
    ms[i] = st;
    byId.set(st.id, st);
    const mig = migrating.get(s.id);
    if (mig) {
      st.busy = true;
      const from = nodeById.get(mig.from);
      const to = nodeById.get(mig.to);
      const r = Math.max(0, Math.min(h, mig.remainingIntervals));
      for (let k = 0; k < h; k++) {
        if (k < r) {
          if (from) addAt(from, st, k, 1, cfg.copyLoadFraction * from.capacity);
          if (to) to.mean[k]! += cfg.copyTargetLoadFraction * to.capacity;
        } else if (to) addAt(to, st, k, 1, 0);
      }
      if (from) from.inFlight++;
      if (to) {
        to.inFlight++;
        st.owner = to.id;
      }
    } else {
      const owner = nodeById.get(s.owner);
      if (owner) for (let k = 0; k < h; k++) addAt(owner, st, k, 1, 0);
    }
    const owner = nodeById.get(st.owner);
    if (owner) {
      owner.microshards.add(st);
      owner.bytes += st.bytes;
    }
  }
  for (const m of snap.recentMoves) {
    if (snap.now - m.at >= cfg.budgetWindow) continue;
    const from = nodeById.get(m.from);
    const to = nodeById.get(m.to);
    if (from) from.bytesInWindow += m.bytes;
    if (to) to.bytesInWindow += m.bytes;
  }
  const meanUtil = new Float64Array(h);
  let totalCap = 0;
  let totalBytes = 0;
  for (const n of nodes) {
    refresh(n);
    totalCap += n.capacity;
    totalBytes += n.bytes;
    for (let k = 0; k < h; k++) meanUtil[k]! += n.mean[k]!;
  }
  if (totalCap > 0) for (let k = 0; k < h; k++) meanUtil[k] = meanUtil[k]! / totalCap;
  return { now: snap.now, horizon: h, cfg, ms, byId, nodes, nodeById, meanUtil, bytesPerCapacity: totalCap > 0 ? totalBytes / totalCap : 0, nextId: snap.nextMicroshardId, latency: snap.regionLatency };
}

/** Adds (sign 1) or removes (sign -1) a microshard's forecast at step k, plus `extra` load. */
export function addAt(n: NodeState, ms: MsState, k: number, sign: 1 | -1, extra: number): void {
  n.mean[k]! += sign * ms.p50[k]! + extra;
  n.spread[k] = withSpread(n.spread[k]!, ms.p50[k]!, ms.p90[k]!, sign);
}

/** Recomputes the p90 profile from mean and spread. */
export function refresh(n: NodeState): void {
  for (let k = 0; k < n.profile.length; k++) n.profile[k] = p90Of(n.mean[k]!, n.spread[k]!);
}

/** Node's p90 at step k if `ms` were added (sign 1) or removed (sign -1), plus `extra` load. */
export function loadWith(n: NodeState, ms: MsState, k: number, sign: 1 | -1, extra = 0): number {
  return p90Of(n.mean[k]! + sign * ms.p50[k]! + extra, withSpread(n.spread[k]!, ms.p50[k]!, ms.p90[k]!, sign));
}

/** Drops microshards split or merged away and keeps the list sorted by start. */
export function compact(state: WorkingState): void {
  state.ms = state.ms.filter((m) => m.alive).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

export function allocateId(state: WorkingState): string {
  const id = state.nextId;
  state.nextId = id + 1n;
  return id.toString(10);
}

/** Sum of predicted (p90) load above capacity over the horizon, for one node. */
export function nodeOverload(n: NodeState): number {
  let s = 0;
  const p = n.profile;
  for (let k = 0; k < p.length; k++) if (p[k]! > n.capacity) s += p[k]! - n.capacity;
  return s;
}

export function totalOverload(state: WorkingState): number {
  let s = 0;
  for (const n of state.nodes) s += nodeOverload(n);
  return s;
}
