// Original file: proto/shardcast/v1/sidecar.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AccessBatch as _shardcast_v1_AccessBatch, AccessBatch__Output as _shardcast_v1_AccessBatch__Output } from '../../shardcast/v1/AccessBatch.js';
import type { ReportAccessSummary as _shardcast_v1_ReportAccessSummary, ReportAccessSummary__Output as _shardcast_v1_ReportAccessSummary__Output } from '../../shardcast/v1/ReportAccessSummary.js';
import type { RouteRequest as _shardcast_v1_RouteRequest, RouteRequest__Output as _shardcast_v1_RouteRequest__Output } from '../../shardcast/v1/RouteRequest.js';
import type { RouteResponse as _shardcast_v1_RouteResponse, RouteResponse__Output as _shardcast_v1_RouteResponse__Output } from '../../shardcast/v1/RouteResponse.js';
import type { RouteUpdate as _shardcast_v1_RouteUpdate, RouteUpdate__Output as _shardcast_v1_RouteUpdate__Output } from '../../shardcast/v1/RouteUpdate.js';
import type { WatchRoutesRequest as _shardcast_v1_WatchRoutesRequest, WatchRoutesRequest__Output as _shardcast_v1_WatchRoutesRequest__Output } from '../../shardcast/v1/WatchRoutesRequest.js';

export interface SidecarClient extends grpc.Client {
  ReportAccess(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReportAccessSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_AccessBatch>;
  ReportAccess(metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ReportAccessSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_AccessBatch>;
  ReportAccess(options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReportAccessSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_AccessBatch>;
  ReportAccess(callback: grpc.requestCallback<_shardcast_v1_ReportAccessSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_AccessBatch>;
  reportAccess(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReportAccessSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_AccessBatch>;
  reportAccess(metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ReportAccessSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_AccessBatch>;
  reportAccess(options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ReportAccessSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_AccessBatch>;
  reportAccess(callback: grpc.requestCallback<_shardcast_v1_ReportAccessSummary__Output>): grpc.ClientWritableStream<_shardcast_v1_AccessBatch>;
  
  Route(argument: _shardcast_v1_RouteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_RouteResponse__Output>): grpc.ClientUnaryCall;
  Route(argument: _shardcast_v1_RouteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_RouteResponse__Output>): grpc.ClientUnaryCall;
  Route(argument: _shardcast_v1_RouteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_RouteResponse__Output>): grpc.ClientUnaryCall;
  Route(argument: _shardcast_v1_RouteRequest, callback: grpc.requestCallback<_shardcast_v1_RouteResponse__Output>): grpc.ClientUnaryCall;
  route(argument: _shardcast_v1_RouteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_RouteResponse__Output>): grpc.ClientUnaryCall;
  route(argument: _shardcast_v1_RouteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_RouteResponse__Output>): grpc.ClientUnaryCall;
  route(argument: _shardcast_v1_RouteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_RouteResponse__Output>): grpc.ClientUnaryCall;
  route(argument: _shardcast_v1_RouteRequest, callback: grpc.requestCallback<_shardcast_v1_RouteResponse__Output>): grpc.ClientUnaryCall;
  
  WatchRoutes(argument: _shardcast_v1_WatchRoutesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_RouteUpdate__Output>;
  WatchRoutes(argument: _shardcast_v1_WatchRoutesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_RouteUpdate__Output>;
  watchRoutes(argument: _shardcast_v1_WatchRoutesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_RouteUpdate__Output>;
  watchRoutes(argument: _shardcast_v1_WatchRoutesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_RouteUpdate__Output>;
  
}

export interface SidecarHandlers extends grpc.UntypedServiceImplementation {
  ReportAccess: grpc.handleClientStreamingCall<_shardcast_v1_AccessBatch__Output, _shardcast_v1_ReportAccessSummary>;
  
  Route: grpc.handleUnaryCall<_shardcast_v1_RouteRequest__Output, _shardcast_v1_RouteResponse>;
  
  WatchRoutes: grpc.handleServerStreamingCall<_shardcast_v1_WatchRoutesRequest__Output, _shardcast_v1_RouteUpdate>;
  
}

export interface SidecarDefinition extends grpc.ServiceDefinition {
  ReportAccess: MethodDefinition<_shardcast_v1_AccessBatch, _shardcast_v1_ReportAccessSummary, _shardcast_v1_AccessBatch__Output, _shardcast_v1_ReportAccessSummary__Output>
  Route: MethodDefinition<_shardcast_v1_RouteRequest, _shardcast_v1_RouteResponse, _shardcast_v1_RouteRequest__Output, _shardcast_v1_RouteResponse__Output>
  WatchRoutes: MethodDefinition<_shardcast_v1_WatchRoutesRequest, _shardcast_v1_RouteUpdate, _shardcast_v1_WatchRoutesRequest__Output, _shardcast_v1_RouteUpdate__Output>
}
