// The coordinator's Prometheus metrics (prom-client): RPC latency, live sessions, load reports,
// leader status and changes, etcd requests, lifecycle events (decisions) by kind, migrations by
// phase with bytes and write pauses, planner rounds, and per-node gauges from the load store.
// Per node, never per microshard (the series count would grow with the keyspace). Prometheus
// conventions: Node's process metrics unprefixed (standard dashboards read them), `_total`
// counters for rates, `_ratio` for fractions, seconds and bytes as base units.
// Served by platform/metrics-http.ts.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DEFAULT_RPC_BUCKETS } from '../platform/rpc-metrics.js';
import type { LoadStore } from './cluster/load-store.js';
import type { AnomalyStore } from './cluster/anomalies.js';

export const COORDINATOR_METRIC_PREFIX = 'shardcast_coordinator_';

export interface CoordinatorMetricsSources {
  isLeader: () => boolean;
  liveSessions: () => number;
  loads: LoadStore;
  /** The planner's counters since start (rounds run, skipped, failed). */
  plannerTotals?: () => { rounds: number; skipped: number; failed: number };
  anomalies?: AnomalyStore;
}

/** Write-pause buckets, seconds (a pause is tens of ms; a leader failover, seconds). */
export const PAUSE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** etcd request buckets, seconds. */
export const ETCD_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export interface CoordinatorMetrics {
  registry: Registry;
  rpcDuration: Histogram<'method' | 'code'>;
  loadReports: Counter<'result'>;
  loadEntriesIgnored: Counter;
  forecastsReceived: Counter;
  leaderChanges: Counter<'change'>;
  etcdRequestDuration: Histogram<'op'>;
  etcdRequestErrors: Counter<'op'>;
  /** Counts one lifecycle event (appended by this replica while it leads): decisions by kind, migration phases, bytes, pauses. */
  observeEvent(e: { kind: string; inputsJson: string }): void;
  /** Anomaly episodes flagged by the sidecars, by kind (microshard, host). */
  anomalies: Counter<'kind'>;
  /** Anomaly events written, and flags held back by the per-series rate limit. */
  anomalyEvents: Counter<'result'>;
  /** Planner rounds asked for by anomalies, by result (started, rate_limited). */
  anomalyRounds: Counter<'result'>;
}

/** Migration phase a lifecycle event records, when it records one. */
const EVENT_PHASE: Record<string, string> = { migration_planned: 'PLANNED', microshard_migrated: 'CUTOVER', migration_done: 'DONE', migration_aborted: 'ABORTED' };

export function createCoordinatorMetrics(src: CoordinatorMetricsSources, labels: Record<string, string> = {}): CoordinatorMetrics {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry });
  const p = COORDINATOR_METRIC_PREFIX;
  const rpcDuration = new Histogram({ name: `${p}rpc_duration_seconds`, help: 'gRPC handling time by method and status code (Session: the whole stream)', labelNames: ['method', 'code'] as const, buckets: DEFAULT_RPC_BUCKETS, registers: [registry] });
  const loadReports = new Counter({ name: `${p}load_reports_total`, help: 'LoadReport messages received on sidecar sessions, by result (accepted, invalid)', labelNames: ['result'] as const, registers: [registry] });
  const loadEntriesIgnored = new Counter({ name: `${p}load_entries_ignored_total`, help: 'Load or forecast entries ignored because the reporting node does not own the microshard', registers: [registry] });
  const forecastsReceived = new Counter({ name: `${p}forecasts_received_total`, help: 'Microshard forecasts received and kept', registers: [registry] });
  const anomalies = new Counter({ name: `${p}anomalies_total`, help: 'Anomaly episodes flagged by the sidecars and received by this leader, by kind (microshard, host)', labelNames: ['kind'] as const, registers: [registry] });
  const anomalyEvents = new Counter({ name: `${p}anomaly_events_total`, help: 'Anomaly flags by result: recorded as a lifecycle event, or held back by the per-series rate limit', labelNames: ['result'] as const, registers: [registry] });
  const anomalyRounds = new Counter({ name: `${p}anomaly_rounds_total`, help: 'Planner rounds asked for by anomalies, by result (started, rate_limited, off)', labelNames: ['result'] as const, registers: [registry] });
  // Present at 0 from the start, so alerts and rate() see the series before the first anomaly.
  for (const kind of ['microshard', 'host']) anomalies.inc({ kind }, 0);
  for (const result of ['recorded', 'rate_limited']) anomalyEvents.inc({ result }, 0);
  for (const result of ['started', 'rate_limited', 'off']) anomalyRounds.inc({ result }, 0);
  new Gauge({
    name: `${p}anomalies_active`,
    help: 'Series in an active anomaly episode as the sidecars last reported (leader only), by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const list = src.anomalies?.list() ?? [];
      this.set({ kind: 'microshard' }, list.filter((a) => a.microshardId !== undefined).length);
      this.set({ kind: 'host' }, list.filter((a) => a.microshardId === undefined).length);
    },
  });
  new Gauge({
    name: `${p}is_leader`,
    help: '1 while this replica leads',
    registers: [registry],
    collect() {
      this.set(src.isLeader() ? 1 : 0);
    },
  });
  new Gauge({
    name: `${p}sessions`,
    help: 'Live sidecar sessions on this replica (only the leader holds sessions)',
    registers: [registry],
    collect() {
      this.set(src.liveSessions());
    },
  });
  const perNode = (name: string, help: string, pick: (n: NonNullable<ReturnType<LoadStore['node']>>, now: number) => number | undefined): void => {
    new Gauge({
      name: `${p}node_${name}`,
      help,
      labelNames: ['node'] as const,
      registers: [registry],
      collect() {
        // Rebuilt on every scrape, so a node that went away stops being exported.
        this.reset();
        const now = Date.now();
        for (const n of src.loads.nodeList()) {
          const v = pick(n, now);
          if (v !== undefined && Number.isFinite(v)) this.set({ node: n.nodeId }, v);
        }
      },
    });
  };
  perNode('ops_per_second', 'Access events per second in the node\'s latest reported interval', (n) => n.ops / (n.intervalMs / 1000));
  perNode('microshards_reported', 'Microshards in the node\'s latest load report', (n) => n.microshards);
  perNode('report_age_seconds', 'Time since the node\'s latest load report', (n, now) => (now - n.receivedAtMs) / 1000);
  perNode('cpu_ratio', 'Host CPU busy fraction (0..1) the node reported', (n) => n.host?.cpuUtilisation);
  perNode('memory_used_bytes', 'Host memory in use the node reported', (n) => n.host?.memoryUsedBytes);
  perNode('memory_total_bytes', 'Host memory the node reported', (n) => n.host?.memoryTotalBytes);
  perNode('load_entries_ignored', 'Entries the node reported for microshards it does not own (since this leader took over)', (n) => n.ignoredNotOwned);
  const leaderChanges = new Counter({ name: `${p}leader_changes_total`, help: 'Leadership changes of this replica (change: elected, deposed)', labelNames: ['change'] as const, registers: [registry] });
  const etcdRequestDuration = new Histogram({ name: `${p}etcd_request_duration_seconds`, help: 'etcd request time (op: probe, the health read every second)', labelNames: ['op'] as const, buckets: ETCD_BUCKETS, registers: [registry] });
  const etcdRequestErrors = new Counter({ name: `${p}etcd_request_errors_total`, help: 'etcd requests that failed or timed out (op: probe)', labelNames: ['op'] as const, registers: [registry] });
  const events = new Counter({ name: `${p}lifecycle_events_total`, help: 'Lifecycle events this replica appended as leader, by kind (the planner\'s and operators\' decisions: migration_planned, microshard_split, planner_no_action...)', labelNames: ['kind'] as const, registers: [registry] });
  const migrations = new Counter({ name: `${p}migrations_total`, help: 'Migrations reaching a phase under this leader (PLANNED, CUTOVER, DONE, ABORTED)', labelNames: ['phase'] as const, registers: [registry] });
  const migrationBytes = new Counter({ name: `${p}migration_bytes_total`, help: 'Bytes copied by migrations that finished under this leader', registers: [registry] });
  const pause = new Histogram({ name: `${p}migration_pause_seconds`, help: 'Write pause of each finished migration (fence to the target serving)', buckets: PAUSE_BUCKETS, registers: [registry] });
  // The planner keeps its own counters; each scrape adds what they gained since the last one.
  const plannerSeen = { run: 0, skipped: 0, failed: 0 };
  new Counter({
    name: `${p}planner_rounds_total`,
    help: 'Planner rounds on this replica by result (run, skipped, failed)',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      const t = src.plannerTotals?.() ?? { rounds: 0, skipped: 0, failed: 0 };
      for (const [result, total] of [['run', t.rounds], ['skipped', t.skipped], ['failed', t.failed]] as const) {
        this.inc({ result }, Math.max(0, total - plannerSeen[result]));
        plannerSeen[result] = Math.max(plannerSeen[result], total);
      }
    },
  });
  const observeEvent = (e: { kind: string; inputsJson: string }) => {
    events.inc({ kind: e.kind });
    const phase = EVENT_PHASE[e.kind];
    if (!phase) return;
    migrations.inc({ phase });
    if (e.kind !== 'migration_done') return;
    try {
      const inputs = JSON.parse(e.inputsJson) as { bytes?: string | number; pauseMs?: number };
      const bytes = Number(inputs.bytes ?? 0);
      if (Number.isFinite(bytes) && bytes > 0) migrationBytes.inc(bytes);
      if (typeof inputs.pauseMs === 'number' && inputs.pauseMs >= 0) pause.observe(inputs.pauseMs / 1000);
    } catch {
      // an event without readable inputs still counts above
    }
  };
  return { registry, rpcDuration, loadReports, loadEntriesIgnored, forecastsReceived, leaderChanges, etcdRequestDuration, etcdRequestErrors, observeEvent, anomalies, anomalyEvents, anomalyRounds };
}
