// What the dashboard shows, as one JSON document built from the replica's own state: the etcd
// mirror (ring, nodes, draining marks), the migration records, and on the leader the load store
// (loads, forecast bands), the planner's status and the capacity loop. A follower has no load
// store: it asks the leader's dashboard for the snapshot (server.ts) and falls back to this one
// with `leaderData: false` when it cannot.
import type { Namespace } from 'etcd3';
import type { ClusterState } from '../cluster/state.js';
import type { Leadership } from '../cluster/leadership.js';
import type { LoadStore, MicroshardForecastView } from '../cluster/load-store.js';
import type { MigrationManager } from '../migration/index.js';
import type { PlannerStatus } from '../planner/explain-store.js';
import { PLANNER_POLICY_KEY } from '../planner/loop.js';
import type { CapacityService } from '../capacity/service.js';
import { toWire } from '../../core/microshard.js';
import { nodeBand, type ForecastBand } from './band.js';

/** Finished migrations kept in the snapshot (so a browser sees a short one end). */
export const SNAPSHOT_FINISHED_MIGRATIONS = 20;
/** How long the policy record read from etcd is reused, ms. */
export const POLICY_CACHE_MS = 5_000;

export interface DashboardSnapshot {
  cluster: string;
  answeredBy: string;
  atMs: number;
  leader: { id: string; address: string } | null;
  /** False when this view lacks the leader's load store (a follower that could not reach it). */
  leaderData: boolean;
  nodes: Array<{ id: string; live: boolean; draining: boolean; microshards: number; capacityOpsPerS: number; opsPerS: number | null; cpu: number | null; band: ForecastBand | null; reportAgeMs: number | null }>;
  microshards: Array<{ id: string; start: string; end: string; owner: string; state: string; epoch: string; opsPerS: number | null; sizeBytes: number | null }>;
  migrations: Array<{ id: string; phase: string; microshardId: string; source: string; target: string; bytes: number; progress: number | null; pauseMs: number; error: string; requestedBy: string; phaseAtMs: number }>;
  planner: (PlannerStatus & { policyReason: string; policySinceMs: number }) | null;
  capacity: { liveNodes: number; desiredNodes: number; provisioning: number; retiring: number; provisioner: string; lastDecision: unknown; lastDecisionAtMs: number } | null;
}

export interface SnapshotDeps {
  cluster: string;
  selfId: string;
  ns: Namespace;
  state: ClusterState;
  leadership: Leadership;
  loads: LoadStore;
  migrations: MigrationManager;
  planner: () => PlannerStatus;
  capacity: CapacityService;
}

export class SnapshotBuilder {
  private policy: { at: number; value: { reason: string; atMs: number } } | undefined;

  constructor(private readonly d: SnapshotDeps) {}

  async build(nowMs = Date.now()): Promise<DashboardSnapshot> {
    const { state, loads } = this.d;
    const leading = this.d.leadership.isLeader;
    const ms = state.microshardList();
    const snap = loads.snapshot(nowMs);
    const counts = new Map<string, number>();
    const forecastsByNode = new Map<string, MicroshardForecastView[]>();
    for (const m of ms) {
      if (!m.owner) continue;
      counts.set(m.owner, (counts.get(m.owner) ?? 0) + 1);
      const f = snap.forecasts.get(m.id);
      if (f && f.nodeId === m.owner) forecastsByNode.set(m.owner, [...(forecastsByNode.get(m.owner) ?? []), f]);
    }
    const perS = (ops: number, intervalMs: number) => (intervalMs > 0 ? Math.round((ops * 100_000) / intervalMs) / 100 : 0);
    const nodes = state.nodeAddresses().map((n) => {
      const rec = state.nodes.get(n.id)?.value;
      const l = snap.nodes.get(n.id);
      return {
        id: n.id,
        live: Boolean(n.live),
        draining: state.draining.has(n.id),
        microshards: counts.get(n.id) ?? 0,
        capacityOpsPerS: rec?.capacityOpsPerS ?? 0,
        opsPerS: l ? perS(l.ops, l.intervalMs) : null,
        cpu: l?.host ? Math.round(l.host.cpuUtilisation * 1000) / 1000 : null,
        band: nodeBand(forecastsByNode.get(n.id) ?? [], nowMs) ?? null,
        reportAgeMs: l ? nowMs - l.receivedAtMs : null,
      };
    });
    nodes.sort((a, b) => a.id.localeCompare(b.id));
    const [records, capacity, policy] = await Promise.all([
      this.d.migrations.list(true, 0).catch(() => []),
      leading ? this.d.capacity.getCapacity().catch(() => undefined) : Promise.resolve(undefined),
      leading ? this.policyRecord(nowMs) : Promise.resolve(undefined),
    ]);
    const active = records.filter((r) => r.phase !== 'DONE' && r.phase !== 'ABORTED');
    const finished = records.filter((r) => r.phase === 'DONE' || r.phase === 'ABORTED').sort((a, b) => b.finishedAtMs - a.finishedAtMs).slice(0, SNAPSHOT_FINISHED_MIGRATIONS);
    const leader = this.d.leadership.leader;
    return {
      cluster: this.d.cluster,
      answeredBy: this.d.selfId,
      atMs: nowMs,
      leader: leader ? { id: leader.id, address: leader.address } : null,
      leaderData: leading,
      nodes,
      microshards: ms.map(toWire).map((m) => {
        const l = snap.loads.get(m.id);
        return { id: m.id, start: m.start, end: m.end, owner: m.owner, state: m.state, epoch: m.epoch, opsPerS: l ? perS(l.ops, l.intervalMs) : null, sizeBytes: l ? l.sizeBytes : null };
      }),
      migrations: [...active, ...finished].map((r) => {
        const size = snap.loads.get(r.microshardId)?.sizeBytes ?? 0;
        const bytes = Number(r.bytes) || 0;
        const progress = r.phase === 'DONE' || r.phase === 'CLEANUP' ? 1 : r.phase === 'PLANNED' ? 0 : size > 0 ? Math.min(1, bytes / size) : null;
        return { id: r.id, phase: r.phase, microshardId: r.microshardId, source: r.source, target: r.target, bytes, progress, pauseMs: r.pauseMs, error: r.error, requestedBy: r.requestedBy, phaseAtMs: r.phaseAtMs };
      }),
      planner: leading ? { ...this.d.planner(), policyReason: policy?.reason ?? '', policySinceMs: policy?.atMs ?? 0 } : null,
      capacity: capacity
        ? {
            liveNodes: capacity.liveNodes ?? 0,
            desiredNodes: capacity.desiredNodes ?? 0,
            provisioning: capacity.provisioning ?? 0,
            retiring: capacity.retiring ?? 0,
            provisioner: capacity.provisioner ?? '',
            lastDecision: capacity.lastDecisionJson ? (JSON.parse(capacity.lastDecisionJson) as unknown) : null,
            lastDecisionAtMs: Number(capacity.lastDecisionAtMs ?? 0),
          }
        : null,
    };
  }

  /** The policy record the planner keeps in etcd (why the policy in force was chosen). */
  private async policyRecord(nowMs: number): Promise<{ reason: string; atMs: number } | undefined> {
    if (this.policy && nowMs - this.policy.at < POLICY_CACHE_MS) return this.policy.value;
    try {
      const v = await this.d.ns.get(PLANNER_POLICY_KEY).string();
      const rec = v ? (JSON.parse(v) as { reason?: string; atMs?: number }) : {};
      this.policy = { at: nowMs, value: { reason: rec.reason ?? '', atMs: rec.atMs ?? 0 } };
      return this.policy.value;
    } catch {
      return this.policy?.value;
    }
  }
}
