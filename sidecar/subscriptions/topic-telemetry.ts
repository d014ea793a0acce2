// The sidecar's per-topic telemetry, wired: ReportSubscriptions events into the TopicAggregator,
// closed intervals into a History of their own (the same rings and file format as microshard
// history, one series per topic: publishes per interval, bytes), persisted in the sidecar's data
// directory, and one batched forecast of every topic per interval through the sidecar's one
// forecaster (the same model, season and horizon as microshards). GetTopicLoads answers from here.
import { join } from 'node:path';
import type { Logger } from '../../platform/logger.js';
import { History, startHistoryPersistence } from '../telemetry/index.js';
import type { ForecastRun } from '../forecasts.js';
import type { TopicLoad } from '../../generated/proto/shardcast/v1/TopicLoad.js';
import type { TopicLoads } from '../../generated/proto/shardcast/v1/TopicLoads.js';
import type { TopicForecast } from '../../generated/proto/shardcast/v1/TopicForecast.js';
import { TopicAggregator, type ClosedTopicInterval, type TopicAggregatorOptions, type TopicInterval } from './aggregator.js';

/** Name of the topic history file in the sidecar's data directory. */
export const TOPIC_HISTORY_FILE = 'topic-history.bin';
/** Delay after an interval boundary before closing it (late events of the interval still count). */
export const DEFAULT_ROLLOVER_DELAY_MS = 50;

/**
 * Runs the sidecar's forecaster on a History (LoadForecaster.forecast fits): one batched call,
 * answers undefined when no forecaster is available or it is busy (the interval is skipped).
 */
export type TopicForecastFn = (history: History, ids: readonly string[], startMs: number) => Promise<ForecastRun | undefined>;

export interface TopicTelemetryOptions extends TopicAggregatorOptions {
  nodeId: string;
  /** Where topic history is kept (undefined: memory only). */
  dataDir?: string;
  /** How often history is saved, ms. */
  historySaveMs?: number;
  forecast?: TopicForecastFn;
  log?: Logger;
}

export class TopicTelemetry {
  readonly aggregator: TopicAggregator;
  readonly history: History;
  private readonly forecasts = new Map<string, TopicForecast>();
  private persistence: { stop(): Promise<void> } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private running = false;
  private stopped = false;
  /** Intervals whose forecast was skipped (forecaster busy or missing). */
  forecastsSkipped = 0;
  forecastRuns = 0;

  constructor(private readonly opts: TopicTelemetryOptions) {
    this.aggregator = new TopicAggregator({
      ...opts,
      onForget: (topic) => {
        this.history.remove(topic);
        this.forecasts.delete(topic);
        opts.onForget?.(topic);
      },
    });
    if (opts.dataDir) {
      const file = join(opts.dataDir, TOPIC_HISTORY_FILE);
      const { history, report } = History.load(file, { intervalMs: this.aggregator.intervalMs });
      this.history = history;
      for (const p of report.problems) opts.log?.warn({ file, problem: p }, 'topic history file');
      this.persistence = startHistoryPersistence(history, file, { everyMs: opts.historySaveMs, onError: (err) => opts.log?.warn({ err: String(err), file }, 'cannot save topic history') });
    } else {
      this.history = new History({ intervalMs: this.aggregator.intervalMs });
    }
  }

  /** Closes intervals on interval boundaries (unref'd timer). */
  start(): this {
    const schedule = () => {
      if (this.stopped) return;
      const iv = this.aggregator.intervalMs;
      const wait = iv - (Date.now() % iv) + DEFAULT_ROLLOVER_DELAY_MS;
      this.timer = setTimeout(() => {
        try {
          this.tick(Date.now());
        } catch (err) {
          this.opts.log?.error({ err: String(err) }, 'closing a topic interval failed');
        }
        schedule();
      }, wait);
      this.timer.unref();
    };
    schedule();
    return this;
  }

  /** Closes what has ended by `nowMs`, records history, forecasts (public for tests). */
  tick(nowMs: number): ClosedTopicInterval[] {
    const closed = this.aggregator.rollover(nowMs);
    for (const c of closed) this.record(c);
    if (closed.length > 0) {
      const last = closed[closed.length - 1]!;
      this.runForecast(last.startMs + last.intervalMs);
    }
    return closed;
  }

  private record(c: ClosedTopicInterval): void {
    this.history.record({
      startMs: c.startMs,
      intervalMs: c.intervalMs,
      microshards: c.topics.map((t) => ({ microshardId: t.topic, reads: t.publishes, writes: 0, bytesRead: t.publishBytes, bytesWritten: 0 })),
    });
  }

  private runForecast(startMs: number): void {
    const f = this.opts.forecast;
    const ids = this.aggregator.topicNames().filter((t) => this.history.has(t));
    if (!f || ids.length === 0) return;
    if (this.running) {
      this.forecastsSkipped++;
      return;
    }
    this.running = true;
    this.chain = f(this.history, ids, startMs)
      .then(
        (run) => {
          if (!run) {
            this.forecastsSkipped++;
            return;
          }
          this.forecastRuns++;
          for (const m of run.forecasts) {
            if (!this.aggregator.has(String(m.microshardId))) continue;
            this.forecasts.set(String(m.microshardId), {
              quantiles: m.quantiles,
              values: (m.values ?? []).map((s) => ({ values: s.values })),
              modelVersion: m.modelVersion,
              method: m.method,
              intervalMs: m.intervalMs,
              startMs: m.startMs,
              season: m.season,
              historyPoints: m.historyPoints,
            });
          }
        },
        (err: unknown) => this.opts.log?.error({ err: String(err) }, 'topic forecast failed'),
      )
      .finally(() => {
        this.running = false;
      });
  }

  /** Waits for a forecast in flight (tests, shutdown). */
  settled(): Promise<void> {
    return this.chain;
  }

  forecast(topic: string): TopicForecast | undefined {
    return this.forecasts.get(topic);
  }

  /** What GetTopicLoads answers. */
  loads(prefix = '', limit = 0): TopicLoads {
    const agg = this.aggregator;
    const closed = agg.closed;
    const iv = agg.intervalMs;
    const perS = 1000 / iv;
    const rows: Array<{ load: TopicLoad; last: TopicInterval | undefined; subs: number }> = [];
    for (const topic of agg.topicNames()) {
      if (prefix && !topic.startsWith(prefix)) continue;
      const last = agg.last(topic);
      const subs = agg.subscriptionsOf(topic);
      const kind = agg.kindOf(topic) === 'wildcard' ? 'WILDCARD' : 'CONCRETE';
      rows.push({
        last,
        subs,
        load: {
          topic,
          kind,
          subscriptions: String(subs),
          publishes: String(last?.publishes ?? 0),
          publishBytes: String(last?.publishBytes ?? 0),
          subscribes: String(last?.subscribes ?? 0),
          unsubscribes: String(last?.unsubscribes ?? 0),
          clients: last?.clients ?? 0,
          clientsCapped: last?.clientsCapped ?? false,
          publishRatePerS: (last?.publishes ?? 0) * perS,
          bytesPerS: (last?.publishBytes ?? 0) * perS,
          clientEventRatePerS: ((last?.subscribes ?? 0) + (last?.unsubscribes ?? 0)) * perS,
          forecast: this.forecasts.get(topic) ?? null,
        },
      });
    }
    rows.sort((a, b) => (b.last?.publishes ?? 0) - (a.last?.publishes ?? 0) || b.subs - a.subs || (a.load.topic! < b.load.topic! ? -1 : 1));
    const topics = (limit > 0 ? rows.slice(0, limit) : rows).map((r) => r.load);
    return {
      nodeId: this.opts.nodeId,
      intervalStartMs: String(closed?.startMs ?? 0),
      intervalMs: String(iv),
      topics,
      topicsTracked: String(agg.topicCount),
      subscriptions: String(agg.subscriptions),
      rejectedFull: String(agg.totals.rejectedFull),
    };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.chain.catch(() => undefined);
    await this.persistence?.stop();
  }
}
