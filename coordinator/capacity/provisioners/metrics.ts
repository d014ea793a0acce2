// Capacity gauges on the coordinator's Prometheus registry. shardcast_coordinator_desired_nodes is
// what an external autoscaler (Kubernetes HPA on an external metric, KEDA's prometheus scaler)
// reads: the node count the latest scale decision wants, exported by the leader only (followers
// export nothing, so a sum over replicas is the leader's value).
import { Counter, Gauge, type Registry } from 'prom-client';

export const DESIRED_NODES_METRIC = 'shardcast_coordinator_desired_nodes';

export interface CapacityMetricsSource {
  isLeader(): boolean;
  /** undefined before the first decision. */
  desiredNodes(): number | undefined;
  liveNodes(): number;
  provisioning(): number;
  retiring(): number;
  managedNodes(): number;
}

export interface CapacityMetrics {
  decisions: Counter<'action' | 'reason'>;
  provisions: Counter<'result'>;
  retirements: Counter<'result'>;
}

export function createCapacityMetrics(registry: Registry, src: CapacityMetricsSource): CapacityMetrics {
  const leaderGauge = (name: string, help: string, value: () => number | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        const v = src.isLeader() ? value() : undefined;
        if (v !== undefined) this.set(v);
      },
    });
  leaderGauge(DESIRED_NODES_METRIC, 'Storage nodes the latest scale decision wants running (leader only; for HPA/KEDA)', () => src.desiredNodes());
  leaderGauge('shardcast_coordinator_live_nodes', 'Storage nodes with a live session (leader only)', () => src.liveNodes());
  leaderGauge('shardcast_coordinator_provisioning_nodes', 'Nodes asked for and not yet serving (leader only)', () => src.provisioning());
  leaderGauge('shardcast_coordinator_retiring_nodes', 'Nodes being drained for retirement (leader only)', () => src.retiring());
  leaderGauge('shardcast_coordinator_managed_nodes', 'Nodes the provisioner started and still runs (leader only)', () => src.managedNodes());
  return {
    decisions: new Counter({ name: 'shardcast_coordinator_scale_decisions_total', help: 'Scale decisions by action (provision, retire, none) and reason', labelNames: ['action', 'reason'] as const, registers: [registry] }),
    provisions: new Counter({ name: 'shardcast_coordinator_provisions_total', help: 'Provision requests by result (ok, failed, timeout)', labelNames: ['result'] as const, registers: [registry] }),
    retirements: new Counter({ name: 'shardcast_coordinator_retirements_total', help: 'Retirements by result (ok, failed)', labelNames: ['result'] as const, registers: [registry] }),
  };
}
