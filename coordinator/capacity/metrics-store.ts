// Datastore metrics reported from outside (UpdateMetrics / POST /update_metrics): CPU, memory and
// IOPS per datastore instance, each with an expiry. Soft state on the leader; adaptive sizing
// prefers them to the sidecar's own host metrics (the datastore may run elsewhere or be shared).

/** Reported metrics are forgotten this long after they were received unless reported again. */
export const DEFAULT_EXTERNAL_METRICS_TTL_MS = 5 * 60_000;

export interface ExternalMetrics {
  node: string;
  /** The shard named in the report, when it came by shard. */
  shardId?: string;
  cpuUtilisation?: number;
  cpuCores?: number;
  memoryUsedBytes?: number;
  memoryTotalBytes?: number;
  iops?: number;
  measuredAtMs: number;
  receivedAtMs: number;
  expiresAtMs: number;
}

export class ExternalMetricsStore {
  private readonly byNode = new Map<string, ExternalMetrics>();

  constructor(readonly ttlMs = DEFAULT_EXTERNAL_METRICS_TTL_MS) {}

  put(m: Omit<ExternalMetrics, 'receivedAtMs' | 'expiresAtMs'>, nowMs = Date.now()): ExternalMetrics {
    const prev = this.get(m.node, nowMs);
    // A report may carry only some fields: the others keep their last known value.
    const rec: ExternalMetrics = {
      node: m.node,
      shardId: m.shardId,
      cpuUtilisation: m.cpuUtilisation ?? prev?.cpuUtilisation,
      cpuCores: m.cpuCores ?? prev?.cpuCores,
      memoryUsedBytes: m.memoryUsedBytes ?? prev?.memoryUsedBytes,
      memoryTotalBytes: m.memoryTotalBytes ?? prev?.memoryTotalBytes,
      iops: m.iops ?? prev?.iops,
      measuredAtMs: m.measuredAtMs,
      receivedAtMs: nowMs,
      expiresAtMs: nowMs + this.ttlMs,
    };
    this.byNode.set(m.node, rec);
    return rec;
  }

  get(node: string, nowMs = Date.now()): ExternalMetrics | undefined {
    const m = this.byNode.get(node);
    if (m && m.expiresAtMs <= nowMs) {
      this.byNode.delete(node);
      return undefined;
    }
    return m;
  }

  forget(node: string): void {
    this.byNode.delete(node);
  }

  clear(): void {
    this.byNode.clear();
  }
}
