// Original file: proto/shardcast/v1/migration.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AbortMigrationRequest as _shardcast_v1_AbortMigrationRequest, AbortMigrationRequest__Output as _shardcast_v1_AbortMigrationRequest__Output } from '../../shardcast/v1/AbortMigrationRequest.js';
import type { AbortMigrationResponse as _shardcast_v1_AbortMigrationResponse, AbortMigrationResponse__Output as _shardcast_v1_AbortMigrationResponse__Output } from '../../shardcast/v1/AbortMigrationResponse.js';
import type { ArmTargetRequest as _shardcast_v1_ArmTargetRequest, ArmTargetRequest__Output as _shardcast_v1_ArmTargetRequest__Output } from '../../shardcast/v1/ArmTargetRequest.js';
import type { ArmTargetResponse as _shardcast_v1_ArmTargetResponse, ArmTargetResponse__Output as _shardcast_v1_ArmTargetResponse__Output } from '../../shardcast/v1/ArmTargetResponse.js';
import type { ChecksumRequest as _shardcast_v1_ChecksumRequest, ChecksumRequest__Output as _shardcast_v1_ChecksumRequest__Output } from '../../shardcast/v1/ChecksumRequest.js';
import type { ChecksumResponse as _shardcast_v1_ChecksumResponse, ChecksumResponse__Output as _shardcast_v1_ChecksumResponse__Output } from '../../shardcast/v1/ChecksumResponse.js';
import type { CleanupRequest as _shardcast_v1_CleanupRequest, CleanupRequest__Output as _shardcast_v1_CleanupRequest__Output } from '../../shardcast/v1/CleanupRequest.js';
import type { CleanupResponse as _shardcast_v1_CleanupResponse, CleanupResponse__Output as _shardcast_v1_CleanupResponse__Output } from '../../shardcast/v1/CleanupResponse.js';
import type { CopyStatusRequest as _shardcast_v1_CopyStatusRequest, CopyStatusRequest__Output as _shardcast_v1_CopyStatusRequest__Output } from '../../shardcast/v1/CopyStatusRequest.js';
import type { CopyStatusResponse as _shardcast_v1_CopyStatusResponse, CopyStatusResponse__Output as _shardcast_v1_CopyStatusResponse__Output } from '../../shardcast/v1/CopyStatusResponse.js';
import type { CutoverRequest as _shardcast_v1_CutoverRequest, CutoverRequest__Output as _shardcast_v1_CutoverRequest__Output } from '../../shardcast/v1/CutoverRequest.js';
import type { CutoverResponse as _shardcast_v1_CutoverResponse, CutoverResponse__Output as _shardcast_v1_CutoverResponse__Output } from '../../shardcast/v1/CutoverResponse.js';
import type { ServingStatusRequest as _shardcast_v1_ServingStatusRequest, ServingStatusRequest__Output as _shardcast_v1_ServingStatusRequest__Output } from '../../shardcast/v1/ServingStatusRequest.js';
import type { ServingStatusResponse as _shardcast_v1_ServingStatusResponse, ServingStatusResponse__Output as _shardcast_v1_ServingStatusResponse__Output } from '../../shardcast/v1/ServingStatusResponse.js';
import type { StartCopyRequest as _shardcast_v1_StartCopyRequest, StartCopyRequest__Output as _shardcast_v1_StartCopyRequest__Output } from '../../shardcast/v1/StartCopyRequest.js';
import type { TransferAck as _shardcast_v1_TransferAck, TransferAck__Output as _shardcast_v1_TransferAck__Output } from '../../shardcast/v1/TransferAck.js';
import type { TransferMessage as _shardcast_v1_TransferMessage, TransferMessage__Output as _shardcast_v1_TransferMessage__Output } from '../../shardcast/v1/TransferMessage.js';

export interface MigrationAgentClient extends grpc.Client {
  Abort(argument: _shardcast_v1_AbortMigrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_AbortMigrationResponse__Output>): grpc.ClientUnaryCall;
  Abort(argument: _shardcast_v1_AbortMigrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_AbortMigrationResponse__Output>): grpc.ClientUnaryCall;
  Abort(argument: _shardcast_v1_AbortMigrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_AbortMigrationResponse__Output>): grpc.ClientUnaryCall;
  Abort(argument: _shardcast_v1_AbortMigrationRequest, callback: grpc.requestCallback<_shardcast_v1_AbortMigrationResponse__Output>): grpc.ClientUnaryCall;
  abort(argument: _shardcast_v1_AbortMigrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_AbortMigrationResponse__Output>): grpc.ClientUnaryCall;
  abort(argument: _shardcast_v1_AbortMigrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_AbortMigrationResponse__Output>): grpc.ClientUnaryCall;
  abort(argument: _shardcast_v1_AbortMigrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_AbortMigrationResponse__Output>): grpc.ClientUnaryCall;
  abort(argument: _shardcast_v1_AbortMigrationRequest, callback: grpc.requestCallback<_shardcast_v1_AbortMigrationResponse__Output>): grpc.ClientUnaryCall;
  
  ArmTarget(argument: _shardcast_v1_ArmTargetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ArmTargetResponse__Output>): grpc.ClientUnaryCall;
  ArmTarget(argument: _shardcast_v1_ArmTargetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ArmTargetResponse__Output>): grpc.ClientUnaryCall;
  ArmTarget(argument: _shardcast_v1_ArmTargetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ArmTargetResponse__Output>): grpc.ClientUnaryCall;
  ArmTarget(argument: _shardcast_v1_ArmTargetRequest, callback: grpc.requestCallback<_shardcast_v1_ArmTargetResponse__Output>): grpc.ClientUnaryCall;
  armTarget(argument: _shardcast_v1_ArmTargetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ArmTargetResponse__Output>): grpc.ClientUnaryCall;
  armTarget(argument: _shardcast_v1_ArmTargetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ArmTargetResponse__Output>): grpc.ClientUnaryCall;
  armTarget(argument: _shardcast_v1_ArmTargetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ArmTargetResponse__Output>): grpc.ClientUnaryCall;
  armTarget(argument: _shardcast_v1_ArmTargetRequest, callback: grpc.requestCallback<_shardcast_v1_ArmTargetResponse__Output>): grpc.ClientUnaryCall;
  
  Cleanup(argument: _shardcast_v1_CleanupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  Cleanup(argument: _shardcast_v1_CleanupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  Cleanup(argument: _shardcast_v1_CleanupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  Cleanup(argument: _shardcast_v1_CleanupRequest, callback: grpc.requestCallback<_shardcast_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  cleanup(argument: _shardcast_v1_CleanupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  cleanup(argument: _shardcast_v1_CleanupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  cleanup(argument: _shardcast_v1_CleanupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  cleanup(argument: _shardcast_v1_CleanupRequest, callback: grpc.requestCallback<_shardcast_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  
  CopyStatus(argument: _shardcast_v1_CopyStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  CopyStatus(argument: _shardcast_v1_CopyStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  CopyStatus(argument: _shardcast_v1_CopyStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  CopyStatus(argument: _shardcast_v1_CopyStatusRequest, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  copyStatus(argument: _shardcast_v1_CopyStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  copyStatus(argument: _shardcast_v1_CopyStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  copyStatus(argument: _shardcast_v1_CopyStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  copyStatus(argument: _shardcast_v1_CopyStatusRequest, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  
  Cutover(argument: _shardcast_v1_CutoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CutoverResponse__Output>): grpc.ClientUnaryCall;
  Cutover(argument: _shardcast_v1_CutoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_CutoverResponse__Output>): grpc.ClientUnaryCall;
  Cutover(argument: _shardcast_v1_CutoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CutoverResponse__Output>): grpc.ClientUnaryCall;
  Cutover(argument: _shardcast_v1_CutoverRequest, callback: grpc.requestCallback<_shardcast_v1_CutoverResponse__Output>): grpc.ClientUnaryCall;
  cutover(argument: _shardcast_v1_CutoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CutoverResponse__Output>): grpc.ClientUnaryCall;
  cutover(argument: _shardcast_v1_CutoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_CutoverResponse__Output>): grpc.ClientUnaryCall;
  cutover(argument: _shardcast_v1_CutoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CutoverResponse__Output>): grpc.ClientUnaryCall;
  cutover(argument: _shardcast_v1_CutoverRequest, callback: grpc.requestCallback<_shardcast_v1_CutoverResponse__Output>): grpc.ClientUnaryCall;
  
  RangeChecksum(argument: _shardcast_v1_ChecksumRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  RangeChecksum(argument: _shardcast_v1_ChecksumRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  RangeChecksum(argument: _shardcast_v1_ChecksumRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  RangeChecksum(argument: _shardcast_v1_ChecksumRequest, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  rangeChecksum(argument: _shardcast_v1_ChecksumRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  rangeChecksum(argument: _shardcast_v1_ChecksumRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  rangeChecksum(argument: _shardcast_v1_ChecksumRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  rangeChecksum(argument: _shardcast_v1_ChecksumRequest, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  
  ServingStatus(argument: _shardcast_v1_ServingStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ServingStatusResponse__Output>): grpc.ClientUnaryCall;
  ServingStatus(argument: _shardcast_v1_ServingStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ServingStatusResponse__Output>): grpc.ClientUnaryCall;
  ServingStatus(argument: _shardcast_v1_ServingStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ServingStatusResponse__Output>): grpc.ClientUnaryCall;
  ServingStatus(argument: _shardcast_v1_ServingStatusRequest, callback: grpc.requestCallback<_shardcast_v1_ServingStatusResponse__Output>): grpc.ClientUnaryCall;
  servingStatus(argument: _shardcast_v1_ServingStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ServingStatusResponse__Output>): grpc.ClientUnaryCall;
  servingStatus(argument: _shardcast_v1_ServingStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ServingStatusResponse__Output>): grpc.ClientUnaryCall;
  servingStatus(argument: _shardcast_v1_ServingStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ServingStatusResponse__Output>): grpc.ClientUnaryCall;
  servingStatus(argument: _shardcast_v1_ServingStatusRequest, callback: grpc.requestCallback<_shardcast_v1_ServingStatusResponse__Output>): grpc.ClientUnaryCall;
  
  StartCopy(argument: _shardcast_v1_StartCopyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  StartCopy(argument: _shardcast_v1_StartCopyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  StartCopy(argument: _shardcast_v1_StartCopyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  StartCopy(argument: _shardcast_v1_StartCopyRequest, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  startCopy(argument: _shardcast_v1_StartCopyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  startCopy(argument: _shardcast_v1_StartCopyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  startCopy(argument: _shardcast_v1_StartCopyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  startCopy(argument: _shardcast_v1_StartCopyRequest, callback: grpc.requestCallback<_shardcast_v1_CopyStatusResponse__Output>): grpc.ClientUnaryCall;
  
  Transfer(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_TransferMessage, _shardcast_v1_TransferAck__Output>;
  Transfer(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_TransferMessage, _shardcast_v1_TransferAck__Output>;
  transfer(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_TransferMessage, _shardcast_v1_TransferAck__Output>;
  transfer(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_TransferMessage, _shardcast_v1_TransferAck__Output>;
  
}

export interface MigrationAgentHandlers extends grpc.UntypedServiceImplementation {
  Abort: grpc.handleUnaryCall<_shardcast_v1_AbortMigrationRequest__Output, _shardcast_v1_AbortMigrationResponse>;
  
  ArmTarget: grpc.handleUnaryCall<_shardcast_v1_ArmTargetRequest__Output, _shardcast_v1_ArmTargetResponse>;
  
  Cleanup: grpc.handleUnaryCall<_shardcast_v1_CleanupRequest__Output, _shardcast_v1_CleanupResponse>;
  
  CopyStatus: grpc.handleUnaryCall<_shardcast_v1_CopyStatusRequest__Output, _shardcast_v1_CopyStatusResponse>;
  
  Cutover: grpc.handleUnaryCall<_shardcast_v1_CutoverRequest__Output, _shardcast_v1_CutoverResponse>;
  
  RangeChecksum: grpc.handleUnaryCall<_shardcast_v1_ChecksumRequest__Output, _shardcast_v1_ChecksumResponse>;
  
  ServingStatus: grpc.handleUnaryCall<_shardcast_v1_ServingStatusRequest__Output, _shardcast_v1_ServingStatusResponse>;
  
  StartCopy: grpc.handleUnaryCall<_shardcast_v1_StartCopyRequest__Output, _shardcast_v1_CopyStatusResponse>;
  
  Transfer: grpc.handleBidiStreamingCall<_shardcast_v1_TransferMessage__Output, _shardcast_v1_TransferAck>;
  
}

export interface MigrationAgentDefinition extends grpc.ServiceDefinition {
  Abort: MethodDefinition<_shardcast_v1_AbortMigrationRequest, _shardcast_v1_AbortMigrationResponse, _shardcast_v1_AbortMigrationRequest__Output, _shardcast_v1_AbortMigrationResponse__Output>
  ArmTarget: MethodDefinition<_shardcast_v1_ArmTargetRequest, _shardcast_v1_ArmTargetResponse, _shardcast_v1_ArmTargetRequest__Output, _shardcast_v1_ArmTargetResponse__Output>
  Cleanup: MethodDefinition<_shardcast_v1_CleanupRequest, _shardcast_v1_CleanupResponse, _shardcast_v1_CleanupRequest__Output, _shardcast_v1_CleanupResponse__Output>
  CopyStatus: MethodDefinition<_shardcast_v1_CopyStatusRequest, _shardcast_v1_CopyStatusResponse, _shardcast_v1_CopyStatusRequest__Output, _shardcast_v1_CopyStatusResponse__Output>
  Cutover: MethodDefinition<_shardcast_v1_CutoverRequest, _shardcast_v1_CutoverResponse, _shardcast_v1_CutoverRequest__Output, _shardcast_v1_CutoverResponse__Output>
  RangeChecksum: MethodDefinition<_shardcast_v1_ChecksumRequest, _shardcast_v1_ChecksumResponse, _shardcast_v1_ChecksumRequest__Output, _shardcast_v1_ChecksumResponse__Output>
  ServingStatus: MethodDefinition<_shardcast_v1_ServingStatusRequest, _shardcast_v1_ServingStatusResponse, _shardcast_v1_ServingStatusRequest__Output, _shardcast_v1_ServingStatusResponse__Output>
  StartCopy: MethodDefinition<_shardcast_v1_StartCopyRequest, _shardcast_v1_CopyStatusResponse, _shardcast_v1_StartCopyRequest__Output, _shardcast_v1_CopyStatusResponse__Output>
  Transfer: MethodDefinition<_shardcast_v1_TransferMessage, _shardcast_v1_TransferAck, _shardcast_v1_TransferMessage__Output, _shardcast_v1_TransferAck__Output>
}
