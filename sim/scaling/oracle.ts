// Hindsight lower bound on node-hours: in every interval, the fewest nodes whose usable capacity
// holds that interval's total load, known in advance. No provisioning delay, no copies, no
// per-node unevenness: no autoscaler can pay less and keep the cluster under its target, so it
// shows what a node-hours budget means against what is achievable at all.
import type { ScalingWorkload } from './scaling-sim.js';

export interface OracleResult {
  /** Nodes in each interval: max(1, ceil(total_t / (capacity x utilisation))). */
  nodesPerInterval: number[];
  /** Their sum (one interval = one node-hour per node). */
  nodeIntervals: number;
  /**
   * Microshard-intervals with one microshard alone above a node's capacity: each overloads
   * whichever node serves it, whatever the node count, so no policy without splits has fewer
   * overloaded node-intervals.
   */
  unavoidableOverloads: number;
}

export function oracleNodeHours(w: ScalingWorkload, utilisation: number): OracleResult {
  const T = w.loads[0]?.length ?? 0;
  const usable = w.capacity * utilisation;
  const nodesPerInterval: number[] = [];
  let nodeIntervals = 0;
  let unavoidableOverloads = 0;
  for (let t = 0; t < T; t++) {
    let total = 0;
    for (const row of w.loads) {
      total += row[t]!;
      if (row[t]! > w.capacity + 1e-9) unavoidableOverloads++;
    }
    // The epsilon keeps a total of exactly k x usable at k nodes despite float sums.
    const n = Math.max(1, Math.ceil(total / usable - 1e-9));
    nodesPerInterval.push(n);
    nodeIntervals += n;
  }
  return { nodesPerInterval, nodeIntervals, unavoidableOverloads };
}
