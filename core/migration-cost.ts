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
 * on 4 December 2026, 2-core machine, quiet, six runs, medians: the direct copy stream (storage
 * node to storage node, chunks coded by hand, 4 MiB receive windows; the sidecars only
 * orchestrate). CPU each process spent during the unthrottled copy less the CPU its foreground
 * work took at the rate before the copy, per MB copied. The source's storage node reads and sends
 * (6.7 ms, runs 6.3-7.2), its sidecar follows the copy's events (1.3); the target's storage node
 * receives, checks and writes (8.4, runs 7.4-9.3), its sidecar only watches (0.55). Same runs, as
 * a cross-check: the foreground's writes fell 81-86 % during those copies at 74-86 MB/s (about
 * 1.0 % per MB/s) against this model's 68 % for both sides on one 2-core machine (17 ms x 80 MB/s
 * / 2 cores): the nodes, the client and the sidecars shared those cores, so the foreground lost
 * a little more than the copy's own CPU.
 * Earlier paths: 40.5 ms per MB on each side through the four processes (3 December); 11.1 and
 * 14.0 with the direct stream before the hand-coded chunks and windows (4 December, one run).
 */
export const COPY_CPU_MS_PER_MB: Readonly<CopyCpuCost> = Object.freeze({
  source: Object.freeze({ datastore: 6.7, sidecar: 1.3 }),
  target: Object.freeze({ datastore: 8.4, sidecar: 0.55 }),
});

/**
 * The copy rate measured by the same bench (bytes/s), median of three quiet runs: the default,
 * adaptive rate controller next to 8 closed-loop writers, the copy started after the foreground
 * settled for a whole baseline window (runs 0.7, 4.3, 5.4 MB/s: the controller backs off to its
 * floor and stays there; see docs/architecture.md, "Adaptive copy rate"; a fixed rate with no
 * budget ran 73.8-85.3 MB/s in the same runs). A copy's duration where no budget is set is priced
 * at this rate (the capacity core's lead time, the scaling simulator's copies).
 */
export const MEASURED_ADAPTIVE_COPY_BYTES_PER_S = 4.3e6;

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
