// The planner's snapshot on the live leader, built from what it holds: the etcd mirror
// (microshards with owners, epochs and ages; live nodes with capacities, zones and regions), the
// migration records (in flight, recent moves for cool-downs and the bytes budget) and the load
// store (latest loads, forecast quantiles aligned to the coming intervals, access histograms,
// co-access pairs, sizes, host utilisation). Pure: sources in, snapshot out, so it is tested
// without a cluster. Time unit: the sidecars' telemetry interval (one planner step).
import type { RegionLatency } from '../../core/region-latency.js';
import type { Microshard } from '../../core/microshard.js';
import { parsePosition } from '../../core/keyspace.js';
import { isTerminal } from '../../core/migration-phases.js';
import type { PlannerConfig } from '../../core/planner/index.js';
import type { AccessHistogram, CoAccessPartner, LoadForecast, MicroshardSnapshot, MigrationInFlight, NodeSnapshot, PlannerSnapshot, RecentMove } from '../../core/planner/snapshot.js';
import type { LoadSnapshot, MicroshardForecastView } from '../cluster/load-store.js';
import type { NodeRecord } from '../cluster/state.js';
import type { MigrationRecord } from '../migration/record.js';
import { coAccessRate, nearestLevel } from '../../core/planner/bidding.js';
import { untrustedForecast, DEFAULT_ANOMALY_BAND_WIDEN } from '../../core/anomaly/planner-load.js';

/** A node whose latest load report is older than this many intervals makes the store "cold". */
export const DEFAULT_STALE_INTERVALS = 3;
/** Microshards named in a "waiting for loads" reason. */
const NAMED = 5;

export interface SnapshotSources {
  nowMs: number;
  microshards: readonly Microshard[];
  /** Live nodes (with a session lease). */
  nodes: readonly NodeRecord[];
  loads: LoadSnapshot;
  /** Migration records, finished ones included (cool-downs, bytes budget). */
  migrations: readonly MigrationRecord[];
  nextMicroshardId: bigint;
  /** Microshards of the bootstrap layout (ids below it are "initial": age 0). */
  initialMicroshards: number;
  /** Ops/s a node serves (its stated capacity, or the default for its type). */
  capacityOpsPerS: (node: NodeRecord) => number;
  /** Nodes being drained: they take no new microshards. */
  draining?: ReadonlySet<string>;
  cfg: PlannerConfig;
  currentPolicy?: string;
  /**
   * Microshards in an active anomaly episode, with the ops their owner observed in the flagged
   * interval: planned on max(observed, forecast) with a widened band (core/anomaly/planner-load.ts).
   * The observed value comes with the anomaly, which reaches the leader before the interval's load
   * report (the sidecar sends it before its forecast run).
   */
  anomalies?: ReadonlyMap<string, { nodeId: string; value: number }>;
  anomalyBandWiden?: number;
  regionLatency?: RegionLatency;
}

export type Readiness = { ready: true; intervalMs: number } | { ready: false; because: string };

/** The telemetry interval most nodes report with (0 when none reported). */
export function reportInterval(loads: LoadSnapshot): number {
  const counts = new Map<number, number>();
  for (const n of loads.nodes.values()) if (n.intervalMs > 0) counts.set(n.intervalMs, (counts.get(n.intervalMs) ?? 0) + 1);
  let best = 0;
  let bestN = 0;
  for (const [iv, n] of counts) if (n > bestN || (n === bestN && iv < best)) [best, bestN] = [iv, n];
  return best;
}

/**
 * Whether the load store is complete enough to plan on: every live node reported recently, and
 * every microshard a live node owns has a load from that owner (after a failover the store starts
 * empty; after a split, move or merge the new owner reports it with its next interval).
 */
export function readiness(src: Pick<SnapshotSources, 'nowMs' | 'microshards' | 'nodes' | 'loads'> & { migrations?: readonly MigrationRecord[] }, staleIntervals = DEFAULT_STALE_INTERVALS): Readiness {
  if (src.nodes.length === 0) return { ready: false, because: 'no live nodes' };
  // Initial placement is the leader's reconciliation (it waits for bootstrapNodes), not the planner's.
  const unassigned = src.microshards.filter((m) => !m.owner).length;
  if (unassigned > 0) return { ready: false, because: `initial placement pending: ${unassigned} microshard(s) not assigned yet` };
  const intervalMs = reportInterval(src.loads);
  if (intervalMs <= 0) return { ready: false, because: 'load store cold: no load report since this leader took over' };
  for (const n of src.nodes) {
    const v = src.loads.nodes.get(n.id);
    if (!v) return { ready: false, because: `load store cold: no load report from ${n.id} since this leader took over` };
    const age = src.nowMs - v.receivedAtMs;
    if (age > staleIntervals * Math.max(v.intervalMs, intervalMs)) return { ready: false, because: `load reports from ${n.id} are stale (last ${(age / 1000).toFixed(1)} s ago)` };
  }
  const live = new Set(src.nodes.map((n) => n.id));
  const missing: string[] = [];
  let count = 0;
  for (const m of src.microshards) {
    if (!m.owner || !live.has(m.owner) || m.state !== 'ACTIVE') continue;
    const l = src.loads.loads.get(m.id);
    if (!l || l.nodeId !== m.owner) {
      count++;
      if (missing.length < NAMED) missing.push(m.id);
    }
  }
  if (count > 0) return { ready: false, because: `waiting for the loads of ${count} microshard(s) from their owners (${missing.join(', ')}${count > NAMED ? ', ...' : ''})` };
  // A microshard moved during an interval is reported by its new owner for the rest of it only:
  // that partial interval would look cold (and make its node look light). Wait for a full one.
  const recent = (src.migrations ?? []).filter((r) => r.committedAtMs > 0 && src.nowMs - r.committedAtMs < staleIntervals * intervalMs);
  for (const r of recent) {
    const start = parsePosition(r.start);
    const end = parsePosition(r.end, true);
    for (const m of src.microshards) {
      if (m.owner !== r.target || m.start < start || m.end > end) continue;
      const l = src.loads.loads.get(m.id);
      if (l && l.intervalStartMs < r.committedAtMs) return { ready: false, because: `waiting for a full interval of microshard ${m.id} from ${m.owner}, its owner since migration ${r.id}` };
    }
  }
  return { ready: true, intervalMs };
}

/** Steps [offset, offset + h) of a forecast series (the last value beyond its end). */
function window(series: Float32Array, offset: number, h: number): number[] {
  const out: number[] = [];
  if (series.length === 0) return out;
  for (let k = 0; k < h; k++) {
    const v = series[Math.min(series.length - 1, Math.max(0, offset + k))]!;
    out.push(Number.isFinite(v) && v > 0 ? v : 0);
  }
  return out;
}

/** p50 and p90 for steps 1..h starting at `stepStartMs` (forecasts made an interval or two ago are shifted). */
export function alignForecast(f: MicroshardForecastView, stepStartMs: number, h: number): LoadForecast | undefined {
  if (f.values.length === 0 || f.horizon === 0 || !(f.intervalMs > 0)) return undefined;
  const offset = Math.max(0, Math.round((stepStartMs - f.startMs) / f.intervalMs));
  if (offset >= f.horizon) return undefined; // the whole forecast is in the past
  const p50 = window(f.values[nearestLevel(f.quantiles, 0.5)]!, offset, Math.min(h, f.horizon - offset));
  const p90raw = window(f.values[nearestLevel(f.quantiles, 0.9)]!, offset, p50.length);
  return { p50, p90: p90raw.map((v, i) => Math.max(v, p50[i]!)) };
}

/**
 * The access histogram over the microshard's range: the buckets cover the sidecar's window (the
 * whole range unless it zoomed in on where the accesses were); the edge buckets also hold the
 * accesses outside the window, so the first edge is the range's start and the last its end.
 */
function histogramOf(m: Microshard, buckets: readonly number[], window?: { start: bigint; end: bigint }): AccessHistogram | undefined {
  if (buckets.length === 0) return undefined;
  const n = BigInt(buckets.length);
  const inside = window && window.start >= m.start && window.end <= m.end && window.start < window.end ? window : { start: m.start, end: m.end };
  const width = inside.end - inside.start;
  if (width < n) return undefined;
  const edges: bigint[] = [];
  for (let i = 0n; i <= n; i++) edges.push(i === 0n ? m.start : i === n ? m.end : inside.start + (width * i) / n);
  return { edges, counts: buckets.map((c) => (Number.isFinite(c) && c > 0 ? c : 0)) };
}

/** Phases that move data (the migration manager counts them against K). */
const MOVING = new Set(['PLANNED', 'COPYING', 'CATCHING_UP', 'CUTOVER']);

export interface BuiltSnapshot {
  snap: PlannerSnapshot;
  intervalMs: number;
  /** Start of planner step 0 (the interval now open), ms. */
  stepStartMs: number;
}

export function buildSnapshot(src: SnapshotSources, intervalMs: number): BuiltSnapshot {
  const T = intervalMs;
  const h = src.cfg.horizon;
  const open = Math.floor(src.nowMs / T);
  const now = open - 1;
  const stepStartMs = open * T;
  const at = (ms: number) => Math.floor(ms / T);
  const sorted = [...src.microshards].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));

  // Co-access pairs as every reporting node saw them (the larger estimate wins).
  const partners = new Map<string, Map<string, number>>();
  const addPartner = (a: string, b: string, w: number) => {
    let m = partners.get(a);
    if (!m) partners.set(a, (m = new Map()));
    m.set(b, Math.max(m.get(b) ?? 0, w));
  };
  for (const v of src.loads.nodes.values()) {
    for (const p of v.coAccess) {
      const w = coAccessRate(p.count, v.intervalMs || T);
      if (!(w > 0)) continue;
      addPartner(p.a, p.b, w);
      addPartner(p.b, p.a, w);
    }
  }

  // Migrations: in flight (busy ranges, load moving), and the latest committed move per range.
  const active = src.migrations.filter((r) => !isTerminal(r.phase));
  const locks = active.map((r) => ({ start: parsePosition(r.lockStart), end: parsePosition(r.lockEnd, true) }));
  const committed = src.migrations.filter((r) => r.committedAtMs > 0).sort((a, b) => b.committedAtMs - a.committedAtMs);
  const byId = new Map(sorted.map((m) => [m.id, m]));
  const sizeOf = (id: string) => src.loads.loads.get(id)?.sizeBytes ?? 0;

  const microshards: MicroshardSnapshot[] = sorted.map((m) => {
    const lv = src.loads.loads.get(m.id);
    const load = lv && lv.nodeId === m.owner ? lv : undefined;
    const fv = src.loads.forecasts.get(m.id);
    let forecast = fv && fv.nodeId === m.owner ? alignForecast(fv, stepStartMs, h) : undefined;
    const anomaly = src.anomalies?.get(m.id);
    const anomalous = anomaly && anomaly.nodeId === m.owner ? anomaly : undefined;
    if (anomalous) forecast = untrustedForecast(forecast ?? { p50: [], p90: [] }, Math.max(anomalous.value, load?.ops ?? 0), h, src.anomalyBandWiden ?? DEFAULT_ANOMALY_BAND_WIDEN);
    const busy = locks.some((l) => l.start < m.end && m.start < l.end);
    let lastMove: MicroshardSnapshot['lastMove'];
    for (const r of committed) {
      if (r.target !== m.owner) continue;
      if (parsePosition(r.start) <= m.start && m.end <= parsePosition(r.end, true)) {
        lastMove = { at: at(r.committedAtMs), from: r.source, to: r.target };
        break;
      }
    }
    const co = partners.get(m.id);
    const coAccess: CoAccessPartner[] | undefined = co ? [...co].filter(([p]) => p !== m.id).map(([partner, weight]) => ({ partner, weight })) : undefined;
    const initial = BigInt(m.id) < BigInt(src.initialMicroshards);
    return {
      id: m.id,
      start: m.start,
      end: m.end,
      owner: m.owner,
      sizeBytes: load?.sizeBytes ?? 0,
      load: Math.max(load?.ops ?? 0, anomalous?.value ?? 0),
      forecast: forecast ?? { p50: [], p90: [] },
      histogram: load ? histogramOf(m, load.accessBuckets, load.accessWindow) : undefined,
      regions: load?.clientRegions && Object.keys(load.clientRegions).length > 0 ? load.clientRegions : undefined,
      coAccess,
      createdAt: initial ? 0 : at(m.createdAtMs),
      lastMove,
      busy: busy || undefined,
    };
  });

  const bw = src.cfg.migrationBandwidth;
  const migrations: MigrationInFlight[] = [];
  const recentMoves: RecentMove[] = [];
  for (const r of src.migrations) {
    const size = sizeOf(r.microshardId);
    const copied = Number(r.bytes) || 0;
    if (MOVING.has(r.phase) && byId.has(r.microshardId)) {
      const left = r.phase === 'CUTOVER' ? 0 : Math.max(1, Math.ceil(Math.max(0, size - (r.phase === 'PLANNED' ? 0 : copied)) / bw));
      migrations.push({ microshard: r.microshardId, from: r.source, to: r.target, bytes: size, remainingIntervals: left });
    }
    if (now - at(r.plannedAtMs) < src.cfg.budgetWindow) {
      recentMoves.push({ microshard: r.microshardId, from: r.source, to: r.target, bytes: isTerminal(r.phase) ? copied : Math.max(copied, size), at: at(r.plannedAtMs) });
    }
  }

  const nodes: NodeSnapshot[] = [...src.nodes]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((n) => {
      const host = src.loads.nodes.get(n.id)?.host;
      return {
        id: n.id,
        capacity: (src.capacityOpsPerS(n) * T) / 1000,
        utilisation: host?.cpuUtilisation,
        zone: n.zone || undefined,
        region: n.region || undefined,
        acceptsMicroshards: !src.draining?.has(n.id),
      };
    });

  return {
    snap: { now, microshards, nodes, migrations, recentMoves, nextMicroshardId: src.nextMicroshardId, currentPolicy: src.currentPolicy, regionLatency: src.regionLatency },
    intervalMs: T,
    stepStartMs,
  };
}
