// The Admin RPCs for topics and capacity, over TopicService (leader answers, followers forward).
import type * as grpc from '@grpc/grpc-js';
import { unary } from '../../platform/handlers.js';
import type { AdminHandlers } from '../../generated/proto/shardcast/v1/Admin.js';
import type { TopicService } from './service.js';

export type TopicAdminHandlers = Pick<AdminHandlers, 'GetShardForTopic' | 'PredictTopicLoad' | 'UpdateMetrics' | 'ListShardMap' | 'ListPredictionCache' | 'GetCapacity'>;

export function topicAdminHandlers(service: TopicService, auth: (call: { metadata: grpc.Metadata }) => void): TopicAdminHandlers {
  return {
    GetShardForTopic: unary((call) => {
      auth(call);
      return service.getShardForTopic(call.request.topic, call.metadata);
    }),
    PredictTopicLoad: unary((call) => {
      auth(call);
      return service.predictTopicLoad(call.request.topic, call.metadata);
    }),
    UpdateMetrics: unary((call) => {
      auth(call);
      const r = call.request;
      const m = r.metrics;
      // proto3 cannot tell 0 from absent: 0 means "not measured" (documented in admin.proto).
      const opt = (v: number | string | undefined) => (v === undefined || Number(v) === 0 ? undefined : Number(v));
      return service.updateMetrics(
        {
          shardId: r.target === 'shardId' ? r.shardId : undefined,
          nodeId: r.target === 'nodeId' ? r.nodeId : undefined,
          metrics: { cpuUtilisation: m ? m.cpuUtilisation : undefined, cpuCores: opt(m?.cpuCores), memoryUsedBytes: opt(m?.memoryUsedBytes), memoryTotalBytes: opt(m?.memoryTotalBytes), iops: opt(m?.iops), atMs: opt(m?.atMs) },
        },
        call.metadata,
      );
    }),
    ListShardMap: unary((call) => {
      auth(call);
      return service.listShardMap(call.request.prefix, call.request.limit, call.metadata);
    }),
    ListPredictionCache: unary((call) => {
      auth(call);
      return service.listPredictionCache(call.request.prefix, call.request.limit, call.metadata);
    }),
    GetCapacity: unary((call) => {
      auth(call);
      return service.getCapacity(call.metadata);
    }),
  };
}
