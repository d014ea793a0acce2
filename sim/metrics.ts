// Figures of one simulated policy. The first block is the CLI's JSON contract; the rest is
// reported in the README table and kept for analysis.

export interface ContractMetrics {
  overloaded_node_intervals: number;
  overload_excess_ops: number;
  max_mean_p50: number;
  max_mean_p99: number;
  moves: number;
  bytes_moved: number;
  splits: number;
  merges: number;
  thrash: number;
  cross_node_group_fraction: number;
  decision_ms_p99: number;
}

export interface SimMetrics extends ContractMetrics {
  /** Node-intervals overloaded when the copy load of running migrations is counted too. */
  overloaded_with_copy: number;
  /** Operators the simulator refused (invalid or beyond a limit): should be 0. */
  rejected_steps: number;
  /** Scale-up recommendations made (the simulated cluster has a fixed size). */
  scale_recommendations: number;
  policy_switches: number;
  explain_records: number;
  intervals: number;
  /** Intervals of every overloaded node-interval, in order (one entry per node-interval). */
  overloaded_at: number[];
  /**
   * Operations served by a node in another region than the operation's, over all operations that
   * carry a region; null without node regions (--node-regions).
   */
  cross_region_fraction: number | null;
  /** Client-to-node latency of operations (weighted by ops), with a latency matrix. */
  access_latency_ms_p50?: number;
  access_latency_ms_p99?: number;
  /** Predictive: the forecaster and model version used, and series forecast per method. */
  forecaster?: { name: string; version?: string; methods: Record<string, number> };
}

export const CONTRACT_KEYS: readonly (keyof ContractMetrics)[] = [
  'overloaded_node_intervals',
  'overload_excess_ops',
  'max_mean_p50',
  'max_mean_p99',
  'moves',
  'bytes_moved',
  'splits',
  'merges',
  'thrash',
  'cross_node_group_fraction',
  'decision_ms_p99',
];

export function contractOf(m: SimMetrics): ContractMetrics {
  const out = {} as ContractMetrics;
  for (const k of CONTRACT_KEYS) out[k] = m[k];
  return out;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; 0 for none. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Nearest-rank percentile of values weighted by their counts (value -> weight); 0 for none. */
export function weightedPercentile(weights: ReadonlyMap<number, number>, p: number): number {
  let total = 0;
  for (const w of weights.values()) total += w;
  if (total <= 0) return 0;
  const target = (p / 100) * total;
  let acc = 0;
  const values = [...weights.keys()].sort((a, b) => a - b);
  for (const v of values) {
    acc += weights.get(v)!;
    if (acc >= target) return v;
  }
  return values[values.length - 1]!;
}
