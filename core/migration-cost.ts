// What a migration's copy costs the two nodes it runs between, from the measured CPU per MB
// copied (`shardcast bench migration --json`), so the planner and the simulator price a move's
// copy load and copy time as the copy really costs.
//
// Assumption: a node's capacity (ops per interval) is what its CPU cores serve; the copy is
// CPU-bound (measured: it is), so a copy that keeps c cores busy takes c / cores of the node's
// capacity for as long as it runs. Near capacity, where overload is priced, there is no idle CPU
// to absorb it, so this is the share to price (on a machine with idle CPU the foreground loses less:
// see COPY_CPU_MS_PER_MB).
import { DEFAULT_TYPE_CAPACITY_OPS_PER_S, DEFAULT_TYPE_CPU } from './capacity/cost-model.js';

/** CPU milliseconds per MB (10^6 bytes) copied, per process, on each side of the copy's path. */
export interface CopyCpuCost {
  source: Readonly<Record<string, number>>;
  target: Readonly<Record<string, number>>;
}

/**
 * Measured by `shardcast bench migration --json --small 12` (details.copy_cpu_ms_per_mb_net_by_side)
 * on 4 December 2026, 2-core machine, quiet, with the direct copy stream (storage node to storage
 * node; the sidecars only orchestrate): CPU each process spent during the unthrottled copy less
 * the CPU its foreground work took at the rate before the copy, per MB copied. The source's
 * storage node reads and sends (8.6 ms), its sidecar follows the copy's events (2.5); the target's
 * storage node receives, checks and writes (13.7), its sidecar only watches (0.3). Same run, as a
 * cross-check: the foreground's writes fell 37.5 % at 24.7 MB/s (1.5 % per MB/s) against this
 * model's (14.0 ms x 24.7 MB/s / 2 cores) 17 %: on that machine both nodes, the client and the
 * sidecars shared the same 2 cores, so the foreground lost the CPU of both sides and more.
 * The four-process path this replaced measured 40.5 ms per MB on each side (3 December).
 */
export const COPY_CPU_MS_PER_MB: Readonly<CopyCpuCost> = Object.freeze({
  source: Object.freeze({ datastore: 8.6, sidecar: 2.5 }),
  target: Object.freeze({ datastore: 13.7, sidecar: 0.3 }),
});

/**
 * Copy rates measured by the same bench and run (bytes/s): `adaptive`, the default rate controller
 * next to 8 closed-loop writers (it backs off to protect them); `unthrottled`, a fixed rate with
 * no budget under the same writers. A copy's duration where no budget is set is priced at the
 * adaptive one (the capacity core's lead time, the scaling simulator's copies).
 */
export const MEASURED_COPY_BYTES_PER_S = Object.freeze({ adaptive: 14.1e6, unthrottled: 24.7e6 });

/**
 * Interval length the planner's default copy load is priced at: the live planner's time step, the
 * sidecars' default telemetry interval (sidecar/telemetry/interval-clock.ts DEFAULT_INTERVAL_MS;
 * a unit test keeps them equal). The simulator's interval is read as this one too: its node of
 * 10,000 ops per interval is then the default datastore type's 1,000 ops/s.
 */
export const CALIBRATION_INTERVAL_MS = 10_000;

/** What a node serves: the reference node is the default datastore type (1,000 ops/s on 2 cores). */
export interface NodeCpu {
  /** CPU cores that serve its capacity. */
  cores: number;
}

/** The cost model's default datastore type, the node the defaults are priced for. */
export const REFERENCE_NODE: Readonly<NodeCpu & { opsPerS: number }> = Object.freeze({ cores: DEFAULT_TYPE_CPU, opsPerS: DEFAULT_TYPE_CAPACITY_OPS_PER_S });

export interface CopyCost {
  /** The copy rate, bytes/s. */
  bytesPerS: number;
  /** Extra load on the source while the copy runs, as a fraction of its capacity. */
  sourceLoadFraction: number;
  /** Extra load on the target while the copy runs, as a fraction of its capacity. */
  targetLoadFraction: number;
  /** Intervals the copy of `bytes` takes (at least one). */
  intervals: number;
}

const sum = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((a, b) => a + b, 0);

/** Intervals a copy of `bytes` takes at `bytesPerInterval` (at least one: a move cuts over at an interval's end). */
export function copyIntervals(bytes: number, bytesPerInterval: number): number {
  return Math.max(1, Math.ceil(bytes / bytesPerInterval));
}

/**
 * A copy of `bytes` at `bytesPerInterval` with intervals of `intervalMs`, between two nodes of
 * `node.cores`: load fraction on each side = (bytes/s / 10^6) x CPU ms per MB of that side / 1000 /
 * cores. Above 1 the node cannot copy that fast (its CPU would be all copy).
 */
export function copyCost(c: { bytes: number; bytesPerInterval: number; intervalMs: number; node: NodeCpu }, cpu: Readonly<CopyCpuCost> = COPY_CPU_MS_PER_MB): CopyCost {
  if (!(c.bytesPerInterval > 0) || !(c.intervalMs > 0) || !(c.node.cores > 0) || !(c.bytes >= 0)) throw new RangeError(`copyCost: bytesPerInterval, intervalMs and cores must be > 0 and bytes >= 0 (got ${c.bytesPerInterval}, ${c.intervalMs}, ${c.node.cores}, ${c.bytes})`);
  const bytesPerS = c.bytesPerInterval / (c.intervalMs / 1000);
  const coresPerSide = (ms: number) => ((bytesPerS / 1e6) * ms) / 1000 / c.node.cores;
  return {
    bytesPerS,
    sourceLoadFraction: coresPerSide(sum(cpu.source)),
    targetLoadFraction: coresPerSide(sum(cpu.target)),
    intervals: copyIntervals(c.bytes, c.bytesPerInterval),
  };
}
