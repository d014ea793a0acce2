// The leader's view of anomalies, as the sidecars report them on their Sessions (AnomalyReport:
// every series of the node in an active episode, each interval, and one empty report when the
// last clears). Soft state like the load store: per node, replaced by each report, expired when
// the node stops reporting (a report lost with a session must not leave a microshard anomalous
// forever), cleared when leadership is lost. The planner reads `active()`; a newly flagged
// episode becomes an `anomaly` lifecycle event carrying its evidence (rate-limited per series, so
// a flapping series cannot flood the log) and asks for an immediate planner round (rate-limited
// by the planner loop).
import { z } from 'zod';
import { Flag } from '../../platform/config.js';
import { InvalidArgumentError } from '../../platform/errors.js';
import type { AnomalyReport__Output } from '../../generated/proto/shardcast/v1/AnomalyReport.js';
import type { NewEvent } from './events.js';
import { MAX_REPORT_INTERVAL_MS } from './load-store.js';
import { DEFAULT_ANOMALY_BAND_WIDEN } from '../../core/anomaly/planner-load.js';

/** Rounds triggered by anomalies start at most this often (a storm of flags is one round). */
export const DEFAULT_ANOMALY_ROUND_MIN_GAP_MS = 5_000;
/** One series' anomaly events are written at most this often; flags in between are counted in the next. */
export const DEFAULT_ANOMALY_EVENT_MIN_GAP_MS = 60_000;
/** A node's anomalies expire when it has not reported for this many of its intervals. */
export const DEFAULT_ANOMALY_EXPIRE_INTERVALS = 3;
/** Most anomalies one report may carry (a node's microshards plus its host series). */
export const MAX_ANOMALIES_PER_REPORT = 1_000_000;

export const ANOMALY_OPTIONS = {
  anomalyTrigger: Flag.default(true).describe('a newly flagged microshard anomaly triggers an immediate planner round'),
  anomalyRoundMinGapMs: z.coerce.number().int().min(0).default(DEFAULT_ANOMALY_ROUND_MIN_GAP_MS).describe('rounds triggered by anomalies start at most this often, ms'),
  anomalyEventMinGapMs: z.coerce.number().int().min(0).default(DEFAULT_ANOMALY_EVENT_MIN_GAP_MS).describe('anomaly events of one series at most this often, ms (flags in between are counted)'),
  anomalyBandWiden: z.coerce.number().min(0).max(100).default(DEFAULT_ANOMALY_BAND_WIDEN).describe('while a microshard is anomalous its p90 is at least (1 + this) x its p50 (the forecast is untrusted)'),
  anomalyExpireIntervals: z.coerce.number().int().min(1).max(1000).default(DEFAULT_ANOMALY_EXPIRE_INTERVALS).describe('a node\'s anomalies expire after this many intervals without a report'),
};

export interface AnomalyOptions {
  anomalyTrigger: boolean;
  anomalyRoundMinGapMs: number;
  anomalyEventMinGapMs: number;
  anomalyBandWiden: number;
  anomalyExpireIntervals: number;
}

/** One active anomaly as its node reported it. Immutable once stored. */
export interface AnomalyView {
  nodeId: string;
  series: string;
  /** The microshard (undefined for a host series). */
  microshardId: string | undefined;
  /** ops, read_fraction, latency_p99_ms, error_rate; the series itself for a host series. */
  metric: string;
  value: number;
  expected: number;
  expectedLow: number;
  expectedHigh: number;
  score: number;
  peakScore: number;
  sinceMs: number;
  intervalStartMs: number;
  intervalMs: number;
  flagged: boolean;
  receivedAtMs: number;
}

export interface AnomalyIngest {
  /** Episodes opened in this report (each becomes an event, subject to the rate limit). */
  flagged: AnomalyView[];
  /**
   * Load (ops) episodes already open whose value rose above what the planner last acted on by
   * more than their band's half-width: the spike that began in the last moments of an interval
   * is flagged on a partial interval, and its full size arrives with the next one. They ask for
   * another round (no new event: the episode has its event).
   */
  escalated: AnomalyView[];
  /** Entries about microshards the node does not own (ignored). */
  ignoredNotOwned: number;
}

/** The series a sidecar scores (sidecar/anomalies.ts MICROSHARD_METRICS); only `ops` changes what the planner plans on. */
export const MICROSHARD_METRICS: ReadonlySet<string> = new Set(['ops', 'read_fraction', 'latency_p99_ms', 'error_rate']);
const MICROSHARD_SERIES = /^microshard\/(\d{1,20})\/([a-z0-9_]+)$/;
/** What each microshard metric is measured in (for the event). */
const UNITS: Readonly<Record<string, string>> = { ops: 'ops per interval', read_fraction: 'reads / ops', latency_p99_ms: 'ms', error_rate: 'errors / ops' };
const HOST_SERIES = new Set(['host/cpu']);

function finite(v: number, name: string): number {
  if (!Number.isFinite(v)) throw new InvalidArgumentError(`${name} must be a finite number, got ${v}`);
  return v;
}

function millis(v: string | number, name: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer (ms), got ${v}`);
  return n;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(1) : x.toFixed(3));

export class AnomalyStore {
  private readonly byNode = new Map<string, { receivedAtMs: number; intervalMs: number; entries: readonly AnomalyView[] }>();
  /** Per series: when its last event was written and flags not written since. */
  private readonly lastEvent = new Map<string, { atMs: number; suppressed: number }>();
  /** Per open load episode (node:series): the value a round was last asked for. */
  private readonly actedOn = new Map<string, number>();

  constructor(
    private readonly ownerOf: (microshardId: string) => string | undefined,
    private readonly opts: Pick<AnomalyOptions, 'anomalyEventMinGapMs' | 'anomalyExpireIntervals'>,
  ) {}

  /** Validates and keeps one node's report (replacing its previous one); nonsense throws InvalidArgumentError naming the field. */
  ingest(nodeId: string, r: AnomalyReport__Output, nowMs = Date.now()): AnomalyIngest {
    const intervalMs = millis(r.intervalMs, 'anomaly.interval_ms');
    if (intervalMs === 0 || intervalMs > MAX_REPORT_INTERVAL_MS) throw new InvalidArgumentError(`anomaly.interval_ms must be in 1..${MAX_REPORT_INTERVAL_MS}, got ${intervalMs}`);
    const intervalStartMs = millis(r.intervalStartMs, 'anomaly.interval_start_ms');
    if (r.anomalies.length > MAX_ANOMALIES_PER_REPORT) throw new InvalidArgumentError(`anomaly.anomalies: at most ${MAX_ANOMALIES_PER_REPORT} entries, got ${r.anomalies.length}`);
    const entries: AnomalyView[] = [];
    const seen = new Set<string>();
    let ignoredNotOwned = 0;
    r.anomalies.forEach((a, i) => {
      const at = `anomaly.anomalies[${i}]`;
      const m = MICROSHARD_SERIES.exec(a.series);
      if (m && !MICROSHARD_METRICS.has(m[2]!)) throw new InvalidArgumentError(`${at}.series: unknown microshard metric "${m[2]}" (known: ${[...MICROSHARD_METRICS].join(', ')})`);
      if (m) {
        if (!a.hasMicroshard || a.microshardId !== m[1]) throw new InvalidArgumentError(`${at}.microshard_id must be ${m[1]} for series "${a.series}", got ${a.hasMicroshard ? a.microshardId : 'none'}`);
      } else if (HOST_SERIES.has(a.series)) {
        if (a.hasMicroshard) throw new InvalidArgumentError(`${at}: series "${a.series}" is a host series and names no microshard`);
      } else throw new InvalidArgumentError(`${at}.series must be "microshard/<id>/<metric>" or one of ${[...HOST_SERIES].join(', ')}, got "${a.series}"`);
      if (seen.has(a.series)) throw new InvalidArgumentError(`${at}: series "${a.series}" reported twice`);
      seen.add(a.series);
      for (const [k, v] of [['value', a.value], ['expected', a.expected], ['expected_low', a.expectedLow], ['expected_high', a.expectedHigh]] as const) finite(v, `${at}.${k}`);
      if (a.expectedLow > a.expectedHigh) throw new InvalidArgumentError(`${at}: expected_low ${a.expectedLow} is above expected_high ${a.expectedHigh}`);
      for (const [k, v] of [['score', a.score], ['peak_score', a.peakScore]] as const) if (!(v >= 0 && v <= 1)) throw new InvalidArgumentError(`${at}.${k} must be in [0, 1], got ${v}`);
      const sinceMs = millis(a.sinceMs, `${at}.since_ms`);
      if (sinceMs > intervalStartMs) throw new InvalidArgumentError(`${at}.since_ms ${sinceMs} is after the interval it is reported in (${intervalStartMs})`);
      const microshardId = m ? m[1] : undefined;
      // Like loads: a node speaks only about what it owns (a late report after a move is stale).
      if (microshardId !== undefined && this.ownerOf(microshardId) !== nodeId) {
        ignoredNotOwned++;
        return;
      }
      entries.push(Object.freeze({ nodeId, series: a.series, microshardId, metric: m ? m[2]! : a.series, value: a.value, expected: a.expected, expectedLow: a.expectedLow, expectedHigh: a.expectedHigh, score: a.score, peakScore: a.peakScore, sinceMs, intervalStartMs, intervalMs, flagged: a.flagged, receivedAtMs: nowMs }));
    });
    if (entries.length === 0) this.byNode.delete(nodeId);
    else this.byNode.set(nodeId, { receivedAtMs: nowMs, intervalMs, entries });
    const escalated: AnomalyView[] = [];
    const open = new Set<string>();
    for (const e of entries) {
      if (e.metric !== 'ops') continue;
      const key = `${nodeId}:${e.series}`;
      open.add(key);
      const last = this.actedOn.get(key);
      if (e.flagged || last === undefined) this.actedOn.set(key, e.value);
      else if (e.value - last > Math.max(0, e.expectedHigh - e.expected)) {
        this.actedOn.set(key, e.value);
        escalated.push(e);
      }
    }
    // Episodes of this node that are no longer reported have cleared.
    for (const key of this.actedOn.keys()) if (key.startsWith(`${nodeId}:`) && !open.has(key)) this.actedOn.delete(key);
    return { flagged: entries.filter((e) => e.flagged), escalated, ignoredNotOwned };
  }

  /** Active anomalies of every node still reporting, oldest node report first. */
  list(nowMs = Date.now()): AnomalyView[] {
    const out: AnomalyView[] = [];
    for (const [node, v] of this.byNode) {
      if (nowMs - v.receivedAtMs > this.opts.anomalyExpireIntervals * v.intervalMs) {
        this.byNode.delete(node);
        continue;
      }
      out.push(...v.entries);
    }
    return out;
  }

  /**
   * Microshard id -> its active load (ops) anomaly, only while its reporter still owns it: what the
   * planner reads. Latency, mix and error anomalies are events for operators: the planner's load
   * is ops.
   */
  active(nowMs = Date.now()): Map<string, AnomalyView> {
    const out = new Map<string, AnomalyView>();
    for (const a of this.list(nowMs)) if (a.microshardId !== undefined && a.metric === 'ops' && this.ownerOf(a.microshardId) === a.nodeId) out.set(a.microshardId, a);
    return out;
  }

  forgetNode(nodeId: string): void {
    this.byNode.delete(nodeId);
    for (const key of this.actedOn.keys()) if (key.startsWith(`${nodeId}:`)) this.actedOn.delete(key);
  }

  clear(): void {
    this.byNode.clear();
    this.lastEvent.clear();
    this.actedOn.clear();
  }

  /**
   * The lifecycle events for newly flagged episodes: at most one per series per
   * `anomalyEventMinGapMs`; a flag held back is counted and named in that series' next event.
   */
  eventsFor(flagged: readonly AnomalyView[], nowMs = Date.now()): NewEvent[] {
    const out: NewEvent[] = [];
    for (const a of flagged) {
      const key = `${a.nodeId}:${a.series}`;
      const last = this.lastEvent.get(key);
      if (last && nowMs - last.atMs < this.opts.anomalyEventMinGapMs) {
        last.suppressed++;
        continue;
      }
      this.lastEvent.set(key, { atMs: nowMs, suppressed: 0 });
      out.push(anomalyEvent(a, last?.suppressed ?? 0));
    }
    if (this.lastEvent.size > 100_000) for (const [k, v] of this.lastEvent) if (nowMs - v.atMs > this.opts.anomalyEventMinGapMs) this.lastEvent.delete(k);
    return out;
  }
}

/** The `anomaly` lifecycle event of one flagged episode: its evidence in the reason and the inputs. */
export function anomalyEvent(a: AnomalyView, suppressedBefore = 0): NewEvent {
  const perS = a.intervalMs / 1000;
  const band = `expected ${fmt(a.expected)} [${fmt(a.expectedLow)}, ${fmt(a.expectedHigh)}]`;
  const what =
    a.microshardId === undefined
      ? `${a.series} on ${a.nodeId} ${fmt(a.value)}, ${band}`
      : a.metric === 'ops'
        ? `microshard ${a.microshardId} load ${fmt(a.value)} ops in the interval (${fmt(a.value / perS)} ops/s), ${band}`
        : `microshard ${a.microshardId} ${a.metric} ${fmt(a.value)}, ${band}`;
  return {
    kind: 'anomaly',
    microshardIds: a.microshardId !== undefined ? [a.microshardId] : [],
    nodeIds: [a.nodeId],
    reason: `${what}, score ${a.score.toFixed(2)}, since ${new Date(a.sinceMs).toISOString()}${suppressedBefore ? ` (${suppressedBefore} earlier flag(s) of this series not recorded: rate limit)` : ''}`,
    actor: `detector:${a.nodeId}`,
    inputs: {
      series: a.series,
      microshardId: a.microshardId ?? null,
      node: a.nodeId,
      value: a.value,
      expected: a.expected,
      expectedLow: a.expectedLow,
      expectedHigh: a.expectedHigh,
      score: a.score,
      peakScore: a.peakScore,
      sinceMs: a.sinceMs,
      intervalStartMs: a.intervalStartMs,
      intervalMs: a.intervalMs,
      metric: a.metric,
      unit: a.microshardId !== undefined ? (UNITS[a.metric] ?? '') : 'CPU busy fraction',
      suppressedBefore,
    },
  };
}
