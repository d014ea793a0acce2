// Original file: proto/shardcast/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ClusterStatus as _shardcast_v1_ClusterStatus, ClusterStatus__Output as _shardcast_v1_ClusterStatus__Output } from '../../shardcast/v1/ClusterStatus.js';
import type { DrainRequest as _shardcast_v1_DrainRequest, DrainRequest__Output as _shardcast_v1_DrainRequest__Output } from '../../shardcast/v1/DrainRequest.js';
import type { DrainResponse as _shardcast_v1_DrainResponse, DrainResponse__Output as _shardcast_v1_DrainResponse__Output } from '../../shardcast/v1/DrainResponse.js';
import type { ExplainRequest as _shardcast_v1_ExplainRequest, ExplainRequest__Output as _shardcast_v1_ExplainRequest__Output } from '../../shardcast/v1/ExplainRequest.js';
import type { ExplainResponse as _shardcast_v1_ExplainResponse, ExplainResponse__Output as _shardcast_v1_ExplainResponse__Output } from '../../shardcast/v1/ExplainResponse.js';
import type { GetCapacityRequest as _shardcast_v1_GetCapacityRequest, GetCapacityRequest__Output as _shardcast_v1_GetCapacityRequest__Output } from '../../shardcast/v1/GetCapacityRequest.js';
import type { GetCapacityResponse as _shardcast_v1_GetCapacityResponse, GetCapacityResponse__Output as _shardcast_v1_GetCapacityResponse__Output } from '../../shardcast/v1/GetCapacityResponse.js';
import type { GetShardForTopicRequest as _shardcast_v1_GetShardForTopicRequest, GetShardForTopicRequest__Output as _shardcast_v1_GetShardForTopicRequest__Output } from '../../shardcast/v1/GetShardForTopicRequest.js';
import type { GetShardForTopicResponse as _shardcast_v1_GetShardForTopicResponse, GetShardForTopicResponse__Output as _shardcast_v1_GetShardForTopicResponse__Output } from '../../shardcast/v1/GetShardForTopicResponse.js';
import type { GetStatusRequest as _shardcast_v1_GetStatusRequest, GetStatusRequest__Output as _shardcast_v1_GetStatusRequest__Output } from '../../shardcast/v1/GetStatusRequest.js';
import type { LifecycleEvent as _shardcast_v1_LifecycleEvent, LifecycleEvent__Output as _shardcast_v1_LifecycleEvent__Output } from '../../shardcast/v1/LifecycleEvent.js';
import type { ListMicroshardsRequest as _shardcast_v1_ListMicroshardsRequest, ListMicroshardsRequest__Output as _shardcast_v1_ListMicroshardsRequest__Output } from '../../shardcast/v1/ListMicroshardsRequest.js';
import type { ListMicroshardsResponse as _shardcast_v1_ListMicroshardsResponse, ListMicroshardsResponse__Output as _shardcast_v1_ListMicroshardsResponse__Output } from '../../shardcast/v1/ListMicroshardsResponse.js';
import type { ListMigrationsRequest as _shardcast_v1_ListMigrationsRequest, ListMigrationsRequest__Output as _shardcast_v1_ListMigrationsRequest__Output } from '../../shardcast/v1/ListMigrationsRequest.js';
import type { ListMigrationsResponse as _shardcast_v1_ListMigrationsResponse, ListMigrationsResponse__Output as _shardcast_v1_ListMigrationsResponse__Output } from '../../shardcast/v1/ListMigrationsResponse.js';
import type { ListNodesRequest as _shardcast_v1_ListNodesRequest, ListNodesRequest__Output as _shardcast_v1_ListNodesRequest__Output } from '../../shardcast/v1/ListNodesRequest.js';
import type { ListNodesResponse as _shardcast_v1_ListNodesResponse, ListNodesResponse__Output as _shardcast_v1_ListNodesResponse__Output } from '../../shardcast/v1/ListNodesResponse.js';
import type { ListPredictionCacheRequest as _shardcast_v1_ListPredictionCacheRequest, ListPredictionCacheRequest__Output as _shardcast_v1_ListPredictionCacheRequest__Output } from '../../shardcast/v1/ListPredictionCacheRequest.js';
import type { ListPredictionCacheResponse as _shardcast_v1_ListPredictionCacheResponse, ListPredictionCacheResponse__Output as _shardcast_v1_ListPredictionCacheResponse__Output } from '../../shardcast/v1/ListPredictionCacheResponse.js';
import type { ListShardMapRequest as _shardcast_v1_ListShardMapRequest, ListShardMapRequest__Output as _shardcast_v1_ListShardMapRequest__Output } from '../../shardcast/v1/ListShardMapRequest.js';
import type { ListShardMapResponse as _shardcast_v1_ListShardMapResponse, ListShardMapResponse__Output as _shardcast_v1_ListShardMapResponse__Output } from '../../shardcast/v1/ListShardMapResponse.js';
import type { MergeRequest as _shardcast_v1_MergeRequest, MergeRequest__Output as _shardcast_v1_MergeRequest__Output } from '../../shardcast/v1/MergeRequest.js';
import type { MergeResponse as _shardcast_v1_MergeResponse, MergeResponse__Output as _shardcast_v1_MergeResponse__Output } from '../../shardcast/v1/MergeResponse.js';
import type { MigrateRequest as _shardcast_v1_MigrateRequest, MigrateRequest__Output as _shardcast_v1_MigrateRequest__Output } from '../../shardcast/v1/MigrateRequest.js';
import type { MigrateResponse as _shardcast_v1_MigrateResponse, MigrateResponse__Output as _shardcast_v1_MigrateResponse__Output } from '../../shardcast/v1/MigrateResponse.js';
import type { PredictLoadRequest as _shardcast_v1_PredictLoadRequest, PredictLoadRequest__Output as _shardcast_v1_PredictLoadRequest__Output } from '../../shardcast/v1/PredictLoadRequest.js';
import type { PredictLoadResponse as _shardcast_v1_PredictLoadResponse, PredictLoadResponse__Output as _shardcast_v1_PredictLoadResponse__Output } from '../../shardcast/v1/PredictLoadResponse.js';
import type { PredictTopicLoadRequest as _shardcast_v1_PredictTopicLoadRequest, PredictTopicLoadRequest__Output as _shardcast_v1_PredictTopicLoadRequest__Output } from '../../shardcast/v1/PredictTopicLoadRequest.js';
import type { PredictTopicLoadResponse as _shardcast_v1_PredictTopicLoadResponse, PredictTopicLoadResponse__Output as _shardcast_v1_PredictTopicLoadResponse__Output } from '../../shardcast/v1/PredictTopicLoadResponse.js';
import type { ReassignRequest as _shardcast_v1_ReassignRequest, ReassignRequest__Output as _shardcast_v1_ReassignRequest__Output } from '../../shardcast/v1/ReassignRequest.js';
import type { ReassignResponse as _shardcast_v1_ReassignResponse, ReassignResponse__Output as _shardcast_v1_ReassignResponse__Output } from '../../shardcast/v1/ReassignResponse.js';
import type { SplitRequest as _shardcast_v1_SplitRequest, SplitRequest__Output as _shardcast_v1_SplitRequest__Output } from '../../shardcast/v1/SplitRequest.js';
import type { SplitResponse as _shardcast_v1_SplitResponse, SplitResponse__Output as _shardcast_v1_SplitResponse__Output } from '../../shardcast/v1/SplitResponse.js';
import type { UndrainRequest as _shardcast_v1_UndrainRequest, UndrainRequest__Output as _shardcast_v1_UndrainRequest__Output } from '../../shardcast/v1/UndrainRequest.js';
import type { UndrainResponse as _shardcast_v1_UndrainResponse, UndrainResponse__Output as _shardcast_v1_UndrainResponse__Output } from '../../shardcast/v1/UndrainResponse.js';
import type { UpdateMetricsRequest as _shardcast_v1_UpdateMetricsRequest, UpdateMetricsRequest__Output as _shardcast_v1_UpdateMetricsRequest__Output } from '../../shardcast/v1/UpdateMetricsRequest.js';
import type { UpdateMetricsResponse as _shardcast_v1_UpdateMetricsResponse, UpdateMetricsResponse__Output as _shardcast_v1_UpdateMetricsResponse__Output } from '../../shardcast/v1/UpdateMetricsResponse.js';
import type { WatchEventsRequest as _shardcast_v1_WatchEventsRequest, WatchEventsRequest__Output as _shardcast_v1_WatchEventsRequest__Output } from '../../shardcast/v1/WatchEventsRequest.js';

export interface AdminClient extends grpc.Client {
  Drain(argument: _shardcast_v1_DrainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_DrainResponse__Output>): grpc.ClientUnaryCall;
  Drain(argument: _shardcast_v1_DrainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_DrainResponse__Output>): grpc.ClientUnaryCall;
  Drain(argument: _shardcast_v1_DrainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_DrainResponse__Output>): grpc.ClientUnaryCall;
  Drain(argument: _shardcast_v1_DrainRequest, callback: grpc.requestCallback<_shardcast_v1_DrainResponse__Output>): grpc.ClientUnaryCall;
  drain(argument: _shardcast_v1_DrainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_DrainResponse__Output>): grpc.ClientUnaryCall;
  drain(argument: _shardcast_v1_DrainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_DrainResponse__Output>): grpc.ClientUnaryCall;
  drain(argument: _shardcast_v1_DrainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_DrainResponse__Output>): grpc.ClientUnaryCall;
  drain(argument: _shardcast_v1_DrainRequest, callback: grpc.requestCallback<_shardcast_v1_DrainResponse__Output>): grpc.ClientUnaryCall;
  
  Explain(argument: _shardcast_v1_ExplainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ExplainResponse__Output>): grpc.ClientUnaryCall;
  Explain(argument: _shardcast_v1_ExplainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ExplainResponse__Output>): grpc.ClientUnaryCall;
  Explain(argument: _shardcast_v1_ExplainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ExplainResponse__Output>): grpc.ClientUnaryCall;
  Explain(argument: _shardcast_v1_ExplainRequest, callback: grpc.requestCallback<_shardcast_v1_ExplainResponse__Output>): grpc.ClientUnaryCall;
  explain(argument: _shardcast_v1_ExplainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ExplainResponse__Output>): grpc.ClientUnaryCall;
  explain(argument: _shardcast_v1_ExplainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ExplainResponse__Output>): grpc.ClientUnaryCall;
  explain(argument: _shardcast_v1_ExplainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ExplainResponse__Output>): grpc.ClientUnaryCall;
  explain(argument: _shardcast_v1_ExplainRequest, callback: grpc.requestCallback<_shardcast_v1_ExplainResponse__Output>): grpc.ClientUnaryCall;
  
  GetCapacity(argument: _shardcast_v1_GetCapacityRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetCapacityResponse__Output>): grpc.ClientUnaryCall;
  GetCapacity(argument: _shardcast_v1_GetCapacityRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_GetCapacityResponse__Output>): grpc.ClientUnaryCall;
  GetCapacity(argument: _shardcast_v1_GetCapacityRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetCapacityResponse__Output>): grpc.ClientUnaryCall;
  GetCapacity(argument: _shardcast_v1_GetCapacityRequest, callback: grpc.requestCallback<_shardcast_v1_GetCapacityResponse__Output>): grpc.ClientUnaryCall;
  getCapacity(argument: _shardcast_v1_GetCapacityRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetCapacityResponse__Output>): grpc.ClientUnaryCall;
  getCapacity(argument: _shardcast_v1_GetCapacityRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_GetCapacityResponse__Output>): grpc.ClientUnaryCall;
  getCapacity(argument: _shardcast_v1_GetCapacityRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetCapacityResponse__Output>): grpc.ClientUnaryCall;
  getCapacity(argument: _shardcast_v1_GetCapacityRequest, callback: grpc.requestCallback<_shardcast_v1_GetCapacityResponse__Output>): grpc.ClientUnaryCall;
  
  GetShardForTopic(argument: _shardcast_v1_GetShardForTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetShardForTopicResponse__Output>): grpc.ClientUnaryCall;
  GetShardForTopic(argument: _shardcast_v1_GetShardForTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_GetShardForTopicResponse__Output>): grpc.ClientUnaryCall;
  GetShardForTopic(argument: _shardcast_v1_GetShardForTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetShardForTopicResponse__Output>): grpc.ClientUnaryCall;
  GetShardForTopic(argument: _shardcast_v1_GetShardForTopicRequest, callback: grpc.requestCallback<_shardcast_v1_GetShardForTopicResponse__Output>): grpc.ClientUnaryCall;
  getShardForTopic(argument: _shardcast_v1_GetShardForTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetShardForTopicResponse__Output>): grpc.ClientUnaryCall;
  getShardForTopic(argument: _shardcast_v1_GetShardForTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_GetShardForTopicResponse__Output>): grpc.ClientUnaryCall;
  getShardForTopic(argument: _shardcast_v1_GetShardForTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetShardForTopicResponse__Output>): grpc.ClientUnaryCall;
  getShardForTopic(argument: _shardcast_v1_GetShardForTopicRequest, callback: grpc.requestCallback<_shardcast_v1_GetShardForTopicResponse__Output>): grpc.ClientUnaryCall;
  
  GetStatus(argument: _shardcast_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ClusterStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _shardcast_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ClusterStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _shardcast_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ClusterStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _shardcast_v1_GetStatusRequest, callback: grpc.requestCallback<_shardcast_v1_ClusterStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _shardcast_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ClusterStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _shardcast_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ClusterStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _shardcast_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ClusterStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _shardcast_v1_GetStatusRequest, callback: grpc.requestCallback<_shardcast_v1_ClusterStatus__Output>): grpc.ClientUnaryCall;
  
  ListMicroshards(argument: _shardcast_v1_ListMicroshardsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListMicroshardsResponse__Output>): grpc.ClientUnaryCall;
  ListMicroshards(argument: _shardcast_v1_ListMicroshardsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ListMicroshardsResponse__Output>): grpc.ClientUnaryCall;
  ListMicroshards(argument: _shardcast_v1_ListMicroshardsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListMicroshardsResponse__Output>): grpc.ClientUnaryCall;
  ListMicroshards(argument: _shardcast_v1_ListMicroshardsRequest, callback: grpc.requestCallback<_shardcast_v1_ListMicroshardsResponse__Output>): grpc.ClientUnaryCall;
  listMicroshards(argument: _shardcast_v1_ListMicroshardsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListMicroshardsResponse__Output>): grpc.ClientUnaryCall;
  listMicroshards(argument: _shardcast_v1_ListMicroshardsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ListMicroshardsResponse__Output>): grpc.ClientUnaryCall;
  listMicroshards(argument: _shardcast_v1_ListMicroshardsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListMicroshardsResponse__Output>): grpc.ClientUnaryCall;
  listMicroshards(argument: _shardcast_v1_ListMicroshardsRequest, callback: grpc.requestCallback<_shardcast_v1_ListMicroshardsResponse__Output>): grpc.ClientUnaryCall;
  
  ListMigrations(argument: _shardcast_v1_ListMigrationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListMigrationsResponse__Output>): grpc.ClientUnaryCall;
  ListMigrations(argument: _shardcast_v1_ListMigrationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ListMigrationsResponse__Output>): grpc.ClientUnaryCall;
  ListMigrations(argument: _shardcast_v1_ListMigrationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListMigrationsResponse__Output>): grpc.ClientUnaryCall;
  ListMigrations(argument: _shardcast_v1_ListMigrationsRequest, callback: grpc.requestCallback<_shardcast_v1_ListMigrationsResponse__Output>): grpc.ClientUnaryCall;
  listMigrations(argument: _shardcast_v1_ListMigrationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListMigrationsResponse__Output>): grpc.ClientUnaryCall;
  listMigrations(argument: _shardcast_v1_ListMigrationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ListMigrationsResponse__Output>): grpc.ClientUnaryCall;
  listMigrations(argument: _shardcast_v1_ListMigrationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListMigrationsResponse__Output>): grpc.ClientUnaryCall;
  listMigrations(argument: _shardcast_v1_ListMigrationsRequest, callback: grpc.requestCallback<_shardcast_v1_ListMigrationsResponse__Output>): grpc.ClientUnaryCall;
  
  ListNodes(argument: _shardcast_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _shardcast_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _shardcast_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _shardcast_v1_ListNodesRequest, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _shardcast_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _shardcast_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _shardcast_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _shardcast_v1_ListNodesRequest, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  
  ListPredictionCache(argument: _shardcast_v1_ListPredictionCacheRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListPredictionCacheResponse__Output>): grpc.ClientUnaryCall;
  ListPredictionCache(argument: _shardcast_v1_ListPredictionCacheRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ListPredictionCacheResponse__Output>): grpc.ClientUnaryCall;
  ListPredictionCache(argument: _shardcast_v1_ListPredictionCacheRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListPredictionCacheResponse__Output>): grpc.ClientUnaryCall;
  ListPredictionCache(argument: _shardcast_v1_ListPredictionCacheRequest, callback: grpc.requestCallback<_shardcast_v1_ListPredictionCacheResponse__Output>): grpc.ClientUnaryCall;
  listPredictionCache(argument: _shardcast_v1_ListPredictionCacheRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListPredictionCacheResponse__Output>): grpc.ClientUnaryCall;
  listPredictionCache(argument: _shardcast_v1_ListPredictionCacheRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ListPredictionCacheResponse__Output>): grpc.ClientUnaryCall;
  listPredictionCache(argument: _shardcast_v1_ListPredictionCacheRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListPredictionCacheResponse__Output>): grpc.ClientUnaryCall;
  listPredictionCache(argument: _shardcast_v1_ListPredictionCacheRequest, callback: grpc.requestCallback<_shardcast_v1_ListPredictionCacheResponse__Output>): grpc.ClientUnaryCall;
  
  ListShardMap(argument: _shardcast_v1_ListShardMapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListShardMapResponse__Output>): grpc.ClientUnaryCall;
  ListShardMap(argument: _shardcast_v1_ListShardMapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ListShardMapResponse__Output>): grpc.ClientUnaryCall;
  ListShardMap(argument: _shardcast_v1_ListShardMapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListShardMapResponse__Output>): grpc.ClientUnaryCall;
  ListShardMap(argument: _shardcast_v1_ListShardMapRequest, callback: grpc.requestCallback<_shardcast_v1_ListShardMapResponse__Output>): grpc.ClientUnaryCall;
  listShardMap(argument: _shardcast_v1_ListShardMapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListShardMapResponse__Output>): grpc.ClientUnaryCall;
  listShardMap(argument: _shardcast_v1_ListShardMapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ListShardMapResponse__Output>): grpc.ClientUnaryCall;
  listShardMap(argument: _shardcast_v1_ListShardMapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListShardMapResponse__Output>): grpc.ClientUnaryCall;
  listShardMap(argument: _shardcast_v1_ListShardMapRequest, callback: grpc.requestCallback<_shardcast_v1_ListShardMapResponse__Output>): grpc.ClientUnaryCall;
  
  Merge(argument: _shardcast_v1_MergeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  Merge(argument: _shardcast_v1_MergeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  Merge(argument: _shardcast_v1_MergeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  Merge(argument: _shardcast_v1_MergeRequest, callback: grpc.requestCallback<_shardcast_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  merge(argument: _shardcast_v1_MergeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  merge(argument: _shardcast_v1_MergeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  merge(argument: _shardcast_v1_MergeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  merge(argument: _shardcast_v1_MergeRequest, callback: grpc.requestCallback<_shardcast_v1_MergeResponse__Output>): grpc.ClientUnaryCall;
  
  Migrate(argument: _shardcast_v1_MigrateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  Migrate(argument: _shardcast_v1_MigrateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  Migrate(argument: _shardcast_v1_MigrateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  Migrate(argument: _shardcast_v1_MigrateRequest, callback: grpc.requestCallback<_shardcast_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  migrate(argument: _shardcast_v1_MigrateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  migrate(argument: _shardcast_v1_MigrateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  migrate(argument: _shardcast_v1_MigrateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  migrate(argument: _shardcast_v1_MigrateRequest, callback: grpc.requestCallback<_shardcast_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  
  PredictLoad(argument: _shardcast_v1_PredictLoadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PredictLoadResponse__Output>): grpc.ClientUnaryCall;
  PredictLoad(argument: _shardcast_v1_PredictLoadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_PredictLoadResponse__Output>): grpc.ClientUnaryCall;
  PredictLoad(argument: _shardcast_v1_PredictLoadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PredictLoadResponse__Output>): grpc.ClientUnaryCall;
  PredictLoad(argument: _shardcast_v1_PredictLoadRequest, callback: grpc.requestCallback<_shardcast_v1_PredictLoadResponse__Output>): grpc.ClientUnaryCall;
  predictLoad(argument: _shardcast_v1_PredictLoadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PredictLoadResponse__Output>): grpc.ClientUnaryCall;
  predictLoad(argument: _shardcast_v1_PredictLoadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_PredictLoadResponse__Output>): grpc.ClientUnaryCall;
  predictLoad(argument: _shardcast_v1_PredictLoadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PredictLoadResponse__Output>): grpc.ClientUnaryCall;
  predictLoad(argument: _shardcast_v1_PredictLoadRequest, callback: grpc.requestCallback<_shardcast_v1_PredictLoadResponse__Output>): grpc.ClientUnaryCall;
  
  PredictTopicLoad(argument: _shardcast_v1_PredictTopicLoadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PredictTopicLoadResponse__Output>): grpc.ClientUnaryCall;
  PredictTopicLoad(argument: _shardcast_v1_PredictTopicLoadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_PredictTopicLoadResponse__Output>): grpc.ClientUnaryCall;
  PredictTopicLoad(argument: _shardcast_v1_PredictTopicLoadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PredictTopicLoadResponse__Output>): grpc.ClientUnaryCall;
  PredictTopicLoad(argument: _shardcast_v1_PredictTopicLoadRequest, callback: grpc.requestCallback<_shardcast_v1_PredictTopicLoadResponse__Output>): grpc.ClientUnaryCall;
  predictTopicLoad(argument: _shardcast_v1_PredictTopicLoadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PredictTopicLoadResponse__Output>): grpc.ClientUnaryCall;
  predictTopicLoad(argument: _shardcast_v1_PredictTopicLoadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_PredictTopicLoadResponse__Output>): grpc.ClientUnaryCall;
  predictTopicLoad(argument: _shardcast_v1_PredictTopicLoadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PredictTopicLoadResponse__Output>): grpc.ClientUnaryCall;
  predictTopicLoad(argument: _shardcast_v1_PredictTopicLoadRequest, callback: grpc.requestCallback<_shardcast_v1_PredictTopicLoadResponse__Output>): grpc.ClientUnaryCall;
  
  Reassign(argument: _shardcast_v1_ReassignRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  Reassign(argument: _shardcast_v1_ReassignRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  Reassign(argument: _shardcast_v1_ReassignRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  Reassign(argument: _shardcast_v1_ReassignRequest, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  reassign(argument: _shardcast_v1_ReassignRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  reassign(argument: _shardcast_v1_ReassignRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  reassign(argument: _shardcast_v1_ReassignRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  reassign(argument: _shardcast_v1_ReassignRequest, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  
  Split(argument: _shardcast_v1_SplitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_SplitResponse__Output>): grpc.ClientUnaryCall;
  Split(argument: _shardcast_v1_SplitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_SplitResponse__Output>): grpc.ClientUnaryCall;
  Split(argument: _shardcast_v1_SplitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_SplitResponse__Output>): grpc.ClientUnaryCall;
  Split(argument: _shardcast_v1_SplitRequest, callback: grpc.requestCallback<_shardcast_v1_SplitResponse__Output>): grpc.ClientUnaryCall;
  split(argument: _shardcast_v1_SplitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_SplitResponse__Output>): grpc.ClientUnaryCall;
  split(argument: _shardcast_v1_SplitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_SplitResponse__Output>): grpc.ClientUnaryCall;
  split(argument: _shardcast_v1_SplitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_SplitResponse__Output>): grpc.ClientUnaryCall;
  split(argument: _shardcast_v1_SplitRequest, callback: grpc.requestCallback<_shardcast_v1_SplitResponse__Output>): grpc.ClientUnaryCall;
  
  Undrain(argument: _shardcast_v1_UndrainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_UndrainResponse__Output>): grpc.ClientUnaryCall;
  Undrain(argument: _shardcast_v1_UndrainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_UndrainResponse__Output>): grpc.ClientUnaryCall;
  Undrain(argument: _shardcast_v1_UndrainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_UndrainResponse__Output>): grpc.ClientUnaryCall;
  Undrain(argument: _shardcast_v1_UndrainRequest, callback: grpc.requestCallback<_shardcast_v1_UndrainResponse__Output>): grpc.ClientUnaryCall;
  undrain(argument: _shardcast_v1_UndrainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_UndrainResponse__Output>): grpc.ClientUnaryCall;
  undrain(argument: _shardcast_v1_UndrainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_UndrainResponse__Output>): grpc.ClientUnaryCall;
  undrain(argument: _shardcast_v1_UndrainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_UndrainResponse__Output>): grpc.ClientUnaryCall;
  undrain(argument: _shardcast_v1_UndrainRequest, callback: grpc.requestCallback<_shardcast_v1_UndrainResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateMetrics(argument: _shardcast_v1_UpdateMetricsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_UpdateMetricsResponse__Output>): grpc.ClientUnaryCall;
  UpdateMetrics(argument: _shardcast_v1_UpdateMetricsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_UpdateMetricsResponse__Output>): grpc.ClientUnaryCall;
  UpdateMetrics(argument: _shardcast_v1_UpdateMetricsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_UpdateMetricsResponse__Output>): grpc.ClientUnaryCall;
  UpdateMetrics(argument: _shardcast_v1_UpdateMetricsRequest, callback: grpc.requestCallback<_shardcast_v1_UpdateMetricsResponse__Output>): grpc.ClientUnaryCall;
  updateMetrics(argument: _shardcast_v1_UpdateMetricsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_UpdateMetricsResponse__Output>): grpc.ClientUnaryCall;
  updateMetrics(argument: _shardcast_v1_UpdateMetricsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_UpdateMetricsResponse__Output>): grpc.ClientUnaryCall;
  updateMetrics(argument: _shardcast_v1_UpdateMetricsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_UpdateMetricsResponse__Output>): grpc.ClientUnaryCall;
  updateMetrics(argument: _shardcast_v1_UpdateMetricsRequest, callback: grpc.requestCallback<_shardcast_v1_UpdateMetricsResponse__Output>): grpc.ClientUnaryCall;
  
  WatchEvents(argument: _shardcast_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_LifecycleEvent__Output>;
  WatchEvents(argument: _shardcast_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_LifecycleEvent__Output>;
  watchEvents(argument: _shardcast_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_LifecycleEvent__Output>;
  watchEvents(argument: _shardcast_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_LifecycleEvent__Output>;
  
}

export interface AdminHandlers extends grpc.UntypedServiceImplementation {
  Drain: grpc.handleUnaryCall<_shardcast_v1_DrainRequest__Output, _shardcast_v1_DrainResponse>;
  
  Explain: grpc.handleUnaryCall<_shardcast_v1_ExplainRequest__Output, _shardcast_v1_ExplainResponse>;
  
  GetCapacity: grpc.handleUnaryCall<_shardcast_v1_GetCapacityRequest__Output, _shardcast_v1_GetCapacityResponse>;
  
  GetShardForTopic: grpc.handleUnaryCall<_shardcast_v1_GetShardForTopicRequest__Output, _shardcast_v1_GetShardForTopicResponse>;
  
  GetStatus: grpc.handleUnaryCall<_shardcast_v1_GetStatusRequest__Output, _shardcast_v1_ClusterStatus>;
  
  ListMicroshards: grpc.handleUnaryCall<_shardcast_v1_ListMicroshardsRequest__Output, _shardcast_v1_ListMicroshardsResponse>;
  
  ListMigrations: grpc.handleUnaryCall<_shardcast_v1_ListMigrationsRequest__Output, _shardcast_v1_ListMigrationsResponse>;
  
  ListNodes: grpc.handleUnaryCall<_shardcast_v1_ListNodesRequest__Output, _shardcast_v1_ListNodesResponse>;
  
  ListPredictionCache: grpc.handleUnaryCall<_shardcast_v1_ListPredictionCacheRequest__Output, _shardcast_v1_ListPredictionCacheResponse>;
  
  ListShardMap: grpc.handleUnaryCall<_shardcast_v1_ListShardMapRequest__Output, _shardcast_v1_ListShardMapResponse>;
  
  Merge: grpc.handleUnaryCall<_shardcast_v1_MergeRequest__Output, _shardcast_v1_MergeResponse>;
  
  Migrate: grpc.handleUnaryCall<_shardcast_v1_MigrateRequest__Output, _shardcast_v1_MigrateResponse>;
  
  PredictLoad: grpc.handleUnaryCall<_shardcast_v1_PredictLoadRequest__Output, _shardcast_v1_PredictLoadResponse>;
  
  PredictTopicLoad: grpc.handleUnaryCall<_shardcast_v1_PredictTopicLoadRequest__Output, _shardcast_v1_PredictTopicLoadResponse>;
  
  Reassign: grpc.handleUnaryCall<_shardcast_v1_ReassignRequest__Output, _shardcast_v1_ReassignResponse>;
  
  Split: grpc.handleUnaryCall<_shardcast_v1_SplitRequest__Output, _shardcast_v1_SplitResponse>;
  
  Undrain: grpc.handleUnaryCall<_shardcast_v1_UndrainRequest__Output, _shardcast_v1_UndrainResponse>;
  
  UpdateMetrics: grpc.handleUnaryCall<_shardcast_v1_UpdateMetricsRequest__Output, _shardcast_v1_UpdateMetricsResponse>;
  
  WatchEvents: grpc.handleServerStreamingCall<_shardcast_v1_WatchEventsRequest__Output, _shardcast_v1_LifecycleEvent>;
  
}

export interface AdminDefinition extends grpc.ServiceDefinition {
  Drain: MethodDefinition<_shardcast_v1_DrainRequest, _shardcast_v1_DrainResponse, _shardcast_v1_DrainRequest__Output, _shardcast_v1_DrainResponse__Output>
  Explain: MethodDefinition<_shardcast_v1_ExplainRequest, _shardcast_v1_ExplainResponse, _shardcast_v1_ExplainRequest__Output, _shardcast_v1_ExplainResponse__Output>
  GetCapacity: MethodDefinition<_shardcast_v1_GetCapacityRequest, _shardcast_v1_GetCapacityResponse, _shardcast_v1_GetCapacityRequest__Output, _shardcast_v1_GetCapacityResponse__Output>
  GetShardForTopic: MethodDefinition<_shardcast_v1_GetShardForTopicRequest, _shardcast_v1_GetShardForTopicResponse, _shardcast_v1_GetShardForTopicRequest__Output, _shardcast_v1_GetShardForTopicResponse__Output>
  GetStatus: MethodDefinition<_shardcast_v1_GetStatusRequest, _shardcast_v1_ClusterStatus, _shardcast_v1_GetStatusRequest__Output, _shardcast_v1_ClusterStatus__Output>
  ListMicroshards: MethodDefinition<_shardcast_v1_ListMicroshardsRequest, _shardcast_v1_ListMicroshardsResponse, _shardcast_v1_ListMicroshardsRequest__Output, _shardcast_v1_ListMicroshardsResponse__Output>
  ListMigrations: MethodDefinition<_shardcast_v1_ListMigrationsRequest, _shardcast_v1_ListMigrationsResponse, _shardcast_v1_ListMigrationsRequest__Output, _shardcast_v1_ListMigrationsResponse__Output>
  ListNodes: MethodDefinition<_shardcast_v1_ListNodesRequest, _shardcast_v1_ListNodesResponse, _shardcast_v1_ListNodesRequest__Output, _shardcast_v1_ListNodesResponse__Output>
  ListPredictionCache: MethodDefinition<_shardcast_v1_ListPredictionCacheRequest, _shardcast_v1_ListPredictionCacheResponse, _shardcast_v1_ListPredictionCacheRequest__Output, _shardcast_v1_ListPredictionCacheResponse__Output>
  ListShardMap: MethodDefinition<_shardcast_v1_ListShardMapRequest, _shardcast_v1_ListShardMapResponse, _shardcast_v1_ListShardMapRequest__Output, _shardcast_v1_ListShardMapResponse__Output>
  Merge: MethodDefinition<_shardcast_v1_MergeRequest, _shardcast_v1_MergeResponse, _shardcast_v1_MergeRequest__Output, _shardcast_v1_MergeResponse__Output>
  Migrate: MethodDefinition<_shardcast_v1_MigrateRequest, _shardcast_v1_MigrateResponse, _shardcast_v1_MigrateRequest__Output, _shardcast_v1_MigrateResponse__Output>
  PredictLoad: MethodDefinition<_shardcast_v1_PredictLoadRequest, _shardcast_v1_PredictLoadResponse, _shardcast_v1_PredictLoadRequest__Output, _shardcast_v1_PredictLoadResponse__Output>
  PredictTopicLoad: MethodDefinition<_shardcast_v1_PredictTopicLoadRequest, _shardcast_v1_PredictTopicLoadResponse, _shardcast_v1_PredictTopicLoadRequest__Output, _shardcast_v1_PredictTopicLoadResponse__Output>
  Reassign: MethodDefinition<_shardcast_v1_ReassignRequest, _shardcast_v1_ReassignResponse, _shardcast_v1_ReassignRequest__Output, _shardcast_v1_ReassignResponse__Output>
  Split: MethodDefinition<_shardcast_v1_SplitRequest, _shardcast_v1_SplitResponse, _shardcast_v1_SplitRequest__Output, _shardcast_v1_SplitResponse__Output>
  Undrain: MethodDefinition<_shardcast_v1_UndrainRequest, _shardcast_v1_UndrainResponse, _shardcast_v1_UndrainRequest__Output, _shardcast_v1_UndrainResponse__Output>
  UpdateMetrics: MethodDefinition<_shardcast_v1_UpdateMetricsRequest, _shardcast_v1_UpdateMetricsResponse, _shardcast_v1_UpdateMetricsRequest__Output, _shardcast_v1_UpdateMetricsResponse__Output>
  WatchEvents: MethodDefinition<_shardcast_v1_WatchEventsRequest, _shardcast_v1_LifecycleEvent, _shardcast_v1_WatchEventsRequest__Output, _shardcast_v1_LifecycleEvent__Output>
}
