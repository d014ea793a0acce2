// Prometheus series of the sidecar's anomaly watch, on the telemetry registry (so they carry the
// node label): episodes flagged by kind, episodes active now, series watched. Never per
// microshard (the series count would grow with the keyspace).
import { Counter, Gauge, type Registry } from 'prom-client';
import type { AnomalyWatch } from './anomalies.js';
import type { AnomalyReport } from '../generated/proto/shardcast/v1/AnomalyReport.js';
import { METRIC_PREFIX } from './telemetry/index.js';

export interface AnomalyMetrics {
  /** Counts the flags of one interval's report. */
  observe(report: AnomalyReport | undefined): void;
}

export function registerAnomalyMetrics(registry: Registry, watch: AnomalyWatch): AnomalyMetrics {
  const p = METRIC_PREFIX;
  const flagged = new Counter({ name: `${p}anomalies_total`, help: 'Anomaly episodes flagged and reported, by kind (microshard ops, host CPU)', labelNames: ['kind'] as const, registers: [registry] });
  // Present at 0 from the start, so rate() and alerts see the series before the first anomaly.
  flagged.inc({ kind: 'microshard' }, 0);
  flagged.inc({ kind: 'host' }, 0);
  new Gauge({
    name: `${p}anomalies_active`,
    help: 'Series of this node in an anomaly episode after the last interval',
    registers: [registry],
    collect() {
      this.set(watch.active);
    },
  });
  new Gauge({
    name: `${p}anomaly_series`,
    help: 'Series the anomaly detector watches (owned microshards, plus the host)',
    registers: [registry],
    collect() {
      this.set(watch.size);
    },
  });
  return {
    observe(report) {
      for (const a of report?.anomalies ?? []) if (a.flagged) flagged.inc({ kind: a.hasMicroshard ? 'microshard' : 'host' });
    },
  };
}
