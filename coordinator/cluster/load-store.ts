// The leader's in-memory view of load: the latest load and forecast of every microshard, a short
// window of recent intervals, and host metrics per node, as the sidecars report them over their
// Sessions. Soft state: never written to etcd; a new leader starts empty and is full again one
// interval after the sidecars reconnect (every sidecar reports every owned microshard every
// interval, idle ones included). The planner reads it through snapshot().
import { parsePosition } from '../../core/keyspace.js';
import { InvalidArgumentError } from '../../platform/errors.js';
import type { LoadReport__Output } from '../../generated/proto/shardcast/v1/LoadReport.js';
import type { MicroshardForecast__Output } from '../../generated/proto/shardcast/v1/MicroshardForecast.js';

/** Recent intervals kept per microshard (10 min at 10 s): what PredictLoad shows as history. */
export const DEFAULT_RECENT_INTERVALS = 60;
/** Longest interval a report may claim (one hour, as the sidecar's config allows). */
export const MAX_REPORT_INTERVAL_MS = 3_600_000;
/** Longest forecast horizon accepted (the forecaster's own limit). */
export const MAX_FORECAST_STEPS = 100_000;
/** Most quantile levels per forecast. */
export const MAX_FORECAST_QUANTILES = 32;
/** Forecast methods a sidecar may name (models/prepare.ts ForecastMethod). */
export const FORECAST_METHODS: ReadonlySet<string> = new Set(['model', 'seasonal-naive', 'naive', 'empty']);
/** How often (at most) entries of microshards that no longer exist are dropped. */
export const DEFAULT_PRUNE_EVERY_MS = 10_000;

export interface HostLoad {
  cpuUtilisation: number;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  diskReadBytesPerS: number;
  diskWriteBytesPerS: number;
  netRxBytesPerS: number;
  netTxBytesPerS: number;
}

/** One microshard over one interval, as its owner reported it. Immutable once stored. */
export interface MicroshardLoadView {
  microshardId: string;
  nodeId: string;
  intervalStartMs: number;
  intervalMs: number;
  reads: number;
  writes: number;
  ops: number;
  bytesRead: number;
  bytesWritten: number;
  errors: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  sizeBytes: number;
  /** Ops per equal-width bucket of the range (empty when idle): where a split should go. */
  accessBuckets: readonly number[];
  /** Positions the access buckets cover (undefined: the microshard's whole range). */
  accessWindow?: { start: bigint; end: bigint };
  /** Recent ops per interval by client region (smoothed over intervals; empty when none named one). */
  clientRegions?: Readonly<Record<string, number>>;
  receivedAtMs: number;
}

/** Weight of the newest interval in a microshard's smoothed ops by client region. */
export const DEFAULT_REGION_SMOOTHING = 0.3;

/** The latest forecast of one microshard. Immutable once stored. */
export interface MicroshardForecastView {
  microshardId: string;
  nodeId: string;
  /** Ascending levels; values[k] holds quantiles[k] for steps 1..H (ops per interval). */
  quantiles: readonly number[];
  values: readonly Float32Array[];
  horizon: number;
  modelVersion: string;
  method: string;
  intervalMs: number;
  /** Start of step 1. */
  startMs: number;
  season: number;
  historyPoints: number;
  receivedAtMs: number;
}

export interface NodeLoadView {
  nodeId: string;
  intervalStartMs: number;
  intervalMs: number;
  host: HostLoad | undefined;
  /** Microshards and ops (reads + writes) in the node's latest interval (all its messages). */
  microshards: number;
  ops: number;
  coAccess: ReadonlyArray<{ a: string; b: string; count: number; error: number }>;
  receivedAtMs: number;
  /** Counters since this leader took over. */
  reports: number;
  ignoredNotOwned: number;
}

export interface LoadSnapshot {
  takenAtMs: number;
  loads: ReadonlyMap<string, MicroshardLoadView>;
  forecasts: ReadonlyMap<string, MicroshardForecastView>;
  nodes: ReadonlyMap<string, NodeLoadView>;
}

export interface RecentPoint {
  intervalStartMs: number;
  reads: number;
  writes: number;
}

export interface IngestOutcome {
  loads: number;
  forecasts: number;
  /** Entries naming a microshard the node does not own (ignored). */
  ignoredNotOwned: number;
}

/** A fixed ring of recent intervals (typed arrays: bounded memory per microshard). */
class Recent {
  private readonly start: Float64Array;
  private readonly rw: Float64Array;
  private head = -1;
  private count = 0;

  constructor(readonly capacity: number) {
    this.start = new Float64Array(capacity);
    this.rw = new Float64Array(2 * capacity);
  }

  push(p: RecentPoint): void {
    // The same interval again (a report re-sent after a reconnect) replaces, never duplicates.
    if (this.count > 0 && this.start[this.head] === p.intervalStartMs) {
      this.rw[2 * this.head] = p.reads;
      this.rw[2 * this.head + 1] = p.writes;
      return;
    }
    if (this.count > 0 && p.intervalStartMs < this.start[this.head]!) return; // older than the newest: late, dropped
    this.head = (this.head + 1) % this.capacity;
    this.start[this.head] = p.intervalStartMs;
    this.rw[2 * this.head] = p.reads;
    this.rw[2 * this.head + 1] = p.writes;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** The newest n points, oldest first. */
  last(n: number): RecentPoint[] {
    const k = Math.min(n, this.count);
    const out: RecentPoint[] = [];
    for (let i = k - 1; i >= 0; i--) {
      const s = (this.head - i + this.capacity) % this.capacity;
      out.push({ intervalStartMs: this.start[s]!, reads: this.rw[2 * s]!, writes: this.rw[2 * s + 1]! });
    }
    return out;
  }
}

export interface LoadStoreOptions {
  /** Current owner of a microshard (undefined: no such microshard). */
  ownerOf: (microshardId: string) => string | undefined;
  recentIntervals?: number;
  pruneEveryMs?: number;
}

/** A client region label (as the client library accepts them). */
const REGION_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export class LoadStore {
  private loads = new Map<string, MicroshardLoadView>();
  private forecasts = new Map<string, MicroshardForecastView>();
  private readonly recent = new Map<string, Recent>();
  private nodes = new Map<string, NodeLoadView>();
  private lastPruneMs = 0;
  readonly recentIntervals: number;
  private readonly pruneEveryMs: number;
  /** Counters since start (all reports, this replica as leader). */
  readonly totals = { reports: 0, invalid: 0, loads: 0, forecasts: 0, ignoredNotOwned: 0 };

  constructor(private readonly opts: LoadStoreOptions) {
    this.recentIntervals = opts.recentIntervals ?? DEFAULT_RECENT_INTERVALS;
    this.pruneEveryMs = opts.pruneEveryMs ?? DEFAULT_PRUNE_EVERY_MS;
  }

  /**
   * Validates one LoadReport message from `nodeId` and keeps what it says about microshards the
   * node owns. Throws InvalidArgumentError naming the first nonsensical field (the report is
   * then not applied at all). Entries about microshards the node does not own are ignored and
   * counted (a report can race a move).
   */
  ingest(nodeId: string, report: LoadReport__Output, nowMs = Date.now()): IngestOutcome {
    try {
      validateLoadReport(report);
    } catch (err) {
      this.totals.invalid++;
      throw err;
    }
    this.totals.reports++;
    const intervalStartMs = Number(report.intervalStartMs);
    const intervalMs = Number(report.intervalMs);
    let ignored = 0;
    let ops = 0;
    let loads = 0;
    for (const m of report.microshards) {
      const id = m.microshardId;
      if (this.opts.ownerOf(id) !== nodeId) {
        ignored++;
        continue;
      }
      const reads = Number(m.reads);
      const writes = Number(m.writes);
      // Smoothed, so one quiet interval does not erase where a microshard's clients are.
      const before = this.loads.get(id)?.clientRegions ?? {};
      const clientRegions: Record<string, number> = {};
      for (const r of new Set([...Object.keys(before), ...Object.keys(m.clientRegions ?? {})])) {
        const v = (1 - DEFAULT_REGION_SMOOTHING) * (before[r] ?? 0) + DEFAULT_REGION_SMOOTHING * (m.clientRegions?.[r] ?? 0);
        if (v > 1e-3) clientRegions[r] = v;
      }
      this.loads.set(id, {
        microshardId: id,
        nodeId,
        intervalStartMs,
        intervalMs,
        reads,
        writes,
        ops: reads + writes,
        bytesRead: Number(m.bytesRead),
        bytesWritten: Number(m.bytesWritten),
        errors: Number(m.errors),
        latencyP50Ms: m.latencyP50Ms,
        latencyP99Ms: m.latencyP99Ms,
        sizeBytes: Number(m.sizeBytes),
        accessBuckets: m.accessBuckets,
        accessWindow: m.accessStart && m.accessEnd ? { start: parsePosition(m.accessStart), end: parsePosition(m.accessEnd, true) } : undefined,
        clientRegions,
        receivedAtMs: nowMs,
      });
      let r = this.recent.get(id);
      if (!r) this.recent.set(id, (r = new Recent(this.recentIntervals)));
      r.push({ intervalStartMs, reads, writes });
      ops += reads + writes;
      loads++;
    }
    let forecasts = 0;
    for (const f of report.forecasts) {
      const id = f.microshardId;
      if (this.opts.ownerOf(id) !== nodeId) {
        ignored++;
        continue;
      }
      this.forecasts.set(id, toForecastView(nodeId, f, nowMs));
      forecasts++;
    }
    // A node's interval may come as several messages: sum them while the interval is the same.
    const prev = this.nodes.get(nodeId);
    const same = prev !== undefined && prev.intervalStartMs === intervalStartMs;
    this.nodes.set(nodeId, {
      nodeId,
      intervalStartMs,
      intervalMs,
      host: report.host ? hostOf(report.host) : prev?.host,
      microshards: (same ? prev.microshards : 0) + loads,
      ops: (same ? prev.ops : 0) + ops,
      coAccess: report.coAccess.length > 0 || !same ? report.coAccess.map((p) => ({ a: p.a, b: p.b, count: p.count, error: p.error })) : prev.coAccess,
      receivedAtMs: nowMs,
      reports: (prev?.reports ?? 0) + 1,
      ignoredNotOwned: (prev?.ignoredNotOwned ?? 0) + ignored,
    });
    this.totals.loads += loads;
    this.totals.forecasts += forecasts;
    this.totals.ignoredNotOwned += ignored;
    if (nowMs - this.lastPruneMs >= this.pruneEveryMs) this.prune(nowMs);
    return { loads, forecasts, ignoredNotOwned: ignored };
  }

  /** Latest load of a microshard. */
  load(id: string): MicroshardLoadView | undefined {
    return this.loads.get(id);
  }

  /** Latest forecast of a microshard. */
  forecast(id: string): MicroshardForecastView | undefined {
    return this.forecasts.get(id);
  }

  /** The newest n (default: all kept) intervals of a microshard, oldest first. */
  history(id: string, n = this.recentIntervals): RecentPoint[] {
    return this.recent.get(id)?.last(n) ?? [];
  }

  node(id: string): NodeLoadView | undefined {
    return this.nodes.get(id);
  }

  /** The latest view of every reporting node (cheap: no microshard maps copied). */
  nodeList(): NodeLoadView[] {
    return [...this.nodes.values()];
  }

  /**
   * What the planner reads: the latest load and forecast per microshard and the latest view of
   * every node, as of now. The maps are copies; the entries are immutable (a new report
   * replaces them), so a snapshot stays consistent while reports keep arriving.
   */
  snapshot(nowMs = Date.now()): LoadSnapshot {
    return { takenAtMs: nowMs, loads: new Map(this.loads), forecasts: new Map(this.forecasts), nodes: new Map(this.nodes) };
  }

  /** A node's session is gone for good (lease ended): its host view goes; its microshards' data stays until re-owned. */
  forgetNode(nodeId: string): void {
    this.nodes.delete(nodeId);
  }

  /** Leadership lost: everything goes (the next leader rebuilds its own). */
  clear(): void {
    this.loads = new Map();
    this.forecasts = new Map();
    this.recent.clear();
    this.nodes = new Map();
  }

  /** Drops microshards that no longer exist (split, merged) or whose data came from a former owner. */
  prune(nowMs = Date.now()): void {
    this.lastPruneMs = nowMs;
    for (const [id, l] of this.loads) {
      if (this.opts.ownerOf(id) !== l.nodeId) {
        this.loads.delete(id);
        this.recent.delete(id);
      }
    }
    for (const [id, f] of this.forecasts) if (this.opts.ownerOf(id) !== f.nodeId) this.forecasts.delete(id);
  }
}

function hostOf(h: NonNullable<LoadReport__Output['host']>): HostLoad {
  return {
    cpuUtilisation: h.cpuUtilisation,
    memoryUsedBytes: Number(h.memoryUsedBytes),
    memoryTotalBytes: Number(h.memoryTotalBytes),
    diskReadBytesPerS: h.diskReadBytesPerS,
    diskWriteBytesPerS: h.diskWriteBytesPerS,
    netRxBytesPerS: h.netRxBytesPerS,
    netTxBytesPerS: h.netTxBytesPerS,
  };
}

function toForecastView(nodeId: string, f: MicroshardForecast__Output, nowMs: number): MicroshardForecastView {
  return {
    microshardId: f.microshardId,
    nodeId,
    quantiles: f.quantiles,
    values: f.values.map((s) => Float32Array.from(s.values)),
    horizon: f.values[0]?.values.length ?? 0,
    modelVersion: f.modelVersion,
    method: f.method,
    intervalMs: Number(f.intervalMs),
    startMs: Number(f.startMs),
    season: f.season,
    historyPoints: f.historyPoints,
    receivedAtMs: nowMs,
  };
}

const DECIMAL = /^\d{1,20}$/;

/** A finite number >= 0, or an InvalidArgumentError naming the field. */
function nonNegative(v: number, what: string): void {
  if (!Number.isFinite(v)) throw new InvalidArgumentError(`load report: ${what} is ${v}; expected a finite number`);
  if (v < 0) throw new InvalidArgumentError(`load report: ${what} is negative (${v})`);
}

function count(v: string, what: string): void {
  // uint64 on the wire cannot be negative; a string that is not a decimal (a hand-built message) is.
  if (!DECIMAL.test(v)) throw new InvalidArgumentError(`load report: ${what} must be a non-negative integer, got "${v}"`);
}

/** Throws InvalidArgumentError naming the first field that makes no sense. */
export function validateLoadReport(r: LoadReport__Output): void {
  const start = Number(r.intervalStartMs);
  const interval = Number(r.intervalMs);
  if (!Number.isInteger(start) || start < 0) throw new InvalidArgumentError(`load report: interval_start_ms must be >= 0, got ${r.intervalStartMs}`);
  if (!Number.isInteger(interval) || interval <= 0 || interval > MAX_REPORT_INTERVAL_MS) throw new InvalidArgumentError(`load report: interval_ms must be in 1..${MAX_REPORT_INTERVAL_MS}, got ${r.intervalMs}`);
  const seen = new Set<string>();
  for (const m of r.microshards) {
    const id = m.microshardId;
    if (!DECIMAL.test(id)) throw new InvalidArgumentError(`load report: microshard_id "${id}" is not a decimal id`);
    if (seen.has(id)) throw new InvalidArgumentError(`load report: microshard ${id} appears twice`);
    seen.add(id);
    const at = `microshard ${id}`;
    count(m.reads, `${at} reads`);
    count(m.writes, `${at} writes`);
    count(m.bytesRead, `${at} bytes_read`);
    count(m.bytesWritten, `${at} bytes_written`);
    count(m.errors, `${at} errors`);
    count(m.sizeBytes, `${at} size_bytes`);
    nonNegative(m.latencyP50Ms, `${at} latency_p50_ms`);
    nonNegative(m.latencyP99Ms, `${at} latency_p99_ms`);
    m.accessBuckets.forEach((b, i) => nonNegative(b, `${at} access_buckets[${i}]`));
    for (const [r, v] of Object.entries(m.clientRegions ?? {})) {
      if (!REGION_NAME.test(r)) throw new InvalidArgumentError(`load report: ${at} client_regions: region "${r.slice(0, 70)}" is not 1-64 of A-Z a-z 0-9 . _ -`);
      nonNegative(v, `${at} client_regions["${r}"]`);
    }
    if (Boolean(m.accessStart) !== Boolean(m.accessEnd)) throw new InvalidArgumentError(`load report: ${at} needs both access_start and access_end, or neither`);
    if (m.accessStart) {
      let a: bigint, b: bigint;
      try {
        a = parsePosition(m.accessStart);
        b = parsePosition(m.accessEnd, true);
      } catch (err) {
        throw new InvalidArgumentError(`load report: ${at} access window: ${(err as Error).message}`);
      }
      if (a >= b) throw new InvalidArgumentError(`load report: ${at} access_start ${m.accessStart} is not below access_end ${m.accessEnd}`);
    }
  }
  const fseen = new Set<string>();
  for (const f of r.forecasts) {
    const id = f.microshardId;
    if (!DECIMAL.test(id)) throw new InvalidArgumentError(`load report: forecast microshard_id "${id}" is not a decimal id`);
    if (fseen.has(id)) throw new InvalidArgumentError(`load report: forecast for microshard ${id} appears twice`);
    fseen.add(id);
    const at = `forecast for microshard ${id}`;
    const q = f.quantiles;
    if (q.length === 0 || q.length > MAX_FORECAST_QUANTILES) throw new InvalidArgumentError(`load report: ${at} has ${q.length} quantile levels (1..${MAX_FORECAST_QUANTILES} expected)`);
    q.forEach((l, i) => {
      if (!(l > 0 && l < 1)) throw new InvalidArgumentError(`load report: ${at} quantile ${l} is not in (0, 1)`);
      if (i > 0 && !(l > q[i - 1]!)) throw new InvalidArgumentError(`load report: ${at} quantiles are not ascending`);
    });
    if (f.values.length !== q.length) throw new InvalidArgumentError(`load report: ${at} has ${f.values.length} value series for ${q.length} quantiles`);
    const h = f.values[0]!.values.length;
    if (h < 1 || h > MAX_FORECAST_STEPS) throw new InvalidArgumentError(`load report: ${at} horizon ${h} is not in 1..${MAX_FORECAST_STEPS}`);
    f.values.forEach((s, k) => {
      if (s.values.length !== h) throw new InvalidArgumentError(`load report: ${at} series ${k} has ${s.values.length} steps, series 0 has ${h}`);
      s.values.forEach((v, j) => nonNegative(v, `${at} quantile ${q[k]} step ${j + 1}`));
    });
    if (!f.modelVersion) throw new InvalidArgumentError(`load report: ${at} has no model_version`);
    if (!FORECAST_METHODS.has(f.method)) throw new InvalidArgumentError(`load report: ${at} method "${f.method}" is not one of ${[...FORECAST_METHODS].join(', ')}`);
    const iv = Number(f.intervalMs);
    if (!Number.isInteger(iv) || iv <= 0 || iv > MAX_REPORT_INTERVAL_MS) throw new InvalidArgumentError(`load report: ${at} interval_ms must be in 1..${MAX_REPORT_INTERVAL_MS}, got ${f.intervalMs}`);
    if (!(Number(f.startMs) >= 0)) throw new InvalidArgumentError(`load report: ${at} start_ms must be >= 0`);
  }
  if (r.host) {
    const h = r.host;
    nonNegative(h.cpuUtilisation, 'host cpu_utilisation');
    if (h.cpuUtilisation > 1.0001) throw new InvalidArgumentError(`load report: host cpu_utilisation ${h.cpuUtilisation} is above 1`);
    nonNegative(h.diskReadBytesPerS, 'host disk_read_bytes_per_s');
    nonNegative(h.diskWriteBytesPerS, 'host disk_write_bytes_per_s');
    nonNegative(h.netRxBytesPerS, 'host net_rx_bytes_per_s');
    nonNegative(h.netTxBytesPerS, 'host net_tx_bytes_per_s');
  }
  for (const p of r.coAccess) {
    if (!DECIMAL.test(p.a) || !DECIMAL.test(p.b)) throw new InvalidArgumentError('load report: co_access pair ids must be decimal');
    nonNegative(p.count, `co_access ${p.a}-${p.b} count`);
    nonNegative(p.error, `co_access ${p.a}-${p.b} error`);
  }
}
