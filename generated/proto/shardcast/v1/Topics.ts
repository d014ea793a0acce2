// Original file: proto/shardcast/v1/sidecar.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetTopicLoadsRequest as _shardcast_v1_GetTopicLoadsRequest, GetTopicLoadsRequest__Output as _shardcast_v1_GetTopicLoadsRequest__Output } from '../../shardcast/v1/GetTopicLoadsRequest.js';
import type { ReportSubscriptionsSummary as _shardcast_v1_ReportSubscriptionsSummary, ReportSubscriptionsSummary__Output as _shardcast_v1_ReportSubscriptionsSummary__Output } from '../../shardcast/v1/ReportSubscriptionsSummary.js';
import type { SubscriptionEvent as _shardcast_v1_SubscriptionEvent, SubscriptionEvent__Output as _shardcast_v1_SubscriptionEvent__Output } from '../../shardcast/v1/SubscriptionEvent.js';
import type { TopicLoads as _shardcast_v1_TopicLoads, TopicLoads__Output as _shardcast_v1_TopicLoads__Output } from '../../shardcast/v1/TopicLoads.js';

export interface TopicsClient extends grpc.Client {
  GetTopicLoads(argument: _shardcast_v1_GetTopicLoadsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_TopicLoads__Output>): grpc.ClientUnaryCall;
  GetTopicLoads(argument: _shardcast_v1_GetTopicLoadsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_TopicLoads__Output>): grpc.ClientUnaryCall;
  GetTopicLoads(argument: _shardcast_v1_GetTopicLoadsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_TopicLoads__Output>): grpc.ClientUnaryCall;
  GetTopicLoads(argument: _shardcast_v1_GetTopicLoadsRequest, callback: grpc.requestCallback<_shardcast_v1_TopicLoads__Output>): grpc.ClientUnaryCall;
  getTopicLoads(argument: _shardcast_v1_GetTopicLoadsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_TopicLoads__Output>): grpc.ClientUnaryCall;
  getTopicLoads(argument: _shardcast_v1_GetTopicLoadsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_TopicLoads__Output>): grpc.ClientUnaryCall;
  getTopicLoads(argument: _shardcast_v1_GetTopicLoadsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_TopicLoads__Output>): grpc.ClientUnaryCall;
  getTopicLoads(argument: _shardcast_v1_GetTopicLoadsRequest, callback: grpc.requestCallback<_shardcast_v1_TopicLoads__Output>): grpc.ClientUnaryCall;
  
  ReportSubscriptions(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReportSubscriptionsSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_SubscriptionEvent>;
  ReportSubscriptions(metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ReportSubscriptionsSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_SubscriptionEvent>;
  ReportSubscriptions(options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReportSubscriptionsSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_SubscriptionEvent>;
  ReportSubscriptions(callback: grpc.requestCallback<_shardcast_v1_ReportSubscriptionsSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_SubscriptionEvent>;
  reportSubscriptions(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReportSubscriptionsSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_SubscriptionEvent>;
  reportSubscriptions(metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ReportSubscriptionsSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_SubscriptionEvent>;
  reportSubscriptions(options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReportSubscriptionsSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_SubscriptionEvent>;
  reportSubscriptions(callback: grpc.requestCallback<_shardcast_v1_ReportSubscriptionsSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_SubscriptionEvent>;
  
}

export interface TopicsHandlers extends grpc.UntypedServiceImplementation {
  GetTopicLoads: grpc.handleUnaryCall<_shardcast_v1_GetTopicLoadsRequest__Output, _shardcast_v1_TopicLoads>;
  
  ReportSubscriptions: grpc.handleClientStreamingCall<_shardcast_v1_SubscriptionEvent__Output, _shardcast_v1_ReportSubscriptionsSummary>;
  
}

export interface TopicsDefinition extends grpc.ServiceDefinition {
  GetTopicLoads: MethodDefinition<_shardcast_v1_GetTopicLoadsRequest, _shardcast_v1_TopicLoads, _shardcast_v1_GetTopicLoadsRequest__Output, _shardcast_v1_TopicLoads__Output>
  ReportSubscriptions: MethodDefinition<_shardcast_v1_SubscriptionEvent, _shardcast_v1_ReportSubscriptionsSummary, _shardcast_v1_SubscriptionEvent__Output, _shardcast_v1_ReportSubscriptionsSummary__Output>
}
