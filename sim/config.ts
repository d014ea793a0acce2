// Simulator settings: the cluster and the trace's units, plus the planner configuration every
// controller shares. The migration bandwidth and the per-node bytes budget follow --bandwidth.
import { plannerConfig, type PlannerConfig } from '../core/planner/config.js';
import type { RegionLatency } from '../core/region-latency.js';
import { DEFAULT_BANDWIDTH, DEFAULT_BYTES_PER_KEY, DEFAULT_MICROSHARDS_PER_NODE, DEFAULT_SEASON, type SimConfig } from './simulator.js';

export interface SimSettings {
  nodes: number;
  capacity: number;
  microshards?: number;
  bytesPerKey?: number;
  bandwidth?: number;
  season?: number;
  horizon?: number;
  planner?: Partial<PlannerConfig>;
  /** Region of each node, in node order n0, n1, ... (one per node). */
  nodeRegions?: readonly string[];
  latency?: RegionLatency;
}

export function simConfig(s: SimSettings): SimConfig {
  if (s.nodeRegions && s.nodeRegions.length !== s.nodes) {
    throw new Error(`--node-regions names ${s.nodeRegions.length} region${s.nodeRegions.length === 1 ? '' : 's'} but there are ${s.nodes} nodes: give one region per node, in node order n0, n1, ...`);
  }
  if (s.nodeRegions?.some((r) => r.trim() === '')) throw new Error('--node-regions: empty region name (expected R1,R2,... one per node)');
  if (s.latency && s.nodeRegions) {
    const missing = s.nodeRegions.filter((r) => !s.latency!.regions.includes(r));
    if (missing.length > 0) throw new Error(`--region-latency-ms: the matrix has no row for node region${missing.length === 1 ? '' : 's'} ${[...new Set(missing)].map((r) => `"${r}"`).join(', ')} (it has ${s.latency.regions.join(', ')})`);
  }
  const bandwidth = s.bandwidth ?? DEFAULT_BANDWIDTH;
  const planner = plannerConfig({
    migrationBandwidth: bandwidth,
    nodeBytesBudgetPerInterval: bandwidth,
    ...(s.horizon !== undefined ? { horizon: s.horizon } : {}),
    ...s.planner,
  });
  return {
    nodes: s.nodes,
    capacity: s.capacity,
    microshards: s.microshards ?? DEFAULT_MICROSHARDS_PER_NODE * s.nodes,
    bytesPerKey: s.bytesPerKey ?? DEFAULT_BYTES_PER_KEY,
    bandwidth,
    season: s.season ?? DEFAULT_SEASON,
    planner,
    nodeRegions: s.nodeRegions,
    latency: s.latency,
  };
}
