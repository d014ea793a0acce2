// The sidecar's Prometheus metrics (prom-client): RPC latency, ingest rate, forecast latency,
// host metrics and per-node gauges. Per-node only: a per-microshard label would make the
// series count grow with the keyspace, so microshard detail goes over the Session instead.
// Serve the registry with platform/metrics-http.ts startMetricsServer.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IngestResult } from './aggregator.js';
import type { ClosedInterval } from './interval-load.js';
import type { HostSnapshot } from './host-metrics.js';
import { DEFAULT_RPC_BUCKETS } from '../../platform/rpc-metrics.js';

/** Forecast run buckets (seconds): the batched run's budget is 100 ms for 10,000 microshards. */
export const DEFAULT_FORECAST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
export const METRIC_PREFIX = 'shardcast_sidecar_';

export interface SidecarMetricsOptions {
  /** Where host gauges read from (HostMetricsSampler.current); omitted: no host gauges. */
  host?: () => HostSnapshot;
  /** Also export process metrics (CPU, heap, event loop lag) with prom-client's defaults. */
  processMetrics?: boolean;
  /** Labels on every series (e.g. { node: 'n1' }). */
  labels?: Record<string, string>;
}

export interface SidecarMetrics {
  registry: Registry;
  rpcDuration: Histogram<'method' | 'code'>;
  ingestBatches: Counter;
  ingestRecords: Counter;
  ingestEvents: Counter;
  ingestRejected: Counter;
  ingestUnrouted: Counter;
  forecastDuration: Histogram;
  ownedMicroshards: Gauge;
  opsPerSecond: Gauge;
  /** Counts one ingested batch (pass as handleReportAccess's onBatch). */
  observeIngest(r: IngestResult): void;
  /** Counts a batch refused whole (pass as onBadBatch). */
  observeBadBatch(): void;
  /** Sets the per-node gauges from a closed interval. */
  observeInterval(c: ClosedInterval): void;
  /** Times one forecast run. */
  observeForecast(seconds: number): void;
}

export function createSidecarMetrics(opts: SidecarMetricsOptions = {}): SidecarMetrics {
  const registry = new Registry();
  if (opts.labels) registry.setDefaultLabels(opts.labels);
  if (opts.processMetrics) collectDefaultMetrics({ register: registry }); // unprefixed: standard process dashboards read them
  const p = METRIC_PREFIX;
  const rpcDuration = new Histogram({ name: `${p}rpc_duration_seconds`, help: 'gRPC handling time by method and status code', labelNames: ['method', 'code'] as const, buckets: DEFAULT_RPC_BUCKETS, registers: [registry] });
  const ingestBatches = new Counter({ name: `${p}ingest_batches_total`, help: 'AccessBatch messages ingested (ReportAccess)', registers: [registry] });
  const ingestRecords = new Counter({ name: `${p}ingest_records_total`, help: 'Access records ingested, rejected ones included', registers: [registry] });
  const ingestEvents = new Counter({ name: `${p}ingest_events_total`, help: 'Access events (reads + writes) aggregated', registers: [registry] });
  const ingestRejected = new Counter({ name: `${p}ingest_rejected_total`, help: 'Access records (or whole malformed batches) rejected', registers: [registry] });
  const ingestUnrouted = new Counter({ name: `${p}ingest_unrouted_total`, help: 'Valid records whose position had no route', registers: [registry] });
  const forecastDuration = new Histogram({ name: `${p}forecast_duration_seconds`, help: 'Time of one batched forecast run for all microshards of the node', buckets: DEFAULT_FORECAST_BUCKETS, registers: [registry] });
  const ownedMicroshards = new Gauge({ name: `${p}owned_microshards`, help: 'Microshards reported by this node in the last closed interval', registers: [registry] });
  const opsPerSecond = new Gauge({ name: `${p}ops_per_second`, help: 'Access events per second over the last closed interval (whole node)', registers: [registry] });
  if (opts.host) {
    const host = opts.host;
    const g = (name: string, help: string, pick: (s: HostSnapshot) => number): void => {
      new Gauge({
        name: `shardcast_host_${name}`,
        help,
        registers: [registry],
        collect() {
          this.set(pick(host()));
        },
      });
    };
    g('cpu_ratio', 'Host CPU busy fraction (0..1), sampled', (s) => s.cpuUtilisation);
    g('memory_used_bytes', 'Host memory in use (total - available), sampled', (s) => s.memoryUsedBytes);
    g('memory_total_bytes', 'Host memory', (s) => s.memoryTotalBytes);
    g('disk_read_bytes_per_second', 'Host block device reads, sampled', (s) => s.diskReadBytesPerS);
    g('disk_write_bytes_per_second', 'Host block device writes, sampled', (s) => s.diskWriteBytesPerS);
    g('network_receive_bytes_per_second', 'Host network receive (non-loopback), sampled', (s) => s.netRxBytesPerS);
    g('network_transmit_bytes_per_second', 'Host network transmit (non-loopback), sampled', (s) => s.netTxBytesPerS);
    g('sample_age_seconds', 'Age of the host sample', (s) => (s.sampledAtMs === 0 ? -1 : (Date.now() - s.sampledAtMs) / 1000));
  }
  return {
    registry,
    rpcDuration,
    ingestBatches,
    ingestRecords,
    ingestEvents,
    ingestRejected,
    ingestUnrouted,
    forecastDuration,
    ownedMicroshards,
    opsPerSecond,
    observeIngest(r) {
      ingestBatches.inc();
      ingestRecords.inc(r.records);
      ingestEvents.inc(r.ops);
      if (r.rejected) ingestRejected.inc(r.rejected);
      if (r.unrouted) ingestUnrouted.inc(r.unrouted);
    },
    observeBadBatch() {
      ingestBatches.inc();
      ingestRejected.inc();
    },
    observeInterval(c) {
      ownedMicroshards.set(c.microshards.length);
      opsPerSecond.set(c.totals.ops / (c.intervalMs / 1000));
    },
    observeForecast(seconds) {
      forecastDuration.observe(seconds);
    },
  };
}

// Shared with the coordinator; kept exported here for the sidecar's own imports.
export { instrumentService } from '../../platform/rpc-metrics.js';
