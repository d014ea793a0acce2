// A closed interval in the coordinator.proto LoadReport shape (64-bit integers as decimal
// strings, as the loader expects them), ready to send over the Session.
import type { LoadReport } from '../../generated/proto/shardcast/v1/LoadReport.js';
import type { ClosedInterval } from './interval-load.js';
import { toHostMetricsProto, type HostSnapshot } from './host-metrics.js';
import { positionToHex } from '../../core/keyspace.js';

const u64 = (n: number): string => String(Math.max(0, Math.round(n)));

export function toLoadReport(c: ClosedInterval, host?: HostSnapshot): LoadReport {
  return {
    intervalStartMs: String(c.startMs),
    intervalMs: String(c.intervalMs),
    microshards: c.microshards.map((m) => ({
      microshardId: m.microshardId,
      reads: u64(m.reads),
      writes: u64(m.writes),
      bytesRead: u64(m.bytesRead),
      bytesWritten: u64(m.bytesWritten),
      errors: u64(m.errors),
      latencyP50Ms: m.latencyP50Ms,
      latencyP99Ms: m.latencyP99Ms,
      sizeBytes: u64(m.sizeBytes ?? 0),
      accessBuckets: m.ops > 0 ? m.access.buckets : [],
      clientRegions: m.regions,
      accessStart: m.ops > 0 ? positionToHex(m.access.start) : '',
      accessEnd: m.ops > 0 ? positionToHex(m.access.end) : '',
    })),
    host: host ? toHostMetricsProto(host) : undefined,
    coAccess: c.coAccess.map((p) => ({ a: p.a, b: p.b, count: p.count, error: p.error })),
  };
}
