// The prediction cache: topic -> its latest load and forecast (publishes per second), summed over
// the sidecars that reported it, each entry with an expiry. Soft state on the leader, refilled by
// the topic collector every poll; an entry no sidecar reports again expires. Bounded: past
// maxEntries the least busy entries are dropped.
import type { TopicLoad__Output } from '../../generated/proto/shardcast/v1/TopicLoad.js';

/** Entries kept at most (the busiest by predicted p90 rate win). */
export const DEFAULT_PREDICTION_CACHE_ENTRIES = 10_000;

export interface TopicPredictionEntry {
  topic: string;
  kind: 'concrete' | 'wildcard';
  subscriptions: number;
  publishRatePerS: number;
  bytesPerS: number;
  clientEventRatePerS: number;
  clients: number;
  /** Forecast of publishes per second; quantiles ascending, values[k][step]. Empty: none yet. */
  quantiles: number[];
  values: Float64Array[];
  intervalMs: number;
  startMs: number;
  modelVersion: string;
  method: string;
  /** Peak over the horizon of the p50 and p90 (per second); the current rate when no forecast. */
  predictedRateP50: number;
  predictedRateP90: number;
  reportedBy: string[];
  cachedAtMs: number;
  expiresAtMs: number;
}

/** One sidecar's report of one topic. */
export interface TopicReport {
  nodeId: string;
  load: TopicLoad__Output;
}

/**
 * Sums reports of one topic from several sidecars. Rates and counts add. Forecasts with the same
 * levels, step and horizon combine as the capacity core sums forecasts: medians add, each other
 * level lies at the summed median plus (or minus) the spreads added in quadrature; otherwise the
 * busiest reporter's forecast stands for the topic (noted in `method`).
 */
export function mergeTopicReports(topic: string, reports: readonly TopicReport[], nowMs: number, ttlMs: number): TopicPredictionEntry {
  let subscriptions = 0;
  let rate = 0;
  let bytes = 0;
  let events = 0;
  let clients = 0;
  let wildcard = false;
  for (const r of reports) {
    subscriptions += Number(r.load.subscriptions);
    rate += r.load.publishRatePerS;
    bytes += r.load.bytesPerS;
    events += r.load.clientEventRatePerS;
    clients += r.load.clients;
    wildcard ||= r.load.kind === 'WILDCARD';
  }
  const withForecast = reports.filter((r) => r.load.forecast && r.load.forecast.quantiles.length > 0 && r.load.forecast.values.length === r.load.forecast.quantiles.length);
  let quantiles: number[] = [];
  let values: Float64Array[] = [];
  let intervalMs = 0;
  let startMs = 0;
  let modelVersion = '';
  let method = '';
  if (withForecast.length > 0) {
    const first = withForecast[0]!.load.forecast!;
    const sameShape = withForecast.every((r) => {
      const f = r.load.forecast!;
      return f.intervalMs === first.intervalMs && f.quantiles.join() === first.quantiles.join() && f.values[0]!.values.length === first.values[0]!.values.length;
    });
    const iv = Number(first.intervalMs);
    const perS = iv > 0 ? 1000 / iv : 0;
    quantiles = [...first.quantiles];
    intervalMs = iv;
    startMs = Math.max(...withForecast.map((r) => Number(r.load.forecast!.startMs)));
    modelVersion = first.modelVersion;
    const h = first.values[0]!.values.length;
    const mid = quantiles.findIndex((q) => Math.abs(q - 0.5) < 1e-9);
    if (withForecast.length === 1 || !sameShape || mid < 0) {
      const pick = withForecast.reduce((a, b) => (b.load.publishRatePerS > a.load.publishRatePerS ? b : a)).load.forecast!;
      quantiles = [...pick.quantiles];
      intervalMs = Number(pick.intervalMs);
      const ps = intervalMs > 0 ? 1000 / intervalMs : 0;
      values = pick.values.map((s) => Float64Array.from(s.values, (v) => v * ps));
      method = withForecast.length === 1 ? pick.method : `${pick.method} (busiest of ${withForecast.length} reporters)`;
    } else {
      values = quantiles.map(() => new Float64Array(h));
      for (let k = 0; k < h; k++) {
        let median = 0;
        const spread2 = quantiles.map(() => 0);
        for (const r of withForecast) {
          const f = r.load.forecast!;
          const m = f.values[mid]!.values[k]!;
          median += m;
          quantiles.forEach((_, j) => {
            const d = f.values[j]!.values[k]! - m;
            spread2[j]! += d * d;
          });
        }
        quantiles.forEach((q, j) => {
          const s = Math.sqrt(spread2[j]!);
          values[j]![k] = Math.max(0, (q < 0.5 ? median - s : q > 0.5 ? median + s : median) * perS);
        });
      }
      method = [...new Set(withForecast.map((r) => r.load.forecast!.method))].join('+');
    }
  }
  const p50 = levelPeak(quantiles, values, 0.5) ?? rate;
  const p90 = Math.max(p50, levelPeak(quantiles, values, 0.9) ?? rate);
  return {
    topic,
    kind: wildcard ? 'wildcard' : 'concrete',
    subscriptions,
    publishRatePerS: rate,
    bytesPerS: bytes,
    clientEventRatePerS: events,
    clients,
    quantiles,
    values,
    intervalMs,
    startMs,
    modelVersion,
    method,
    predictedRateP50: p50,
    predictedRateP90: p90,
    reportedBy: reports.map((r) => r.nodeId).sort(),
    cachedAtMs: nowMs,
    expiresAtMs: nowMs + ttlMs,
  };
}

/** Peak over the horizon of the level nearest `level` at or above it (undefined: no forecast). */
function levelPeak(quantiles: readonly number[], values: readonly Float64Array[], level: number): number | undefined {
  if (quantiles.length === 0 || values.length === 0) return undefined;
  let j = quantiles.findIndex((q) => q >= level - 1e-9);
  if (j < 0) j = quantiles.length - 1;
  let max = 0;
  for (const v of values[j]!) if (v > max) max = v;
  return max;
}

export class PredictionCache {
  private entries = new Map<string, TopicPredictionEntry>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = DEFAULT_PREDICTION_CACHE_ENTRIES,
  ) {}

  /** Stores one poll round: every topic in `reports`, merged; older entries stay until they expire. */
  update(reports: ReadonlyMap<string, TopicReport[]>, nowMs = Date.now()): void {
    for (const [topic, rs] of reports) this.entries.set(topic, mergeTopicReports(topic, rs, nowMs, this.ttlMs));
    this.expire(nowMs);
    if (this.entries.size > this.maxEntries) {
      const keep = [...this.entries.values()].sort((a, b) => b.predictedRateP90 - a.predictedRateP90 || b.subscriptions - a.subscriptions).slice(0, this.maxEntries);
      this.entries = new Map(keep.map((e) => [e.topic, e]));
    }
  }

  expire(nowMs = Date.now()): void {
    for (const [k, e] of this.entries) if (e.expiresAtMs <= nowMs) this.entries.delete(k);
  }

  get(topic: string, nowMs = Date.now()): TopicPredictionEntry | undefined {
    const e = this.entries.get(topic);
    if (e && e.expiresAtMs <= nowMs) {
      this.entries.delete(topic);
      return undefined;
    }
    return e;
  }

  /** Live entries, busiest (predicted p90) first. */
  list(nowMs = Date.now()): TopicPredictionEntry[] {
    this.expire(nowMs);
    return [...this.entries.values()].sort((a, b) => b.predictedRateP90 - a.predictedRateP90 || (a.topic < b.topic ? -1 : 1));
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
