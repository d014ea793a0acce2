// The topic queries behind the Admin RPCs and the HTTP/JSON gateway: a topic's home microshard,
// its predicted load, the shard map and the prediction cache. The data (the prediction cache, the
// filter index) lives on the leader: the leader answers, a follower forwards the call once
// (cluster/forward.ts), so the operator and the gateway may use any replica.
import * as grpc from '@grpc/grpc-js';
import { InvalidArgumentError, NotFoundError, UnavailableError } from '../../platform/errors.js';
import type { GetShardForTopicResponse } from '../../generated/proto/shardcast/v1/GetShardForTopicResponse.js';
import type { PredictTopicLoadResponse } from '../../generated/proto/shardcast/v1/PredictTopicLoadResponse.js';
import type { TopicPrediction } from '../../generated/proto/shardcast/v1/TopicPrediction.js';
import type { ListShardMapResponse } from '../../generated/proto/shardcast/v1/ListShardMapResponse.js';
import type { ListPredictionCacheResponse } from '../../generated/proto/shardcast/v1/ListPredictionCacheResponse.js';
import type { MicroshardForecast } from '../../generated/proto/shardcast/v1/MicroshardForecast.js';
import { MAX_PREFIX_BYTES } from '../../core/topics/index.js';
import type { ClusterState } from '../cluster/state.js';
import type { LoadStore } from '../cluster/load-store.js';
import type { LeaderForwarder } from '../cluster/forward.js';
import type { TopicCollector } from './collector.js';
import type { TopicPredictionEntry } from './prediction-cache.js';
import { checkTopicName, checkTopicOrFilter, homeMicroshard, shardForTopic, shardLocation, shardMap } from './pointer-table.js';

export interface TopicServiceContext {
  selfId: string;
  state: ClusterState;
  loads: LoadStore;
  collector: TopicCollector;
  forward: LeaderForwarder;
  topicPollMs: number;
}

type TopicMethod = 'GetShardForTopic' | 'PredictTopicLoad' | 'ListShardMap' | 'ListPredictionCache';

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

export class TopicService {
  constructor(private readonly ctx: TopicServiceContext) {}

  /** Runs `local` on the leader, or forwards `method` to it once. */
  private leaderOr<Res>(method: TopicMethod, req: object, md: grpc.Metadata, local: () => Res): Promise<Res> {
    return this.ctx.forward.leaderOr(method, req, md, undefined, 'topic data', local);
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
}
