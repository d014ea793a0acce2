// What a closed aggregation interval says: per microshard its load (ops, bytes, errors,
// latency percentiles, where in its range the accesses fell, regions), the interval's ingest
// totals, and the top co-access pairs. The shape history, the load report and metrics read.
import type { AccessHistogram } from './access-histogram.js';
import type { CoAccessPair } from './coaccess.js';

/** One microshard over one closed interval: MicroshardLoad plus what the proto leaves out. */
export interface MicroshardIntervalLoad {
  microshardId: string;
  start: bigint;
  end: bigint;
  reads: number;
  writes: number;
  ops: number;
  bytesRead: number;
  bytesWritten: number;
  /** Failed ops (a subset of ops by contract). */
  errors: number;
  /** errors / ops (errors / errors when a record reported errors without ops); 0 without ops. */
  errorRate: number;
  /** reads / ops in [0, 1]; 0 without ops. */
  readFraction: number;
  /** reads / writes; null when there were no writes. */
  readWriteRatio: number | null;
  /** ops per second over the interval (access frequency). */
  opsPerSecond: number;
  /** Access records that carried these ops. */
  records: number;
  /** Per-op latency percentiles in ms (0 without ops); each record's ops count at its mean latency. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  /** From options.sizeOf at close time; undefined when unknown. */
  sizeBytes: number | undefined;
  /** Ops per equal-width bucket of [start, end). */
  access: AccessHistogram;
  /** Ops per client region (non-empty client_region only). */
  regions: Record<string, number>;
}

export interface IntervalTotals {
  batches: number;
  records: number;
  ops: number;
  rejected: number;
  /** Valid records whose position the route lookup did not resolve. */
  unrouted: number;
}

export interface ClosedInterval {
  startMs: number;
  intervalMs: number;
  microshards: MicroshardIntervalLoad[];
  totals: IntervalTotals;
  /** Most co-accessed pairs so far (decayed), at close time. */
  coAccess: CoAccessPair[];
}

export function emptyTotals(): IntervalTotals {
  return { batches: 0, records: 0, ops: 0, rejected: 0, unrouted: 0 };
}

/** The load of a microshard owned here that saw nothing (reported as zeros, not left out). */
export function idleLoad(r: { id: string; start: bigint; end: bigint }, accessBuckets: number, sizeBytes: number | undefined): MicroshardIntervalLoad {
  return {
    microshardId: r.id,
    start: r.start,
    end: r.end,
    reads: 0,
    writes: 0,
    ops: 0,
    bytesRead: 0,
    bytesWritten: 0,
    errors: 0,
    errorRate: 0,
    readFraction: 0,
    readWriteRatio: null,
    opsPerSecond: 0,
    records: 0,
    latencyP50Ms: 0,
    latencyP99Ms: 0,
    latencyMeanMs: 0,
    sizeBytes,
    access: { start: r.start, end: r.end, buckets: new Array<number>(accessBuckets).fill(0) },
    regions: {},
  };
}
