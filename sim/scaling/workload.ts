// A workload scenario (sim/workloads) as microshard loads: the keyspace cut into the scenario's
// number of equal hash ranges, as the main simulator starts; each key lands in the range of its
// position (xxHash64, seed 0, as live). A microshard holds bytesPerKey x its keys (cold keys
// included, spread the same way), so copying one takes as long as in the main simulator.
import { keyPosition, KEYSPACE_END } from '../../core/keyspace.js';
import { DEFAULT_BYTES_PER_KEY } from '../simulator.js';
import type { Scenario } from '../workloads/scenario.js';
import type { ScalingWorkload } from './scaling-sim.js';

function rangeOf(key: string, M: number): number {
  return Number((keyPosition(key) * BigInt(M)) / KEYSPACE_END);
}

export function scalingWorkload(s: Scenario, bytesPerKey = DEFAULT_BYTES_PER_KEY): ScalingWorkload {
  const M = s.microshards;
  const loads = Array.from({ length: M }, () => new Float64Array(s.intervals));
  const keys = new Array<number>(M).fill(0);
  for (let k = 0; k < s.keys.length; k++) {
    const m = rangeOf(s.keys[k]!, M);
    keys[m]!++;
    const row = s.load[k]!;
    const dst = loads[m]!;
    // Rounded as the trace rows are.
    for (let t = 0; t < s.intervals; t++) dst[t] += Math.max(0, Math.round(row[t]!));
  }
  for (let i = 0; i < (s.coldKeys ?? 0); i++) keys[rangeOf(`${s.name}:cold:${i}`, M)]!++;
  return { name: s.name, loads, bytes: keys.map((n) => n * bytesPerKey), capacity: s.capacity, season: s.season };
}
