// Original file: proto/shardcast/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ClusterStatus as _shardcast_v1_ClusterStatus, ClusterStatus__Output as _shardcast_v1_ClusterStatus__Output } from '../../shardcast/v1/ClusterStatus.js';
import type { GetStatusRequest as _shardcast_v1_GetStatusRequest, GetStatusRequest__Output as _shardcast_v1_GetStatusRequest__Output } from '../../shardcast/v1/GetStatusRequest.js';
import type { LifecycleEvent as _shardcast_v1_LifecycleEvent, LifecycleEvent__Output as _shardcast_v1_LifecycleEvent__Output } from '../../shardcast/v1/LifecycleEvent.js';
import type { ListMicroshardsRequest as _shardcast_v1_ListMicroshardsRequest, ListMicroshardsRequest__Output as _shardcast_v1_ListMicroshardsRequest__Output } from '../../shardcast/v1/ListMicroshardsRequest.js';
import type { ListMicroshardsResponse as _shardcast_v1_ListMicroshardsResponse, ListMicroshardsResponse__Output as _shardcast_v1_ListMicroshardsResponse__Output } from '../../shardcast/v1/ListMicroshardsResponse.js';
import type { ListNodesRequest as _shardcast_v1_ListNodesRequest, ListNodesRequest__Output as _shardcast_v1_ListNodesRequest__Output } from '../../shardcast/v1/ListNodesRequest.js';
import type { ListNodesResponse as _shardcast_v1_ListNodesResponse, ListNodesResponse__Output as _shardcast_v1_ListNodesResponse__Output } from '../../shardcast/v1/ListNodesResponse.js';
import type { ReassignRequest as _shardcast_v1_ReassignRequest, ReassignRequest__Output as _shardcast_v1_ReassignRequest__Output } from '../../shardcast/v1/ReassignRequest.js';
import type { ReassignResponse as _shardcast_v1_ReassignResponse, ReassignResponse__Output as _shardcast_v1_ReassignResponse__Output } from '../../shardcast/v1/ReassignResponse.js';
import type { WatchEventsRequest as _shardcast_v1_WatchEventsRequest, WatchEventsRequest__Output as _shardcast_v1_WatchEventsRequest__Output } from '../../shardcast/v1/WatchEventsRequest.js';

export interface AdminClient extends grpc.Client {
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
  
  ListNodes(argument: _shardcast_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _shardcast_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _shardcast_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _shardcast_v1_ListNodesRequest, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _shardcast_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _shardcast_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _shardcast_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _shardcast_v1_ListNodesRequest, callback: grpc.requestCallback<_shardcast_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  
  Reassign(argument: _shardcast_v1_ReassignRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  Reassign(argument: _shardcast_v1_ReassignRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  Reassign(argument: _shardcast_v1_ReassignRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  Reassign(argument: _shardcast_v1_ReassignRequest, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  reassign(argument: _shardcast_v1_ReassignRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  reassign(argument: _shardcast_v1_ReassignRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  reassign(argument: _shardcast_v1_ReassignRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  reassign(argument: _shardcast_v1_ReassignRequest, callback: grpc.requestCallback<_shardcast_v1_ReassignResponse__Output>): grpc.ClientUnaryCall;
  
  WatchEvents(argument: _shardcast_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_LifecycleEvent__Output>;
  WatchEvents(argument: _shardcast_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_LifecycleEvent__Output>;
  watchEvents(argument: _shardcast_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_LifecycleEvent__Output>;
  watchEvents(argument: _shardcast_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_LifecycleEvent__Output>;
  
}

export interface AdminHandlers extends grpc.UntypedServiceImplementation {
  GetStatus: grpc.handleUnaryCall<_shardcast_v1_GetStatusRequest__Output, _shardcast_v1_ClusterStatus>;
  
  ListMicroshards: grpc.handleUnaryCall<_shardcast_v1_ListMicroshardsRequest__Output, _shardcast_v1_ListMicroshardsResponse>;
  
  ListNodes: grpc.handleUnaryCall<_shardcast_v1_ListNodesRequest__Output, _shardcast_v1_ListNodesResponse>;
  
  Reassign: grpc.handleUnaryCall<_shardcast_v1_ReassignRequest__Output, _shardcast_v1_ReassignResponse>;
  
  WatchEvents: grpc.handleServerStreamingCall<_shardcast_v1_WatchEventsRequest__Output, _shardcast_v1_LifecycleEvent>;
  
}

export interface AdminDefinition extends grpc.ServiceDefinition {
  GetStatus: MethodDefinition<_shardcast_v1_GetStatusRequest, _shardcast_v1_ClusterStatus, _shardcast_v1_GetStatusRequest__Output, _shardcast_v1_ClusterStatus__Output>
  ListMicroshards: MethodDefinition<_shardcast_v1_ListMicroshardsRequest, _shardcast_v1_ListMicroshardsResponse, _shardcast_v1_ListMicroshardsRequest__Output, _shardcast_v1_ListMicroshardsResponse__Output>
  ListNodes: MethodDefinition<_shardcast_v1_ListNodesRequest, _shardcast_v1_ListNodesResponse, _shardcast_v1_ListNodesRequest__Output, _shardcast_v1_ListNodesResponse__Output>
  Reassign: MethodDefinition<_shardcast_v1_ReassignRequest, _shardcast_v1_ReassignResponse, _shardcast_v1_ReassignRequest__Output, _shardcast_v1_ReassignResponse__Output>
  WatchEvents: MethodDefinition<_shardcast_v1_WatchEventsRequest, _shardcast_v1_LifecycleEvent, _shardcast_v1_WatchEventsRequest__Output, _shardcast_v1_LifecycleEvent__Output>
}
