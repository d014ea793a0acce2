// Original file: proto/shardcast/v1/coordinator.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CoordinatorMessage as _shardcast_v1_CoordinatorMessage, CoordinatorMessage__Output as _shardcast_v1_CoordinatorMessage__Output } from '../../shardcast/v1/CoordinatorMessage.js';
import type { GetLeaderRequest as _shardcast_v1_GetLeaderRequest, GetLeaderRequest__Output as _shardcast_v1_GetLeaderRequest__Output } from '../../shardcast/v1/GetLeaderRequest.js';
import type { LeaderInfo as _shardcast_v1_LeaderInfo, LeaderInfo__Output as _shardcast_v1_LeaderInfo__Output } from '../../shardcast/v1/LeaderInfo.js';
import type { SidecarMessage as _shardcast_v1_SidecarMessage, SidecarMessage__Output as _shardcast_v1_SidecarMessage__Output } from '../../shardcast/v1/SidecarMessage.js';

export interface CoordinatorClient extends grpc.Client {
  GetLeader(argument: _shardcast_v1_GetLeaderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  GetLeader(argument: _shardcast_v1_GetLeaderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  GetLeader(argument: _shardcast_v1_GetLeaderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  GetLeader(argument: _shardcast_v1_GetLeaderRequest, callback: grpc.requestCallback<_shardcast_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  getLeader(argument: _shardcast_v1_GetLeaderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  getLeader(argument: _shardcast_v1_GetLeaderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  getLeader(argument: _shardcast_v1_GetLeaderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  getLeader(argument: _shardcast_v1_GetLeaderRequest, callback: grpc.requestCallback<_shardcast_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  
  Session(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_SidecarMessage, _shardcast_v1_CoordinatorMessage__Output>;
  Session(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_SidecarMessage, _shardcast_v1_CoordinatorMessage__Output>;
  session(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_SidecarMessage, _shardcast_v1_CoordinatorMessage__Output>;
  session(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_SidecarMessage, _shardcast_v1_CoordinatorMessage__Output>;
  
}

export interface CoordinatorHandlers extends grpc.UntypedServiceImplementation {
  GetLeader: grpc.handleUnaryCall<_shardcast_v1_GetLeaderRequest__Output, _shardcast_v1_LeaderInfo>;
  
  Session: grpc.handleBidiStreamingCall<_shardcast_v1_SidecarMessage__Output, _shardcast_v1_CoordinatorMessage>;
  
}

export interface CoordinatorDefinition extends grpc.ServiceDefinition {
  GetLeader: MethodDefinition<_shardcast_v1_GetLeaderRequest, _shardcast_v1_LeaderInfo, _shardcast_v1_GetLeaderRequest__Output, _shardcast_v1_LeaderInfo__Output>
  Session: MethodDefinition<_shardcast_v1_SidecarMessage, _shardcast_v1_CoordinatorMessage, _shardcast_v1_SidecarMessage__Output, _shardcast_v1_CoordinatorMessage__Output>
}
