// The sidecar's anomaly watch: one streaming detector (core/anomaly/detector.ts) per series,
// scored once per closed telemetry interval. Series, per owned microshard: ops per interval
// (reads + writes: what the planner plans on), read fraction, latency p99 and error rate; and
// the host's CPU busy fraction. What the leader hears is an AnomalyReport right at the interval's
// close (before the forecast runs, so the leader can act inside the interval): every series
// whose episode is active, with its evidence.
//
// Why the episode, not the single flag: the detector raises one flag per episode (its refractory
// hold keeps a flapping series from flagging again and again), but the planner must keep treating
// the microshard as anomalous until it is back inside its band, so the report carries every
// active episode each interval, and one empty report when the last one clears.
import { AnomalyDetector, DEFAULT_PARAMS, type DetectorParams } from '../core/anomaly/detector.js';
import { SeriesWatch } from '../core/anomaly/episode.js';
import type { ClosedInterval, MicroshardIntervalLoad } from './telemetry/index.js';
import type { Anomaly__Output } from '../generated/proto/shardcast/v1/Anomaly.js';

/** One series' entry of an AnomalyReport (every field set). */
export type Anomaly = Anomaly__Output;

/** An AnomalyReport as the watch builds it (every field set; assignable to the proto's input type). */
export interface IntervalAnomalies {
  intervalStartMs: string;
  intervalMs: string;
  anomalies: Anomaly[];
}

/**
 * The per-microshard series. `ops` is scored every interval (idle is a value); the others only in
 * intervals with at least the min-ops load (the mix or the p99 of two requests is not a
 * measurement, and an idle interval has none). `minDelta`: a flag closer than this to the
 * prediction is not reported (for ops, the min-ops rate: the first requests of an idle microshard
 * are surprising on a scale of zero, but nothing the planner needs to hear about). The leader
 * parses the names back (coordinator/cluster/anomalies.ts): keep them in step.
 */
export const MICROSHARD_METRICS = {
  ops: { value: (m: MicroshardIntervalLoad) => m.ops, minDelta: (minOps: number) => minOps, everyInterval: true },
  read_fraction: { value: (m: MicroshardIntervalLoad) => m.readFraction, minDelta: () => 0.25, everyInterval: false },
  latency_p99_ms: { value: (m: MicroshardIntervalLoad) => m.latencyP99Ms, minDelta: () => 10, everyInterval: false },
  error_rate: { value: (m: MicroshardIntervalLoad) => m.errorRate, minDelta: () => 0.05, everyInterval: false },
} as const;
export type MicroshardMetric = keyof typeof MICROSHARD_METRICS;

/** Series name of one microshard metric ("microshard/12/ops"). */
export const microshardSeries = (id: string, metric: MicroshardMetric = 'ops'): string => `microshard/${id}/${metric}`;
export const HOST_CPU_SERIES = 'host/cpu';

/** Default of the sidecar's anomalyMinOpsPerS (see MICROSHARD_METRICS). */
export const DEFAULT_ANOMALY_MIN_OPS_PER_S = 5;
/** Smallest change in host CPU busy fraction reported as an anomaly (same reason). */
export const MIN_HOST_CPU_DELTA = 0.1;

export interface AnomalyWatchOptions {
  intervalMs: number;
  /** Points scored 0 while a new series' detector learns (the detector's probation). */
  probation: number;
  /** The detector's sensitivity: a point is flagged when this surprising (Gaussian tail). */
  tailThreshold: number;
  /** Season of the ops series in intervals (the forecaster's); 0 = none. */
  season: number;
  minOpsPerS: number;
  /** Score host CPU too. */
  host: boolean;
  /**
   * A microshard's recorded ops per interval up to and including the interval being scored
   * (History.fineOps; NaN marks a gap). A new ops detector learns from it first, so the halves of
   * a split (whose history the sidecar apportions) and a restarted sidecar's microshards are
   * watched at once instead of after a new probation.
   */
  history?: (microshardId: string, maxPoints: number) => ArrayLike<number> | undefined;
}

/** Points of history a new ops detector learns from, in probations (enough to pass it and settle). */
export const SEED_PROBATIONS = 4;

interface Series {
  watch: SeriesWatch;
  /** The microshard it belongs to (undefined for the host). */
  microshardId: string | undefined;
  /** The open episode's latest entry (carried through an interval the series was not measured in). */
  last: Anomaly | undefined;
}

export class AnomalyWatch {
  private readonly series = new Map<string, Series>();
  private readonly opsParams: Partial<DetectorParams>;
  /** Every other series: no season (the mix, latency, errors and CPU follow the load's, if any). */
  private readonly plainParams: Partial<DetectorParams>;
  private lastWasEmpty = true;
  /** Episodes opened (flags reported) since start, by kind. */
  readonly flagged = { microshard: 0, host: 0 };
  /** Episodes active after the last interval. */
  active = 0;

  constructor(private readonly opts: AnomalyWatchOptions) {
    if (!(opts.intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${opts.intervalMs}`);
    if (!(opts.minOpsPerS >= 0)) throw new RangeError(`minOpsPerS must be >= 0, got ${opts.minOpsPerS}`);
    const base = { probation: opts.probation, tailThreshold: opts.tailThreshold };
    // The forecaster's season, or none when it is longer than the detector holds: inferring one
    // would keep a prefix buffer of 3,000 numbers per microshard.
    const season = opts.season >= 2 && opts.season <= DEFAULT_PARAMS.maxSeason ? opts.season : 0;
    this.opsParams = { ...base, season };
    this.plainParams = { ...base, season: 0 };
    // Fail at start-up, not at the first interval, on a bad sensitivity or probation.
    new AnomalyDetector(this.opsParams);
  }

  /** Series being watched. */
  get size(): number {
    return this.series.size;
  }

  /**
   * Scores one closed interval: the owned microshards' series and the host CPU. Returns the report
   * to send, or undefined when nothing is active and nothing just cleared.
   */
  observe(c: ClosedInterval, owned: ReadonlySet<string>, hostCpu: number | undefined): IntervalAnomalies | undefined {
    const out: Anomaly[] = [];
    const minOps = (this.opts.minOpsPerS * c.intervalMs) / 1000;
    const scored = new Set<string>();
    for (const m of c.microshards) {
      if (!owned.has(m.microshardId)) continue;
      for (const [metric, d] of Object.entries(MICROSHARD_METRICS)) {
        if (!d.everyInterval && !(m.ops >= Math.max(1, minOps))) continue;
        const key = microshardSeries(m.microshardId, metric as MicroshardMetric);
        scored.add(key);
        const ops = metric === 'ops';
        const a = this.score(key, m.microshardId, d.value(m), c.startMs, d.minDelta(minOps), ops ? this.opsParams : this.plainParams, ops);
        if (a) out.push(a);
      }
    }
    // Microshards that left this node (moved, split, merged) take their detectors with them:
    // memory stays bounded by what the node owns. A split's halves start a new probation.
    for (const [key, s] of this.series) {
      if (s.microshardId === undefined || scored.has(key)) continue;
      if (!owned.has(s.microshardId)) this.series.delete(key);
      // Not measured this interval (too little load): an open episode stays open, as last seen.
      else if (s.watch.isOpen && s.last) out.push({ ...s.last, flagged: false });
    }
    if (this.opts.host && hostCpu !== undefined && Number.isFinite(hostCpu)) {
      const a = this.score(HOST_CPU_SERIES, undefined, hostCpu, c.startMs, MIN_HOST_CPU_DELTA, this.plainParams);
      if (a) out.push(a);
    }
    for (const a of out) if (a.flagged) this.flagged[a.hasMicroshard ? 'microshard' : 'host']++;
    this.active = out.length;
    if (out.length === 0 && this.lastWasEmpty) return undefined;
    this.lastWasEmpty = out.length === 0;
    return { intervalStartMs: String(c.startMs), intervalMs: String(c.intervalMs), anomalies: out };
  }

  private score(key: string, microshardId: string | undefined, value: number, startMs: number, minDelta: number, params: Partial<DetectorParams>, seed = false): Anomaly | undefined {
    if (!Number.isFinite(value)) return undefined;
    let s = this.series.get(key);
    if (!s) {
      const watch = new SeriesWatch(params);
      if (seed && microshardId !== undefined) this.learnHistory(watch, microshardId);
      this.series.set(key, (s = { watch, microshardId, last: undefined }));
    }
    const step = s.watch.observe(value, startMs, minDelta);
    if (!step.open) {
      s.last = undefined;
      return undefined;
    }
    const v = step.verdict;
    s.last = {
      series: key,
      microshardId: microshardId ?? '0',
      hasMicroshard: microshardId !== undefined,
      value,
      expected: v.expected,
      expectedLow: v.expectedLow,
      expectedHigh: v.expectedHigh,
      score: v.rawScore,
      peakScore: step.peakScore,
      sinceMs: String(step.sinceMs),
      flagged: step.flagged,
    };
    return s.last;
  }

  /** Feeds a new series the microshard's recorded history, except its last point (the interval being scored). */
  private learnHistory(w: SeriesWatch, id: string): void {
    const n = Math.max(1, SEED_PROBATIONS * this.opts.probation);
    const h = this.opts.history?.(id, n + 1);
    if (!h) return;
    for (let i = 0; i < h.length - 1; i++) w.learn(h[i]!);
  }
}
