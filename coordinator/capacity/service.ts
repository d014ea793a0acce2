// The capacity queries behind the Admin RPCs and the HTTP/JSON gateway: external node metrics in
// (UpdateMetrics) and the scaling loop's view out (GetCapacity). The data (external metrics, the
// scaling loop) lives on the leader: the leader answers, a follower forwards the call once
// (cluster/forward.ts).
import * as grpc from '@grpc/grpc-js';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../../platform/errors.js';
import type { UpdateMetricsResponse } from '../../generated/proto/shardcast/v1/UpdateMetricsResponse.js';
import type { GetCapacityResponse } from '../../generated/proto/shardcast/v1/GetCapacityResponse.js';
import type { SizeRecommendation } from '../../generated/proto/shardcast/v1/SizeRecommendation.js';
import type { ClusterState } from '../cluster/state.js';
import type { LeaderForwarder } from '../cluster/forward.js';
import type { ExternalMetricsStore } from './metrics-store.js';
import type { CapacityLoop } from './loop.js';
import type { NodeCapacityView } from './view.js';

/** A measurement dated this far in the future is refused (clock skew allowance). */
export const MAX_METRICS_FUTURE_MS = 5 * 60_000;

const DECIMAL = /^\d{1,20}$/;
const NODE_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface CapacityServiceContext {
  selfId: string;
  state: ClusterState;
  external: ExternalMetricsStore;
  loop: CapacityLoop;
  forward: LeaderForwarder;
}

/** UpdateMetrics input: a field left undefined (or 0 over gRPC) was not measured. */
export interface MetricsUpdate {
  shardId?: string;
  nodeId?: string;
  metrics: { cpuUtilisation?: number; cpuCores?: number; memoryUsedBytes?: number; memoryTotalBytes?: number; iops?: number; atMs?: number };
}

type CapacityMethod = 'UpdateMetrics' | 'GetCapacity';

function sizeToProto(n: NodeCapacityView): SizeRecommendation {
  return {
    node: n.node.id,
    type: n.size.type,
    cpu: n.size.cpu,
    memoryMb: n.size.memoryMb,
    iops: n.size.iops ?? 0,
    demandOpsPerS: n.size.demandOpsPerS,
    opsPerCore: n.size.opsPerCore,
    opsPerCoreFrom: n.size.opsPerCoreFrom,
    memoryFrom: n.size.memoryFrom,
    currentOpsPerS: Math.round(n.node.currentOpsPerS * 1000) / 1000,
    forecastP90PeakOpsPerS: Math.round(n.p90PeakOpsPerS * 1000) / 1000,
  };
}

export class CapacityService {
  constructor(private readonly ctx: CapacityServiceContext) {}

  /** Runs `local` on the leader, or forwards `method` to it once. */
  private leaderOr<Res>(method: CapacityMethod, req: object, md: grpc.Metadata, local: () => Res): Promise<Res> {
    return this.ctx.forward.leaderOr(method, req, md, undefined, 'capacity data', local);
  }

  updateMetrics(u: MetricsUpdate, md = new grpc.Metadata()): Promise<UpdateMetricsResponse> {
    const m = u.metrics;
    const has = (v: number | undefined) => v !== undefined && v !== 0;
    if (u.shardId !== undefined && u.nodeId !== undefined) throw new InvalidArgumentError('give shard_id or node_id, not both');
    if (u.shardId === undefined && u.nodeId === undefined) throw new InvalidArgumentError('shard_id (a decimal microshard id) or node_id is required');
    if (u.shardId !== undefined && !DECIMAL.test(u.shardId)) throw new InvalidArgumentError(`shard_id must be a decimal microshard id, got ${JSON.stringify(u.shardId)}`);
    if (u.nodeId !== undefined && !NODE_ID.test(u.nodeId)) throw new InvalidArgumentError(`node_id must be a node id (1-64 of A-Z a-z 0-9 . _ -), got ${JSON.stringify(u.nodeId)}`);
    const finite = (v: number | undefined, what: string, max = Number.MAX_SAFE_INTEGER) => {
      if (v === undefined) return;
      if (!Number.isFinite(v) || v < 0) throw new InvalidArgumentError(`metrics.${what} must be a finite number >= 0, got ${v}`);
      if (v > max) throw new InvalidArgumentError(`metrics.${what} must be at most ${max}, got ${v}`);
    };
    finite(m.cpuUtilisation, 'cpu_utilisation', 1);
    finite(m.cpuCores, 'cpu_cores', 4096);
    finite(m.memoryUsedBytes, 'memory_used_bytes');
    finite(m.memoryTotalBytes, 'memory_total_bytes');
    finite(m.iops, 'iops', 1e9);
    finite(m.atMs, 'at_ms');
    if (has(m.memoryUsedBytes) && has(m.memoryTotalBytes) && m.memoryUsedBytes! > m.memoryTotalBytes!) throw new InvalidArgumentError(`metrics.memory_used_bytes (${m.memoryUsedBytes}) exceeds memory_total_bytes (${m.memoryTotalBytes})`);
    if (!has(m.cpuUtilisation) && !has(m.cpuCores) && !has(m.memoryUsedBytes) && !has(m.memoryTotalBytes) && !has(m.iops)) throw new InvalidArgumentError('metrics must carry at least one of cpu_utilisation, cpu_cores, memory_used_bytes, memory_total_bytes, iops');
    const now = Date.now();
    if (has(m.atMs) && m.atMs! > now + MAX_METRICS_FUTURE_MS) throw new InvalidArgumentError(`metrics.at_ms ${m.atMs} is in the future`);
    const req = { ...(u.shardId !== undefined ? { shardId: u.shardId } : { nodeId: u.nodeId }), metrics: { cpuUtilisation: m.cpuUtilisation ?? 0, cpuCores: m.cpuCores ?? 0, memoryUsedBytes: m.memoryUsedBytes ?? 0, memoryTotalBytes: m.memoryTotalBytes ?? 0, iops: m.iops ?? 0, atMs: m.atMs ?? 0 } };
    return this.leaderOr('UpdateMetrics', req, md, () => {
      const { state } = this.ctx;
      let node: string;
      if (u.shardId !== undefined) {
        const ms = state.microshards.get(BigInt(u.shardId).toString())?.value;
        if (!ms) throw new NotFoundError(`shard ${u.shardId} does not exist`);
        if (!ms.owner) throw new FailedPreconditionError(`shard ${u.shardId} has no datastore instance yet (not placed)`);
        node = ms.owner;
      } else {
        node = u.nodeId!;
        const known = state.nodes.has(node) || state.microshardList().some((x) => x.owner === node);
        if (!known) throw new NotFoundError(`datastore instance ${node} is not known (live nodes: ${state.liveNodeIds().join(', ') || 'none'})`);
      }
      const opt = (v: number | undefined) => (has(v) ? v : undefined);
      const rec = this.ctx.external.put({
        node,
        shardId: u.shardId !== undefined ? BigInt(u.shardId).toString() : undefined,
        cpuUtilisation: m.cpuUtilisation !== undefined && (m.cpuUtilisation > 0 || has(m.cpuCores)) ? m.cpuUtilisation : undefined,
        cpuCores: opt(m.cpuCores),
        memoryUsedBytes: opt(m.memoryUsedBytes),
        memoryTotalBytes: opt(m.memoryTotalBytes),
        iops: opt(m.iops),
        measuredAtMs: has(m.atMs) ? m.atMs! : now,
      });
      const view = this.ctx.loop.view(now).nodes.find((n) => n.node.id === node);
      return { node, acceptedAtMs: String(rec.receivedAtMs), expiresAtMs: String(rec.expiresAtMs), recommendation: view ? sizeToProto(view) : null, answeredBy: this.ctx.selfId };
    });
  }

  getCapacity(md = new grpc.Metadata()): Promise<GetCapacityResponse> {
    return this.leaderOr('GetCapacity', {}, md, () => {
      const loop = this.ctx.loop;
      const view = loop.view();
      const live = this.ctx.state.nodes.size;
      return {
        liveNodes: live,
        desiredNodes: loop.desiredNodes() ?? live,
        provisioning: loop.provisioning(),
        retiring: loop.retiring(),
        provisioner: loop.provisionerKind,
        sizes: view.nodes.map(sizeToProto),
        lastDecisionJson: loop.lastDecision ? JSON.stringify(loop.lastDecision) : '',
        lastDecisionAtMs: String(loop.lastDecisionAtMs),
        managedNodes: loop.managed().map((m) => m.nodeId),
        intervalMs: String(loop.intervalMs),
        answeredBy: this.ctx.selfId,
      };
    });
  }
}
