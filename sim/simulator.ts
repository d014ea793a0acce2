// Discrete-time replay of a trace under one controller. Each interval t:
//   1. migrations whose copy finished cut over (owner changes; pending merges complete);
//   2. the layout in force is recorded (timeline) when it changed;
//   3. the interval's rows are routed to microshards and nodes; figures are taken;
//   4. the controller decides from what it has seen (the oracle also sees the future);
//   5. splits and merges apply at once (effective t + 1); a move starts copying: it copies
//      during t+1 .. t+d (d = ceil(bytes / bandwidth)), adding copy load on both nodes, and the
//      target serves from t+d+1.
import { DEFAULT_MIGRATION_BANDWIDTH, type PlannerConfig } from '../core/planner/config.js';
import type { Operator, OperatorStep } from '../core/planner/operator.js';
import type { LoadForecast, MicroshardSnapshot, PlannerSnapshot } from '../core/planner/snapshot.js';
import { positionToHex } from '../core/keyspace.js';
import { copyIntervals } from '../core/migration-cost.js';
import { SimCluster, type Slot } from './cluster.js';
import { percentile, weightedPercentile, type SimMetrics } from './metrics.js';
import { contextLength } from '../models/index.js';
import type { Trace } from './trace.js';
import type { RegionLatency } from '../core/region-latency.js';

/** Bytes a key is assumed to hold when sizing microshards. */
export const DEFAULT_BYTES_PER_KEY = 1024 * 1024;
/** Bytes one migration copies per interval: the planner's own default, so both price a copy alike. */
export const DEFAULT_BANDWIDTH = DEFAULT_MIGRATION_BANDWIDTH;
/** Length of the dominant cycle, in intervals (hourly intervals, daily cycle). */
export const DEFAULT_SEASON = 24;
/** Initial microshards per node when --microshards is not given. */
export const DEFAULT_MICROSHARDS_PER_NODE = 8;

export interface SimConfig {
  nodes: number;
  capacity: number;
  microshards: number;
  bytesPerKey: number;
  bandwidth: number;
  season: number;
  /** Planner settings shared by every controller (limits, thresholds, horizon, cooldown). */
  planner: PlannerConfig;
  /** Region of each node (n0, n1, ...); without it no placement is near or far from anyone. */
  nodeRegions?: readonly string[];
  /** Client-to-node latencies, for the access-latency figures (and the planner's proximity score). */
  latency?: RegionLatency;
}

/** Intervals of client-region history a microshard's region mix is averaged over. */
export const DEFAULT_REGION_WINDOW = 4;

export interface SimView {
  readonly t: number;
  readonly trace: Trace;
  readonly cfg: SimConfig;
  /** Histories of the microshards in keyspace order (oldest first, up to historyLength). */
  histories(): Float64Array[];
  /** True loads of the next h intervals per microshard under the current layout (oracle only). */
  futureLoads(h: number): Float64Array[];
  /** The planner's view of the cluster now; forecasts per microshard in keyspace order. */
  snapshot(forecasts?: readonly LoadForecast[]): PlannerSnapshot;
}

export interface DecisionInfo {
  operators: Operator[];
  explainRecords?: number;
  policySwitched?: boolean;
  /** Which forecaster made this round's forecasts, and how many series each method answered. */
  forecast?: { forecaster: string; version?: string; methods: Record<string, number> };
}

export interface Controller {
  readonly name: string;
  decide(view: SimView): DecisionInfo | Promise<DecisionInfo>;
}

interface Migration {
  slot: Slot;
  from: number;
  to: number;
  bytes: number;
  startedAt: number;
  /** First interval served by the target. */
  cutover: number;
  /** Steps of the same operator to run after the cutover. */
  then: OperatorStep[];
}

export interface TimelineEntry {
  t: number;
  microshards: { start: string; end: string; node: string }[];
}

export interface SimRunOptions {
  onTimeline?: (entry: TimelineEntry) => void;
  onProgress?: (t: number, total: number) => void;
}

/** Intervals of history kept per microshard: the model's full context (it is the longest need). */
export function historyLengthFor(cfg: SimConfig): number {
  return Math.max(2 * cfg.season + cfg.planner.horizon + 8, contextLength(cfg.season));
}

export async function simulate(trace: Trace, cfg: SimConfig, controller: Controller, opts: SimRunOptions = {}): Promise<SimMetrics> {
  const N = cfg.nodes;
  const C = cfg.capacity;
  const cluster = new SimCluster(trace, N, cfg.microshards, historyLengthFor(cfg));
  const nodeLoad = new Float64Array(N);
  const migrations: Migration[] = [];
  const recent: { bytes: number; at: number; from: number; to: number; id: string }[] = [];
  const m: SimMetrics = {
    overloaded_node_intervals: 0,
    overload_excess_ops: 0,
    max_mean_p50: 0,
    max_mean_p99: 0,
    moves: 0,
    bytes_moved: 0,
    splits: 0,
    merges: 0,
    thrash: 0,
    cross_node_group_fraction: 0,
    decision_ms_p99: 0,
    overloaded_with_copy: 0,
    rejected_steps: 0,
    scale_recommendations: 0,
    policy_switches: 0,
    explain_records: 0,
    intervals: trace.intervals,
    overloaded_at: [],
    cross_region_fraction: null,
  };
  // Regions: per trace region, the node regions' index (-1 when no node is in it) and latencies.
  const regionNames = trace.regionNames;
  const nodeRegion = cfg.nodeRegions ? Int32Array.from(cfg.nodeRegions, (r) => regionNames.indexOf(r)) : undefined;
  const latency = cfg.latency;
  if (latency && cfg.nodeRegions) {
    const missing = regionNames.filter((r) => !latency.regions.includes(r));
    if (missing.length > 0) throw new Error(`--region-latency-ms: the matrix has no row for trace region${missing.length === 1 ? '' : 's'} ${missing.map((r) => `"${r}"`).join(', ')} (it has ${latency.regions.join(', ')})`);
  }
  /** latencyMs[r * N + n]: a client in trace region r served by node n. */
  const latencyMs = latency && cfg.nodeRegions ? Float64Array.from({ length: regionNames.length * N }, (_, i) => latency.ms(regionNames[Math.floor(i / N)]!, cfg.nodeRegions![i % N]!)!) : undefined;
  const latencyOps = new Map<number, number>();
  let regionOps = 0;
  let crossRegionOps = 0;
  const ratios: number[] = [];
  const decisionMs: number[] = [];
  let groupIntervals = 0;
  let crossGroupIntervals = 0;
  let dirty = true;
  const copyLoadSource = cfg.planner.copyLoadFraction * C;
  const copyLoadTarget = cfg.planner.copyTargetLoadFraction * C;
  const K = cfg.planner.maxConcurrentPerNode;
  const inFlight = new Int32Array(N);

  const bytesOf = (s: Slot) => s.distinct * cfg.bytesPerKey;
  const durationOf = (bytes: number) => copyIntervals(bytes, cfg.bandwidth);

  const view = (t: number): SimView => ({
    t,
    trace,
    cfg,
    histories: () => cluster.order.map((s) => cluster.history(s)),
    futureLoads: (h) => {
      const out = cluster.order.map(() => new Float64Array(h));
      const pos = new Map<number, number>();
      cluster.order.forEach((s, i) => pos.set(s.idx, i));
      for (let k = 0; k < h; k++) {
        const u = t + 1 + k;
        if (u >= trace.intervals) break;
        for (let i = trace.rowStart[u]!; i < trace.rowStart[u + 1]!; i++) out[pos.get(cluster.keySlot[trace.keyOf[i]!]!)!]![k]! += trace.ops[i]!;
      }
      return out;
    },
    snapshot: (forecasts) => {
      const inFlightBy = new Map(migrations.map((x) => [x.slot, x]));
      const withGroups = trace.groupNames.length > 0;
      const regionMix = regionNames.length > 0 ? cluster.regionLoads(DEFAULT_REGION_WINDOW) : undefined;
      const microshards: MicroshardSnapshot[] = cluster.order.map((s, i) => {
        const base: MicroshardSnapshot = {
          id: s.id.toString(),
          start: s.start,
          end: s.end,
          owner: cluster.nodeIds[s.owner]!,
          sizeBytes: bytesOf(s),
          load: cluster.slotLoad[s.idx]!,
          forecast: forecasts?.[i] ?? { p50: [], p90: [] },
          coAccess: withGroups ? cluster.coAccess(s, t) : undefined,
          regions: regionMix?.get(s.idx),
          createdAt: s.createdAt,
          lastMove: s.lastMove && { at: s.lastMove.at, from: cluster.nodeIds[s.lastMove.from]!, to: cluster.nodeIds[s.lastMove.to]! },
          busy: s.busy || inFlightBy.has(s),
        };
        // Built only when the planner asks (split candidates), not for every microshard.
        Object.defineProperty(base, 'histogram', { get: () => cluster.histogram(s), enumerable: true });
        return base;
      });
      return {
        now: t,
        microshards,
        nodes: cluster.nodeIds.map((id, i) => ({ id, capacity: C, region: cfg.nodeRegions?.[i] })),
        migrations: migrations.map((x) => ({ microshard: x.slot.id.toString(), from: cluster.nodeIds[x.from]!, to: cluster.nodeIds[x.to]!, bytes: x.bytes, remainingIntervals: Math.max(0, x.cutover - 1 - t) })),
        recentMoves: recent.filter((r) => t - r.at < cfg.planner.budgetWindow).map((r) => ({ microshard: r.id, from: cluster.nodeIds[r.from]!, to: cluster.nodeIds[r.to]!, bytes: r.bytes, at: r.at })),
        nextMicroshardId: cluster.nextId,
        regionLatency: cfg.latency,
      };
    },
  });

  const nodeIndex = new Map(cluster.nodeIds.map((n, i) => [n, i]));

  /** Runs steps in order; returns false (and counts a rejection) when one is not valid now. */
  const runSteps = (steps: OperatorStep[], t: number): boolean => {
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (step.kind === 'split') {
        const s = cluster.slotById(step.microshard);
        if (!s || s.busy || step.at <= s.start || step.at >= s.end) return reject();
        cluster.split(s, step.at, BigInt(step.left), BigInt(step.right), t);
        m.splits++;
        dirty = true;
      } else if (step.kind === 'merge') {
        const l = cluster.slotById(step.left);
        const r = cluster.slotById(step.right);
        if (!l || !r || l.busy || r.busy || l.end !== r.start || l.owner !== r.owner) return reject();
        cluster.merge(l, r, BigInt(step.into), t);
        m.merges++;
        dirty = true;
      } else if (step.kind === 'move') {
        const s = cluster.slotById(step.microshard);
        const to = nodeIndex.get(step.to);
        if (!s || s.busy || to === undefined || to === s.owner || cluster.nodeIds[s.owner] !== step.from) return reject();
        if (inFlight[s.owner]! >= K || inFlight[to]! >= K) return reject();
        const bytes = bytesOf(s);
        const d = durationOf(bytes);
        if (s.lastMove && s.lastMove.from === to && t - s.lastMove.at < cfg.planner.cooldown) m.thrash++;
        s.busy = true;
        inFlight[s.owner]!++;
        inFlight[to]!++;
        migrations.push({ slot: s, from: s.owner, to, bytes, startedAt: t, cutover: t + d + 1, then: steps.slice(i + 1) });
        recent.push({ bytes, at: t, from: s.owner, to, id: s.id.toString() });
        m.moves++;
        m.bytes_moved += bytes;
        return true;
      } else if (step.kind === 'assign') {
        const s = cluster.slotById(step.microshard);
        const to = nodeIndex.get(step.to);
        if (!s || s.busy || to === undefined) return reject();
        s.owner = to;
        dirty = true;
      } else if (step.kind === 'add-nodes') {
        m.scale_recommendations++;
      }
    }
    return true;
  };
  const reject = () => {
    m.rejected_steps++;
    return false;
  };

  for (let t = 0; t < trace.intervals; t++) {
    // 1. cutovers
    for (let i = 0; i < migrations.length; ) {
      const x = migrations[i]!;
      if (x.cutover > t) {
        i++;
        continue;
      }
      migrations.splice(i, 1);
      inFlight[x.from]!--;
      inFlight[x.to]!--;
      x.slot.busy = false;
      if (x.slot.alive) {
        x.slot.owner = x.to;
        x.slot.lastMove = { at: x.startedAt, from: x.from, to: x.to };
        dirty = true;
      }
      if (x.then.length > 0) runSteps(x.then, t - 1);
    }
    while (recent.length > 0 && t - recent[0]!.at >= Math.max(cfg.planner.budgetWindow, 1)) recent.shift();
    // 2. timeline
    if (dirty && opts.onTimeline) {
      opts.onTimeline({ t, microshards: cluster.order.map((s) => ({ start: positionToHex(s.start), end: positionToHex(s.end), node: cluster.nodeIds[s.owner]! })) });
    }
    dirty = false;
    // 3. route and measure
    cluster.route(t, nodeLoad);
    let total = 0;
    let max = 0;
    for (let n = 0; n < N; n++) {
      const l = nodeLoad[n]!;
      total += l;
      if (l > max) max = l;
      if (l > C) {
        m.overloaded_node_intervals++;
        m.overloaded_at.push(t);
        m.overload_excess_ops += l - C;
      }
    }
    if (migrations.length > 0) {
      const extra = new Float64Array(N);
      for (const x of migrations) {
        if (x.startedAt < t) {
          extra[x.from]! += copyLoadSource;
          extra[x.to]! += copyLoadTarget;
        }
      }
      for (let n = 0; n < N; n++) if (nodeLoad[n]! + extra[n]! > C) m.overloaded_with_copy++;
    } else for (let n = 0; n < N; n++) if (nodeLoad[n]! > C) m.overloaded_with_copy++;
    if (total > 0) ratios.push(max / (total / N));
    // Operations that carry a region: served in their region or not, and how far.
    if (nodeRegion && regionNames.length > 0) {
      for (let i = trace.rowStart[t]!; i < trace.rowStart[t + 1]!; i++) {
        const r = trace.regionOf[i]!;
        if (r < 0) continue;
        const ops = trace.ops[i]!;
        const n = cluster.pool[cluster.keySlot[trace.keyOf[i]!]!]!.owner;
        regionOps += ops;
        if (nodeRegion[n] !== r) crossRegionOps += ops;
        if (latencyMs) {
          const ms = latencyMs[r * N + n]!;
          latencyOps.set(ms, (latencyOps.get(ms) ?? 0) + ops);
        }
      }
    }
    const ga = trace.groupRowStart[t]!;
    const gb = trace.groupRowStart[t + 1]!;
    for (let i = ga; i < gb; ) {
      const g = trace.groupOf[trace.groupRows[i]!]!;
      let j = i;
      let keys = 0;
      let lastKey = -1;
      let owner = -1;
      let cross = false;
      for (; j < gb && trace.groupOf[trace.groupRows[j]!] === g; j++) {
        const row = trace.groupRows[j]!;
        const k = trace.keyOf[row]!;
        if (k !== lastKey) keys++;
        lastKey = k;
        const o = cluster.pool[cluster.keySlot[k]!]!.owner;
        if (owner < 0) owner = o;
        else if (o !== owner) cross = true;
      }
      if (keys >= 2) {
        groupIntervals++;
        if (cross) crossGroupIntervals++;
      }
      i = j;
    }
    // 4. decide
    const started = performance.now();
    const decision = await controller.decide(view(t));
    decisionMs.push(performance.now() - started);
    m.explain_records += decision.explainRecords ?? 0;
    if (decision.policySwitched) m.policy_switches++;
    if (decision.forecast) {
      const f = (m.forecaster ??= { name: decision.forecast.forecaster, version: decision.forecast.version, methods: {} });
      for (const [k, v] of Object.entries(decision.forecast.methods)) f.methods[k] = (f.methods[k] ?? 0) + v;
    }
    // 5. apply
    for (const op of decision.operators) runSteps(op.steps, t);
    opts.onProgress?.(t + 1, trace.intervals);
  }
  m.max_mean_p50 = percentile(ratios, 50);
  m.max_mean_p99 = percentile(ratios, 99);
  m.decision_ms_p99 = percentile(decisionMs, 99);
  m.cross_node_group_fraction = groupIntervals > 0 ? crossGroupIntervals / groupIntervals : 0;
  if (nodeRegion) m.cross_region_fraction = regionOps > 0 ? crossRegionOps / regionOps : 0;
  if (latencyMs) {
    m.access_latency_ms_p50 = weightedPercentile(latencyOps, 50);
    m.access_latency_ms_p99 = weightedPercentile(latencyOps, 99);
  }
  return m;
}
