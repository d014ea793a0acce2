// The topic and capacity queries behind the Admin RPCs and the HTTP/JSON gateway. The data (the
// prediction cache, the filter index, external metrics, the scaling loop) lives on the leader:
// the leader answers, a follower forwards the call once to the leader over Admin (the same rule
// as PredictLoad), so the operator and the gateway may use any replica.
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../../platform/proto.js';
import { deadline } from '../../platform/server.js';
import { channelCredentials, type TransportSecurity } from '../../platform/security.js';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, NotLeaderError, ShardcastError, UnavailableError } from '../../platform/errors.js';
import type { AdminClient } from '../../generated/proto/shardcast/v1/Admin.js';
import type { GetShardForTopicResponse } from '../../generated/proto/shardcast/v1/GetShardForTopicResponse.js';
import type { PredictTopicLoadResponse } from '../../generated/proto/shardcast/v1/PredictTopicLoadResponse.js';
import type { TopicPrediction } from '../../generated/proto/shardcast/v1/TopicPrediction.js';
import type { UpdateMetricsResponse } from '../../generated/proto/shardcast/v1/UpdateMetricsResponse.js';
import type { ListShardMapResponse } from '../../generated/proto/shardcast/v1/ListShardMapResponse.js';
import type { ListPredictionCacheResponse } from '../../generated/proto/shardcast/v1/ListPredictionCacheResponse.js';
import type { GetCapacityResponse } from '../../generated/proto/shardcast/v1/GetCapacityResponse.js';
import type { SizeRecommendation } from '../../generated/proto/shardcast/v1/SizeRecommendation.js';
import type { MicroshardForecast } from '../../generated/proto/shardcast/v1/MicroshardForecast.js';
import { MAX_TOPIC_BYTES } from '../../core/topics/index.js';
import type { Leadership } from '../leadership.js';
import type { ClusterState } from '../state.js';
import type { LoadStore } from '../load-store.js';
import { FORWARDED_HEADER, DEFAULT_FORWARD_DEADLINE_MS } from '../predict-load.js';
import type { TopicCollector } from './collector.js';
import type { ExternalMetricsStore } from './metrics-store.js';
import type { CapacityLoop } from './scaler.js';
import type { TopicPredictionEntry } from './prediction-cache.js';
import type { NodeCapacityView } from './capacity-view.js';
import { checkTopicName, checkTopicOrFilter, homeMicroshard, shardForTopic, shardLocation, shardMap } from './pointer-table.js';

/** Longest prefix accepted by the list calls. */
export const MAX_PREFIX_BYTES = MAX_TOPIC_BYTES;
/** A measurement dated this far in the future is refused (clock skew allowance). */
export const MAX_METRICS_FUTURE_MS = 5 * 60_000;

const DECIMAL = /^\d{1,20}$/;
const NODE_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface TopicServiceContext {
  selfId: string;
  leadership: Leadership;
  state: ClusterState;
  loads: LoadStore;
  collector: TopicCollector;
  external: ExternalMetricsStore;
  loop: CapacityLoop;
  security: TransportSecurity;
  topicPollMs: number;
}

/** UpdateMetrics input: a field left undefined (or 0 over gRPC) was not measured. */
export interface MetricsUpdate {
  shardId?: string;
  nodeId?: string;
  metrics: { cpuUtilisation?: number; cpuCores?: number; memoryUsedBytes?: number; memoryTotalBytes?: number; iops?: number; atMs?: number };
}

/** An error the leader answered, passed through with its status. */
class ForwardedError extends ShardcastError {
  override readonly code: grpc.status;
  constructor(code: grpc.status, message: string) {
    super(message);
    this.code = code;
  }
}

type AdminMethod = 'GetShardForTopic' | 'PredictTopicLoad' | 'UpdateMetrics' | 'ListShardMap' | 'ListPredictionCache' | 'GetCapacity';

function limitedText(s: string, what: string, max = MAX_PREFIX_BYTES): void {
  if (Buffer.byteLength(s, 'utf8') > max) throw new InvalidArgumentError(`${what} is longer than ${max} bytes`);
}

export function predictionToProto(e: TopicPredictionEntry): TopicPrediction {
  return {
    topic: e.topic,
    kind: e.kind,
    subscriptions: String(e.subscriptions),
    publishRatePerS: e.publishRatePerS,
    bytesPerS: e.bytesPerS,
    clientEventRatePerS: e.clientEventRatePerS,
    clients: e.clients,
    quantiles: e.quantiles,
    values: e.values.map((v) => ({ values: Array.from(v, (x) => Math.round(x * 1000) / 1000) })),
    intervalMs: String(e.intervalMs),
    startMs: String(e.startMs),
    modelVersion: e.modelVersion,
    method: e.method,
    predictedRateP50: e.predictedRateP50,
    predictedRateP90: e.predictedRateP90,
    reportedBy: e.reportedBy,
    cachedAtMs: String(e.cachedAtMs),
    expiresAtMs: String(e.expiresAtMs),
  };
}

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

export class TopicService {
  private readonly clients = new Map<string, AdminClient>();

  constructor(private readonly ctx: TopicServiceContext) {}

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  /** Runs `local` on the leader, or forwards `method` to it once. */
  private async leaderOr<Res>(method: AdminMethod, req: object, md: grpc.Metadata, local: () => Res): Promise<Res> {
    if (this.ctx.leadership.isLeader) return local();
    const leader = this.ctx.leadership.leader;
    if (md.get(FORWARDED_HEADER)[0] || !leader?.address) {
      const where = leader ? `${leader.id} at ${leader.address}` : 'the leader (none elected yet)';
      throw new NotLeaderError(`${this.ctx.selfId} is not the leader and topic data is held by the leader only; ask ${where}`);
    }
    let c = this.clients.get(leader.address);
    if (!c) {
      c = new v1.Admin(leader.address, channelCredentials(this.ctx.security));
      this.clients.set(leader.address, c);
    }
    const out = new grpc.Metadata();
    const auth = md.get('authorization')[0];
    if (auth) out.set('authorization', auth);
    out.set(FORWARDED_HEADER, this.ctx.selfId);
    const fn = (c as unknown as Record<AdminMethod, (r: object, m: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: Res) => void) => void>)[method].bind(c);
    return new Promise((resolve, reject) => fn(req, out, { deadline: deadline(DEFAULT_FORWARD_DEADLINE_MS) }, (err, res) => (err ? reject(new ForwardedError(err.code, err.details || err.message)) : resolve(res!))));
  }

  getShardForTopic(topic: string, md = new grpc.Metadata()): Promise<GetShardForTopicResponse> {
    checkTopicName(topic);
    return this.leaderOr('GetShardForTopic', { topic }, md, () => ({ ...shardForTopic(this.ctx.state, this.ctx.collector.index, topic), answeredBy: this.ctx.selfId }));
  }

  predictTopicLoad(topic: string, md = new grpc.Metadata()): Promise<PredictTopicLoadResponse> {
    checkTopicOrFilter(topic);
    return this.leaderOr('PredictTopicLoad', { topic }, md, () => {
      const { collector, state, loads } = this.ctx;
      const e = collector.cache.get(topic);
      const every = `the leader reads topic loads every ${Math.round(this.ctx.topicPollMs / 1000)} s`;
      if (!e) {
        if (this.ctx.topicPollMs <= 0) throw new UnavailableError('topic polling is off on this coordinator (topicPollMs = 0): no topic has a prediction');
        if (collector.lastPollAtMs === 0) throw new UnavailableError(`no topic loads read from the sidecars yet (${every}); retry shortly`);
        throw new NotFoundError(`topic ${JSON.stringify(topic)} is not known: no sidecar has reported subscriptions or publishes for it (ReportSubscriptions) within the cache TTL of ${Math.round(collector.cache.ttlMs / 1000)} s`);
      }
      if (e.quantiles.length === 0) throw new UnavailableError(`no forecast yet for topic ${JSON.stringify(topic)}: its sidecar${e.reportedBy.length > 1 ? 's' : ''} (${e.reportedBy.join(', ')}) forecast it after each closed interval; retry after the next one (current rate ${Math.round(e.publishRatePerS * 1000) / 1000}/s)`);
      const m = homeMicroshard(state, topic);
      const f = loads.forecast(m.id);
      const shardForecast: MicroshardForecast | null = f
        ? { microshardId: f.microshardId, quantiles: [...f.quantiles], values: f.values.map((v) => ({ values: Array.from(v) })), modelVersion: f.modelVersion, method: f.method, intervalMs: String(f.intervalMs), startMs: String(f.startMs), season: f.season, historyPoints: f.historyPoints }
        : null;
      return { topic: predictionToProto(e), shard: shardLocation(state, m), shardForecast, answeredBy: this.ctx.selfId };
    });
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

  listShardMap(prefix: string, limit: number, md = new grpc.Metadata()): Promise<ListShardMapResponse> {
    limitedText(prefix, 'prefix');
    return this.leaderOr('ListShardMap', { prefix, limit }, md, () => ({ ...shardMap(this.ctx.state, this.ctx.collector.index, this.ctx.collector.cache, prefix, limit), answeredBy: this.ctx.selfId }));
  }

  listPredictionCache(prefix: string, limit: number, md = new grpc.Metadata()): Promise<ListPredictionCacheResponse> {
    limitedText(prefix, 'prefix');
    return this.leaderOr('ListPredictionCache', { prefix, limit }, md, () => {
      const all = this.ctx.collector.cache.list().filter((e) => !prefix || e.topic.startsWith(prefix));
      return { entries: (limit > 0 ? all.slice(0, limit) : all).map(predictionToProto), total: all.length, ttlMs: String(this.ctx.collector.cache.ttlMs), answeredBy: this.ctx.selfId };
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
