// The storage node's Prometheus metrics (prom-client), served on GET /metrics when metricsListen
// is set: Node's process metrics (unprefixed, as standard dashboards expect) and the DataPlane
// RPC time by method and status code (shardcast_datastore_rpc_duration_seconds).
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DEFAULT_RPC_BUCKETS } from '../platform/rpc-metrics.js';

export const DATASTORE_METRIC_PREFIX = 'shardcast_datastore_';

export function createDatastoreMetrics(labels: Record<string, string>): { registry: Registry; rpcDuration: Histogram<'method' | 'code'> } {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry });
  const rpcDuration = new Histogram({ name: `${DATASTORE_METRIC_PREFIX}rpc_duration_seconds`, help: 'DataPlane gRPC handling time by method and status code (streams: the whole stream)', labelNames: ['method', 'code'] as const, buckets: DEFAULT_RPC_BUCKETS, registers: [registry] });
  return { registry, rpcDuration };
}
