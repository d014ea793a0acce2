// The sidecar's anomaly watch: one streaming detector (core/anomaly/detector.ts) per series,
// scored once per closed telemetry interval. Series: each owned microshard's ops per interval
// (reads + writes: what the planner plans on), and the host's CPU busy fraction. What the leader
// hears is an AnomalyReport right at the interval's close (before the forecast runs, so the
// leader can act inside the interval): every series whose episode is active, with its evidence.
//
// Why the episode, not the single flag: the detector raises one flag per episode (its refractory
// hold keeps a flapping series from flagging again and again), but the planner must keep treating
// the microshard as anomalous until it is back inside its band, so the report carries every
// active episode each interval, and one empty report when the last one clears.
import { AnomalyDetector, DEFAULT_PARAMS, type DetectorParams, type Verdict } from '../core/anomaly/detector.js';
import type { ClosedInterval } from './telemetry/index.js';
import type { Anomaly__Output } from '../generated/proto/shardcast/v1/Anomaly.js';

/** One series' entry of an AnomalyReport (every field set). */
export type Anomaly = Anomaly__Output;

/** An AnomalyReport as the watch builds it (every field set; assignable to the proto's input type). */
export interface IntervalAnomalies {
  intervalStartMs: string;
  intervalMs: string;
  anomalies: Anomaly[];
}

/** Series name of a microshard's ops per interval (the leader parses it back: keep in step). */
export const microshardSeries = (id: string): string => `microshard/${id}/ops`;
export const HOST_CPU_SERIES = 'host/cpu';

/**
 * A flag whose value is this close to the prediction (ops per second) is not reported: a
 * microshard idle for an hour that sees its first few requests is "surprising" on a scale of
 * zero, but nothing the planner needs to hear about.
 */
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
}

interface Series {
  detector: AnomalyDetector;
  /** Set while an episode is reported (flagged and big enough to matter), with its evidence. */
  open: { sinceMs: number; peak: number } | undefined;
  /** The detector flagged this episode but the change was too small to report: it may grow. */
  flagPending: boolean;
}

export class AnomalyWatch {
  private readonly series = new Map<string, Series>();
  private readonly opsParams: Partial<DetectorParams>;
  private readonly hostParams: Partial<DetectorParams>;
  private lastWasEmpty = true;
  /** Episodes opened (flags reported) since start, by kind. */
  readonly flagged = { microshard: 0, host: 0 };
  /** Episodes active after the last interval. */
  active = 0;

  constructor(private readonly opts: AnomalyWatchOptions) {
    if (!(opts.intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${opts.intervalMs}`);
    if (!(opts.minOpsPerS >= 0)) throw new RangeError(`minOpsPerS must be >= 0, got ${opts.minOpsPerS}`);
    const base = { probation: opts.probation, tailThreshold: opts.tailThreshold };
    // A season the detector cannot hold (longer than its maximum) is left to... nothing: a
    // prefix buffer for inference would cost 3,000 numbers per microshard, so live series use
    // the forecaster's season or none.
    const season = opts.season >= 2 && opts.season <= DEFAULT_PARAMS.maxSeason ? opts.season : 0;
    this.opsParams = { ...base, season };
    this.hostParams = { ...base, season: 0 };
    // Fail at start-up, not at the first interval, on a bad sensitivity or probation.
    new AnomalyDetector(this.opsParams);
  }

  /** Series being watched. */
  get size(): number {
    return this.series.size;
  }

  /**
   * Scores one closed interval: the owned microshards' ops and the host CPU. Returns the report
   * to send, or undefined when nothing is active and nothing just cleared.
   */
  observe(c: ClosedInterval, owned: ReadonlySet<string>, hostCpu: number | undefined): IntervalAnomalies | undefined {
    const out: Anomaly[] = [];
    const minOps = (this.opts.minOpsPerS * c.intervalMs) / 1000;
    const seen = new Set<string>();
    for (const m of c.microshards) {
      if (!owned.has(m.microshardId)) continue;
      const key = microshardSeries(m.microshardId);
      seen.add(key);
      const a = this.score(key, m.ops, c.startMs, minOps, this.opsParams);
      if (a) out.push({ ...a, microshardId: m.microshardId, hasMicroshard: true });
    }
    // Microshards that left this node (moved, split, merged) take their detectors with them:
    // memory stays bounded by what the node owns. A split's halves start a new probation.
    for (const key of this.series.keys()) if (key !== HOST_CPU_SERIES && !seen.has(key)) this.series.delete(key);
    if (this.opts.host && hostCpu !== undefined && Number.isFinite(hostCpu)) {
      const a = this.score(HOST_CPU_SERIES, hostCpu, c.startMs, MIN_HOST_CPU_DELTA, this.hostParams);
      if (a) out.push({ ...a, microshardId: '0', hasMicroshard: false });
    }
    for (const a of out) if (a.flagged) this.flagged[a.hasMicroshard ? 'microshard' : 'host']++;
    this.active = out.length;
    if (out.length === 0 && this.lastWasEmpty) return undefined;
    this.lastWasEmpty = out.length === 0;
    return { intervalStartMs: String(c.startMs), intervalMs: String(c.intervalMs), anomalies: out };
  }

  private score(key: string, value: number, startMs: number, minDelta: number, params: Partial<DetectorParams>): Omit<Anomaly, 'microshardId' | 'hasMicroshard'> | undefined {
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { detector: new AnomalyDetector(params), open: undefined, flagPending: false }));
    const v: Verdict = s.detector.update(value);
    let flagged = false;
    if (!v.active) {
      s.open = undefined;
      s.flagPending = false;
    } else if (!s.open && (v.score >= 0.5 || (s.flagPending && v.rawScore >= 0.5))) {
      // Opened at most once per detector episode: the detector's one flag, or, when that flag was
      // too small to report, the first later point of the same episode that is both surprising
      // and big enough (a ramp that starts small). The detector's hold stays in charge of flapping.
      if (Math.abs(value - v.expected) >= minDelta) {
        s.open = { sinceMs: startMs, peak: v.rawScore };
        s.flagPending = false;
        flagged = true;
      } else s.flagPending = true;
    }
    if (!s.open) return undefined;
    s.open.peak = Math.max(s.open.peak, v.rawScore);
    return {
      series: key,
      value,
      expected: v.expected,
      expectedLow: v.expectedLow,
      expectedHigh: v.expectedHigh,
      score: v.rawScore,
      peakScore: s.open.peak,
      sinceMs: String(s.open.sinceMs),
      flagged,
    };
  }
}
