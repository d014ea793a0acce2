// Simulator settings: the cluster and the trace's units, plus the planner configuration every
// controller shares. The migration bandwidth and the per-node bytes budget follow --bandwidth.
import { plannerConfig, type PlannerConfig } from '../core/planner/config.js';
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
}

export function simConfig(s: SimSettings): SimConfig {
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
  };
}
