// The Admin RPCs for topics, over TopicService (leader answers, followers forward).
import type * as grpc from '@grpc/grpc-js';
import { unary } from '../../platform/handlers.js';
import type { AdminHandlers } from '../../generated/proto/shardcast/v1/Admin.js';
import type { TopicService } from './service.js';

export type TopicAdminHandlers = Pick<AdminHandlers, 'GetShardForTopic' | 'PredictTopicLoad' | 'ListShardMap' | 'ListPredictionCache'>;

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
    ListShardMap: unary((call) => {
      auth(call);
      return service.listShardMap(call.request.prefix, call.request.limit, call.metadata);
    }),
    ListPredictionCache: unary((call) => {
      auth(call);
      return service.listPredictionCache(call.request.prefix, call.request.limit, call.metadata);
    }),
  };
}
