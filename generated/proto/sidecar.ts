import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AccessBatch as _shardcast_v1_AccessBatch, AccessBatch__Output as _shardcast_v1_AccessBatch__Output } from './shardcast/v1/AccessBatch.js';
import type { AccessRecord as _shardcast_v1_AccessRecord, AccessRecord__Output as _shardcast_v1_AccessRecord__Output } from './shardcast/v1/AccessRecord.js';
import type { GetTopicLoadsRequest as _shardcast_v1_GetTopicLoadsRequest, GetTopicLoadsRequest__Output as _shardcast_v1_GetTopicLoadsRequest__Output } from './shardcast/v1/GetTopicLoadsRequest.js';
import type { LifecycleEvent as _shardcast_v1_LifecycleEvent, LifecycleEvent__Output as _shardcast_v1_LifecycleEvent__Output } from './shardcast/v1/LifecycleEvent.js';
import type { Microshard as _shardcast_v1_Microshard, Microshard__Output as _shardcast_v1_Microshard__Output } from './shardcast/v1/Microshard.js';
import type { Node as _shardcast_v1_Node, Node__Output as _shardcast_v1_Node__Output } from './shardcast/v1/Node.js';
import type { ReportAccessSummary as _shardcast_v1_ReportAccessSummary, ReportAccessSummary__Output as _shardcast_v1_ReportAccessSummary__Output } from './shardcast/v1/ReportAccessSummary.js';
import type { ReportSubscriptionsSummary as _shardcast_v1_ReportSubscriptionsSummary, ReportSubscriptionsSummary__Output as _shardcast_v1_ReportSubscriptionsSummary__Output } from './shardcast/v1/ReportSubscriptionsSummary.js';
import type { RouteRequest as _shardcast_v1_RouteRequest, RouteRequest__Output as _shardcast_v1_RouteRequest__Output } from './shardcast/v1/RouteRequest.js';
import type { RouteResponse as _shardcast_v1_RouteResponse, RouteResponse__Output as _shardcast_v1_RouteResponse__Output } from './shardcast/v1/RouteResponse.js';
import type { RouteUpdate as _shardcast_v1_RouteUpdate, RouteUpdate__Output as _shardcast_v1_RouteUpdate__Output } from './shardcast/v1/RouteUpdate.js';
import type { SidecarClient as _shardcast_v1_SidecarClient, SidecarDefinition as _shardcast_v1_SidecarDefinition } from './shardcast/v1/Sidecar.js';
import type { SubscriptionEvent as _shardcast_v1_SubscriptionEvent, SubscriptionEvent__Output as _shardcast_v1_SubscriptionEvent__Output } from './shardcast/v1/SubscriptionEvent.js';
import type { TopicForecast as _shardcast_v1_TopicForecast, TopicForecast__Output as _shardcast_v1_TopicForecast__Output } from './shardcast/v1/TopicForecast.js';
import type { TopicForecastSeries as _shardcast_v1_TopicForecastSeries, TopicForecastSeries__Output as _shardcast_v1_TopicForecastSeries__Output } from './shardcast/v1/TopicForecastSeries.js';
import type { TopicLoad as _shardcast_v1_TopicLoad, TopicLoad__Output as _shardcast_v1_TopicLoad__Output } from './shardcast/v1/TopicLoad.js';
import type { TopicLoads as _shardcast_v1_TopicLoads, TopicLoads__Output as _shardcast_v1_TopicLoads__Output } from './shardcast/v1/TopicLoads.js';
import type { TopicsClient as _shardcast_v1_TopicsClient, TopicsDefinition as _shardcast_v1_TopicsDefinition } from './shardcast/v1/Topics.js';
import type { WatchRoutesRequest as _shardcast_v1_WatchRoutesRequest, WatchRoutesRequest__Output as _shardcast_v1_WatchRoutesRequest__Output } from './shardcast/v1/WatchRoutesRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shardcast: {
    v1: {
      AccessBatch: MessageTypeDefinition<_shardcast_v1_AccessBatch, _shardcast_v1_AccessBatch__Output>
      AccessRecord: MessageTypeDefinition<_shardcast_v1_AccessRecord, _shardcast_v1_AccessRecord__Output>
      GetTopicLoadsRequest: MessageTypeDefinition<_shardcast_v1_GetTopicLoadsRequest, _shardcast_v1_GetTopicLoadsRequest__Output>
      LifecycleEvent: MessageTypeDefinition<_shardcast_v1_LifecycleEvent, _shardcast_v1_LifecycleEvent__Output>
      Microshard: MessageTypeDefinition<_shardcast_v1_Microshard, _shardcast_v1_Microshard__Output>
      MicroshardState: EnumTypeDefinition
      Node: MessageTypeDefinition<_shardcast_v1_Node, _shardcast_v1_Node__Output>
      ReportAccessSummary: MessageTypeDefinition<_shardcast_v1_ReportAccessSummary, _shardcast_v1_ReportAccessSummary__Output>
      ReportSubscriptionsSummary: MessageTypeDefinition<_shardcast_v1_ReportSubscriptionsSummary, _shardcast_v1_ReportSubscriptionsSummary__Output>
      RouteRequest: MessageTypeDefinition<_shardcast_v1_RouteRequest, _shardcast_v1_RouteRequest__Output>
      RouteResponse: MessageTypeDefinition<_shardcast_v1_RouteResponse, _shardcast_v1_RouteResponse__Output>
      RouteUpdate: MessageTypeDefinition<_shardcast_v1_RouteUpdate, _shardcast_v1_RouteUpdate__Output>
      Sidecar: SubtypeConstructor<typeof grpc.Client, _shardcast_v1_SidecarClient> & { service: _shardcast_v1_SidecarDefinition }
      SubscriptionAction: EnumTypeDefinition
      SubscriptionEvent: MessageTypeDefinition<_shardcast_v1_SubscriptionEvent, _shardcast_v1_SubscriptionEvent__Output>
      TopicForecast: MessageTypeDefinition<_shardcast_v1_TopicForecast, _shardcast_v1_TopicForecast__Output>
      TopicForecastSeries: MessageTypeDefinition<_shardcast_v1_TopicForecastSeries, _shardcast_v1_TopicForecastSeries__Output>
      TopicKind: EnumTypeDefinition
      TopicLoad: MessageTypeDefinition<_shardcast_v1_TopicLoad, _shardcast_v1_TopicLoad__Output>
      TopicLoads: MessageTypeDefinition<_shardcast_v1_TopicLoads, _shardcast_v1_TopicLoads__Output>
      Topics: SubtypeConstructor<typeof grpc.Client, _shardcast_v1_TopicsClient> & { service: _shardcast_v1_TopicsDefinition }
      WatchRoutesRequest: MessageTypeDefinition<_shardcast_v1_WatchRoutesRequest, _shardcast_v1_WatchRoutesRequest__Output>
    }
  }
}

