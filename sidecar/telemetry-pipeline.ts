// The sidecar's telemetry, wired: ReportAccess batches into the Aggregator, closed intervals
// into History (persisted in dataDir) and Prometheus gauges, one batched forecast of every owned
// microshard per interval, and a LoadReport (loads + forecasts + host metrics) over the Session.
// Route updates keep the aggregator's range cache fresh and carry history across splits and
// merges. Sizes and host metrics are sampled on timers, never on an RPC path.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '../platform/logger.js';
import { startMetricsServer, type MetricsServer } from '../platform/metrics-http.js';
import type { RouteTable, RouteUpdateWire } from '../core/route-table.js';
import { detectLineage, type IdRange } from '../core/lineage.js';
import type { LoadReport } from '../generated/proto/shardcast/v1/LoadReport.js';
import type { MicroshardForecast } from '../generated/proto/shardcast/v1/MicroshardForecast.js';
import type { ReportAccessSummary } from '../generated/proto/shardcast/v1/ReportAccessSummary.js';
import {
  Aggregator,
  History,
  HostMetricsSampler,
  createSidecarMetrics,
  handleReportAccess,
  shareBelow,
  startHistoryPersistence,
  startRolloverTimer,
  toLoadReport,
  type AccessBatchMessage,
  type AccessHistogram,
  type ClosedInterval,
  type SidecarMetrics,
} from './telemetry/index.js';
import { DEFAULT_FORECAST_HORIZON_CAP, type SidecarConfig } from './config.js';
import { LoadForecaster, forecastShape, type ForecastShape } from './forecasts.js';
import { SizeCache } from './sizes.js';
import { AnomalyWatch } from './anomalies.js';
import { registerAnomalyMetrics, type AnomalyMetrics } from './anomaly-metrics.js';
import type { AnomalyReport } from '../generated/proto/shardcast/v1/AnomalyReport.js';

/** Microshards per LoadReport message: one interval of a big node goes as several messages. */
export const DEFAULT_LOAD_REPORT_CHUNK = 2_000;
/** Name of the history file in dataDir. */
export const HISTORY_FILE = 'history.bin';

/** Where telemetry state lives when no dataDir is configured: stable per node id on this host. */
export function defaultDataDir(nodeId: string): string {
  return join(tmpdir(), `shardcast-sidecar-${nodeId}`);
}

/**
 * Cuts one interval's report into messages of at most `chunk` microshards (loads and forecasts
 * of the same microshards travel together; co-access pairs go with the first message).
 */
export function chunkLoadReport(report: LoadReport, chunk = DEFAULT_LOAD_REPORT_CHUNK): LoadReport[] {
  const loads = report.microshards ?? [];
  const forecasts = report.forecasts ?? [];
  if (loads.length <= chunk && forecasts.length <= chunk) return [report];
  const ids = [...new Set([...loads.map((m) => String(m.microshardId)), ...forecasts.map((f) => String(f.microshardId))])];
  const out: LoadReport[] = [];
  for (let i = 0; i < ids.length; i += chunk) {
    const part = new Set(ids.slice(i, i + chunk));
    out.push({
      ...report,
      microshards: loads.filter((m) => part.has(String(m.microshardId))),
      forecasts: forecasts.filter((f) => part.has(String(f.microshardId))),
      coAccess: i === 0 ? report.coAccess : [],
    });
  }
  return out;
}

type ReportAccessCall = grpc.ServerReadableStream<AccessBatchMessage, ReportAccessSummary>;

export interface TelemetryDeps {
  config: SidecarConfig;
  table: RouteTable;
  routeEvents: EventEmitter<{ applied: [update: RouteUpdateWire] }>;
  log: Logger;
}

export class SidecarTelemetry {
  readonly aggregator: Aggregator;
  readonly metrics: SidecarMetrics;
  readonly host: HostMetricsSampler;
  readonly history: History;
  readonly dataDir: string;
  readonly shape: ForecastShape;
  /** host:port of /metrics (undefined when not served). */
  metricsAddress: string | undefined;
  /** The sidecar's one forecaster (undefined when forecasts are off or the model did not open); others may share it. */
  forecaster: LoadForecaster | undefined;
  private readonly sizes: SizeCache;
  private readonly persistence: { stop(): Promise<void>; saveNow(): Promise<void> };
  private rollover: { stop(): void; poke(): void } | undefined;
  private http: MetricsServer | undefined;
  private send: (r: LoadReport) => boolean = () => false;
  private sendAnomalies: (r: AnomalyReport) => boolean = () => false;
  /** One detector per series (undefined when anomaly detection is off). */
  readonly anomalies: AnomalyWatch | undefined;
  private readonly anomalyMetrics: AnomalyMetrics | undefined;
  /** The access histogram of each microshard's last interval with load (split shares). */
  private readonly lastAccess = new Map<string, AccessHistogram>();
  private previousRanges: IdRange[] = [];
  /**
   * Microshards that just split or merged away, with when: the interval open at the change may
   * still carry records for them, which History forwards to their successors.
   */
  private readonly retired = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Intervals whose forecast was skipped because the previous run had not finished. */
  forecastsSkipped = 0;
  reportsSent = 0;
  reportsDropped = 0;

  private constructor(private readonly deps: TelemetryDeps) {
    const { config, table, log } = deps;
    const nodeId = config.nodeId;
    this.dataDir = config.dataDir ?? defaultDataDir(nodeId);
    this.host = new HostMetricsSampler({ intervalMs: config.hostSampleMs, onError: (err) => log.warn({ err: String(err) }, 'host metrics sample failed') });
    this.metrics = createSidecarMetrics({ host: () => this.host.current(), labels: { node: nodeId }, processMetrics: true });
    this.sizes = new SizeCache(config.datastore, config.security, config.sizeRefreshMs, (message) => log.warn({ err: message }, 'cannot read microshard sizes from the storage node (DataPlane.Stats)'));
    this.aggregator = new Aggregator({
      lookup: (p) => table.lookup(p),
      keySchema: () => table.keySchema,
      owned: () => this.owned(),
      sizeOf: (id) => this.sizes.get(id),
      intervalMs: config.intervalMs,
      batchClock: Date.now,
    });
    mkdirSync(this.dataDir, { recursive: true });
    const file = join(this.dataDir, HISTORY_FILE);
    const { history, report } = History.load(file, { intervalMs: config.intervalMs });
    this.history = history;
    for (const p of report.problems) log.warn({ file, problem: p }, 'telemetry history file');
    log.info({ dataDir: this.dataDir, defaulted: config.dataDir === undefined, history: report.source, microshards: history.ids().length }, 'telemetry history loaded');
    if (config.dataDir === undefined) log.warn({ dataDir: this.dataDir }, 'no dataDir configured: telemetry history is kept in a temporary directory (set --data-dir to keep it across reboots)');
    this.persistence = startHistoryPersistence(history, file, { everyMs: config.historySaveMs, onError: (err) => log.warn({ err: String(err), file }, 'cannot save telemetry history') });
    this.shape = forecastShape(config.intervalMs, history.fineCapacity, config.forecastSeason, config.forecastHorizon, DEFAULT_FORECAST_HORIZON_CAP);
    if (config.anomalies) {
      // The ops series share the forecaster's season: the same idea of "this time yesterday".
      this.anomalies = new AnomalyWatch({ intervalMs: config.intervalMs, probation: config.anomalyProbation, tailThreshold: config.anomalyTail, season: this.shape.season, minOpsPerS: config.anomalyMinOpsPerS, host: true, history: (id, n) => this.history.fineOps(id, n) });
      this.anomalyMetrics = registerAnomalyMetrics(this.metrics.registry, this.anomalies);
    }
  }

  /** Starts timers, the forecaster and /metrics. A forecaster that cannot open is logged: loads still go out. */
  static async start(deps: TelemetryDeps): Promise<SidecarTelemetry> {
    const t = new SidecarTelemetry(deps);
    const { config, log } = deps;
    void t.host.start();
    t.sizes.start();
    deps.routeEvents.on('applied', t.onRoutes);
    if (config.forecast) {
      try {
        t.forecaster = await LoadForecaster.open({ intraOpNumThreads: config.forecastThreads, modelPath: config.modelPath, shape: t.shape });
        log.info({ model: t.forecaster.modelVersion, ...t.shape, intervalMs: config.intervalMs, threads: config.forecastThreads }, 'forecaster ready');
      } catch (err) {
        log.error({ err: String(err) }, 'cannot open the forecaster: load reports go out without forecasts');
      }
    }
    if (config.metricsListen) {
      const at = config.metricsListen.lastIndexOf(':');
      const host = config.metricsListen.slice(0, at).replace(/^\[|\]$/g, '');
      t.http = await startMetricsServer(Number(config.metricsListen.slice(at + 1)), t.metrics.registry, host);
      t.metricsAddress = t.http.address;
      log.info({ metricsAddress: t.http.address }, 'metrics endpoint');
    }
    t.rollover = startRolloverTimer(t.aggregator, { onClosed: (c) => t.onClosed(c), onError: (err) => log.error({ err: String(err) }, 'closing a telemetry interval failed') });
    return t;
  }

  /** Where load reports go (the Session); returns false when dropped (no session). */
  sendTo(send: (r: LoadReport) => boolean): void {
    this.send = send;
  }

  /** Where anomaly reports go (the Session); returns false when dropped (no session). */
  sendAnomaliesTo(send: (r: AnomalyReport) => boolean): void {
    this.sendAnomalies = send;
  }

  /** Sidecar.ReportAccess (client stream of AccessBatch; register with withLeanReportAccess). */
  reportAccess = (call: ReportAccessCall): Promise<ReportAccessSummary> =>
    handleReportAccess(call, this.aggregator, {
      onBatch: (r) => {
        this.metrics.observeIngest(r);
        // The batch's at_ms closed an interval the late timer has not: report it now.
        if (this.aggregator.pendingClosed > 0) this.rollover?.poke();
      },
      onBadBatch: () => this.metrics.observeBadBatch(),
    });

  get forecastModelVersion(): string | undefined {
    return this.forecaster?.modelVersion;
  }

  private owned(): IdRange[] {
    const id = this.deps.config.nodeId;
    return this.deps.table.microshards().filter((m) => m.owner === id);
  }

  /** Route update applied: fresh range cache; history follows splits and merges; moved-away history dropped. */
  private readonly onRoutes = (): void => {
    this.aggregator.invalidateRoutes();
    const table = this.deps.table;
    const now: IdRange[] = table.microshards().map((m) => ({ id: m.id, start: m.start, end: m.end }));
    let carried = false;
    for (const l of detectLineage(this.previousRanges, now)) {
      const from = l.from.filter((m) => this.history.has(m.id));
      if (from.length === 0) continue;
      if (l.kind === 'split') {
        const parent = l.from[0]!;
        const h = this.lastAccess.get(parent.id);
        const hist = h && h.start === parent.start && h.end === parent.end ? h : { start: parent.start, end: parent.end, buckets: [0] };
        const parts = l.to.map((p) => ({ id: p.id, share: shareBelow(hist, p.end) - shareBelow(hist, p.start) }));
        this.history.split(parent.id, normalise(parts));
      } else if (l.kind === 'merge' || l.kind === 'rename') {
        this.history.merge(l.from.map((m) => m.id), l.to[0]!.id);
      } else {
        // Re-cut: sum, then apportion by keyspace width.
        const tmp = `recut-${l.to[0]!.id}`;
        this.history.merge(l.from.map((m) => m.id), tmp);
        const span = Number(l.to[l.to.length - 1]!.end - l.to[0]!.start);
        this.history.split(tmp, normalise(l.to.map((p) => ({ id: p.id, share: Number(p.end - p.start) / span }))));
      }
      this.deps.log.info({ kind: l.kind, from: l.from.map((m) => m.id), to: l.to.map((m) => m.id) }, 'telemetry history carried across a route change');
      for (const m of l.from) {
        this.lastAccess.delete(m.id);
        this.retired.set(m.id, Date.now());
      }
      carried = true;
    }
    this.previousRanges = now;
    // Saved at once: a restart before the next periodic save could not see the change any more.
    if (carried) void this.persistence.saveNow();
    // History of microshards now owned elsewhere is dropped (bounded memory; theirs is the new
    // owner's), and so is history of ids the table no longer has (changed while this sidecar was
    // down, so no lineage could be seen).
    const self = this.deps.config.nodeId;
    if (!table.ready) return;
    for (const id of this.history.ids()) {
      const m = table.microshard(id);
      if (!m || (m.owner !== '' && m.owner !== self)) this.history.remove(id);
    }
  };

  private onClosed(c: ClosedInterval): void {
    this.metrics.observeInterval(c);
    for (const m of c.microshards) if (m.ops > 0) this.lastAccess.set(m.microshardId, m.access);
    const table = this.deps.table;
    const ownedIds = new Set(this.owned().map((m) => m.id));
    for (const [id, at] of this.retired) if (Date.now() - at > 3 * c.intervalMs) this.retired.delete(id);
    // Before the first route table nothing is known (not idle): history keeps a gap. Records of a
    // microshard that split or merged away during this interval go to its successors.
    if (table.ready) this.history.record({ ...c, microshards: c.microshards.filter((m) => ownedIds.has(m.microshardId) || this.retired.has(m.microshardId)) });
    for (const id of this.lastAccess.keys()) if (!ownedIds.has(id) && !table.microshard(id)) this.lastAccess.delete(id);
    const host = this.host.current();
    // Scored and sent first, before the forecast run: the leader can act within this interval.
    // Like history, nothing is scored before the first route table (a gap, not idleness).
    if (this.anomalies && table.ready && !this.stopped) {
      const a = this.anomalies.observe(c, ownedIds, host.sampledAtMs > 0 ? host.cpuUtilisation : undefined);
      this.anomalyMetrics?.observe(a);
      if (a) this.sendAnomalies(a);
    }
    const report = toLoadReport(c, host);
    const f = this.forecaster;
    if (!f || !table.ready || ownedIds.size === 0) {
      this.queueDelivery(report);
      return;
    }
    if (f.running) {
      // The previous run is still going: never queue runs behind each other.
      this.forecastsSkipped++;
      this.queueDelivery(report);
      return;
    }
    const ids = [...ownedIds].filter((id) => this.history.has(id));
    const startMs = c.startMs + c.intervalMs;
    const forecasts = f.forecast(this.history, ids, startMs).then(
      (run) => {
        this.metrics.observeForecast(run.totalMs / 1000);
        return run.forecasts;
      },
      (err: unknown) => {
        this.deps.log.error({ err: String(err) }, 'forecast failed: load report sent without forecasts');
        return [];
      },
    );
    this.queueDelivery(report, forecasts);
  }

  /**
   * Sends a report after every report before it: reports leave in interval order, so one waiting
   * for its forecast holds back the next (the leader, and a reader waiting for an idle interval,
   * take the newest report as "everything up to here").
   */
  private queueDelivery(report: LoadReport, forecasts?: Promise<MicroshardForecast[]>): void {
    const before = this.chain;
    this.chain = (async () => {
      const f = forecasts ? await forecasts : [];
      await before;
      try {
        this.deliver(report, f);
      } catch (err) {
        this.deps.log.error({ err: String(err) }, 'cannot send a load report');
      }
    })();
  }

  private deliver(report: LoadReport, forecasts: MicroshardForecast[] = []): void {
    if (this.stopped) return;
    report.forecasts = forecasts;
    for (const part of chunkLoadReport(report)) {
      if (this.send(part)) this.reportsSent++;
      else this.reportsDropped++;
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.rollover?.stop();
    this.deps.routeEvents.off('applied', this.onRoutes);
    await this.chain.catch(() => undefined);
    await this.persistence.stop();
    this.host.stop();
    this.sizes.close();
    await this.forecaster?.close();
    await this.http?.close();
    this.aggregator.dispose();
  }
}

/** Shares rounded so they sum to exactly 1 (History.split checks the sum). */
function normalise(parts: Array<{ id: string; share: number }>): Array<{ id: string; share: number }> {
  const clean = parts.map((p) => ({ id: p.id, share: Number.isFinite(p.share) && p.share > 0 ? p.share : 0 }));
  const sum = clean.reduce((s, p) => s + p.share, 0);
  if (sum <= 0) return clean.map((p) => ({ id: p.id, share: 1 / clean.length }));
  return clean.map((p) => ({ id: p.id, share: p.share / sum }));
}
