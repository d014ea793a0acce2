// The coordinator's Prometheus metrics (prom-client): RPC latency, live sessions, load reports,
// leader status, and per-node gauges from the load store. Per node, never per microshard (the
// series count would grow with the keyspace). Served by platform/metrics-http.ts.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DEFAULT_RPC_BUCKETS } from '../platform/rpc-metrics.js';
import type { LoadStore } from './cluster/load-store.js';
import type { AnomalyStore } from './cluster/anomalies.js';

export const COORDINATOR_METRIC_PREFIX = 'shardcast_coordinator_';

export interface CoordinatorMetricsSources {
  isLeader: () => boolean;
  liveSessions: () => number;
  loads: LoadStore;
  anomalies?: AnomalyStore;
}

export interface CoordinatorMetrics {
  registry: Registry;
  rpcDuration: Histogram<'method' | 'code'>;
  loadReports: Counter<'result'>;
  loadEntriesIgnored: Counter;
  forecastsReceived: Counter;
  /** Anomaly episodes flagged by the sidecars, by kind (microshard, host). */
  anomalies: Counter<'kind'>;
  /** Anomaly events written, and flags held back by the per-series rate limit. */
  anomalyEvents: Counter<'result'>;
  /** Planner rounds asked for by anomalies, by result (started, rate_limited). */
  anomalyRounds: Counter<'result'>;
}

export function createCoordinatorMetrics(src: CoordinatorMetricsSources, labels: Record<string, string> = {}): CoordinatorMetrics {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry, prefix: COORDINATOR_METRIC_PREFIX });
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
  perNode('cpu_utilisation', 'Host CPU busy fraction (0..1) the node reported', (n) => n.host?.cpuUtilisation);
  perNode('memory_used_bytes', 'Host memory in use the node reported', (n) => n.host?.memoryUsedBytes);
  perNode('memory_total_bytes', 'Host memory the node reported', (n) => n.host?.memoryTotalBytes);
  perNode('load_entries_ignored', 'Entries the node reported for microshards it does not own (since this leader took over)', (n) => n.ignoredNotOwned);
  return { registry, rpcDuration, loadReports, loadEntriesIgnored, forecastsReceived, anomalies, anomalyEvents, anomalyRounds };
}
