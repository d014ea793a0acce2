// The capacity core reads the same snapshot the planner does: a PlannerSnapshot (loads in ops
// per interval, nodes with capacities per interval) becomes a CapacitySnapshot (ops/s), node
// forecasts being the sums of their microshards' forecasts. The simulator can therefore run
// the capacity decision on the rounds it already builds for the planner.
import type { PlannerSnapshot } from '../planner/snapshot.js';
import type { CapacityNode, CapacitySnapshot } from './decision.js';
import { sumForecasts, type QuantileForecast } from './forecast.js';

export interface BridgeOptions {
  /** Length of one planner interval, ms (loads are per interval). */
  stepMs: number;
  /** Steps considered. */
  horizon: number;
  /** The snapshot's clock as wall time, ms (decisions keep their memory in ms). */
  nowMs: number;
  provisioning?: number;
  /** Nodes the provisioner started (retired first). */
  managed?: ReadonlySet<string>;
  types?: ReadonlyMap<string, string>;
}

export function fromPlannerSnapshot(snap: PlannerSnapshot, opts: BridgeOptions): CapacitySnapshot {
  const perS = 1000 / opts.stepMs;
  const byNode = new Map<string, { forecasts: QuantileForecast[]; load: number; bytes: number }>();
  for (const n of snap.nodes) byNode.set(n.id, { forecasts: [], load: 0, bytes: 0 });
  for (const m of snap.microshards) {
    const e = byNode.get(m.owner);
    if (!e) continue; // orphan: the planner re-owns it first
    e.forecasts.push(m.forecast);
    e.load += m.load;
    e.bytes += m.sizeBytes;
  }
  const nodes: CapacityNode[] = snap.nodes.map((n) => {
    const e = byNode.get(n.id)!;
    const f = sumForecasts(e.forecasts, opts.horizon);
    for (let k = 0; k < f.p50.length; k++) {
      f.p50[k]! *= perS;
      f.p90[k]! *= perS;
    }
    return {
      id: n.id,
      type: opts.types?.get(n.id),
      capacityOpsPerS: n.capacity * perS,
      forecast: e.forecasts.length > 0 ? f : undefined,
      currentOpsPerS: e.load * perS,
      bytes: e.bytes,
      managed: opts.managed?.has(n.id) ?? false,
    };
  });
  return { nowMs: opts.nowMs, stepMs: opts.stepMs, horizon: opts.horizon, nodes, provisioning: opts.provisioning ?? 0 };
}
