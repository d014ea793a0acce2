// Original file: proto/shardcast/v1/dataplane.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ApplyAssignmentsRequest as _shardcast_v1_ApplyAssignmentsRequest, ApplyAssignmentsRequest__Output as _shardcast_v1_ApplyAssignmentsRequest__Output } from '../../shardcast/v1/ApplyAssignmentsRequest.js';
import type { ApplyAssignmentsResponse as _shardcast_v1_ApplyAssignmentsResponse, ApplyAssignmentsResponse__Output as _shardcast_v1_ApplyAssignmentsResponse__Output } from '../../shardcast/v1/ApplyAssignmentsResponse.js';
import type { ArmCutoverRequest as _shardcast_v1_ArmCutoverRequest, ArmCutoverRequest__Output as _shardcast_v1_ArmCutoverRequest__Output } from '../../shardcast/v1/ArmCutoverRequest.js';
import type { ArmCutoverResponse as _shardcast_v1_ArmCutoverResponse, ArmCutoverResponse__Output as _shardcast_v1_ArmCutoverResponse__Output } from '../../shardcast/v1/ArmCutoverResponse.js';
import type { ArmIngestRequest as _shardcast_v1_ArmIngestRequest, ArmIngestRequest__Output as _shardcast_v1_ArmIngestRequest__Output } from '../../shardcast/v1/ArmIngestRequest.js';
import type { ArmIngestResponse as _shardcast_v1_ArmIngestResponse, ArmIngestResponse__Output as _shardcast_v1_ArmIngestResponse__Output } from '../../shardcast/v1/ArmIngestResponse.js';
import type { ChecksumRequest as _shardcast_v1_ChecksumRequest, ChecksumRequest__Output as _shardcast_v1_ChecksumRequest__Output } from '../../shardcast/v1/ChecksumRequest.js';
import type { ChecksumResponse as _shardcast_v1_ChecksumResponse, ChecksumResponse__Output as _shardcast_v1_ChecksumResponse__Output } from '../../shardcast/v1/ChecksumResponse.js';
import type { DeleteRequest as _shardcast_v1_DeleteRequest, DeleteRequest__Output as _shardcast_v1_DeleteRequest__Output } from '../../shardcast/v1/DeleteRequest.js';
import type { DeleteResponse as _shardcast_v1_DeleteResponse, DeleteResponse__Output as _shardcast_v1_DeleteResponse__Output } from '../../shardcast/v1/DeleteResponse.js';
import type { DropRequest as _shardcast_v1_DropRequest, DropRequest__Output as _shardcast_v1_DropRequest__Output } from '../../shardcast/v1/DropRequest.js';
import type { DropResponse as _shardcast_v1_DropResponse, DropResponse__Output as _shardcast_v1_DropResponse__Output } from '../../shardcast/v1/DropResponse.js';
import type { ExportChunk as _shardcast_v1_ExportChunk, ExportChunk__Output as _shardcast_v1_ExportChunk__Output } from '../../shardcast/v1/ExportChunk.js';
import type { ExportRequest as _shardcast_v1_ExportRequest, ExportRequest__Output as _shardcast_v1_ExportRequest__Output } from '../../shardcast/v1/ExportRequest.js';
import type { FenceRequest as _shardcast_v1_FenceRequest, FenceRequest__Output as _shardcast_v1_FenceRequest__Output } from '../../shardcast/v1/FenceRequest.js';
import type { FenceResponse as _shardcast_v1_FenceResponse, FenceResponse__Output as _shardcast_v1_FenceResponse__Output } from '../../shardcast/v1/FenceResponse.js';
import type { GetBatchRequest as _shardcast_v1_GetBatchRequest, GetBatchRequest__Output as _shardcast_v1_GetBatchRequest__Output } from '../../shardcast/v1/GetBatchRequest.js';
import type { GetBatchResponse as _shardcast_v1_GetBatchResponse, GetBatchResponse__Output as _shardcast_v1_GetBatchResponse__Output } from '../../shardcast/v1/GetBatchResponse.js';
import type { GetRequest as _shardcast_v1_GetRequest, GetRequest__Output as _shardcast_v1_GetRequest__Output } from '../../shardcast/v1/GetRequest.js';
import type { GetResponse as _shardcast_v1_GetResponse, GetResponse__Output as _shardcast_v1_GetResponse__Output } from '../../shardcast/v1/GetResponse.js';
import type { ImportChunk as _shardcast_v1_ImportChunk, ImportChunk__Output as _shardcast_v1_ImportChunk__Output } from '../../shardcast/v1/ImportChunk.js';
import type { ImportResponse as _shardcast_v1_ImportResponse, ImportResponse__Output as _shardcast_v1_ImportResponse__Output } from '../../shardcast/v1/ImportResponse.js';
import type { IngestAck as _shardcast_v1_IngestAck, IngestAck__Output as _shardcast_v1_IngestAck__Output } from '../../shardcast/v1/IngestAck.js';
import type { IngestMessage as _shardcast_v1_IngestMessage, IngestMessage__Output as _shardcast_v1_IngestMessage__Output } from '../../shardcast/v1/IngestMessage.js';
import type { PushControl as _shardcast_v1_PushControl, PushControl__Output as _shardcast_v1_PushControl__Output } from '../../shardcast/v1/PushControl.js';
import type { PushEvent as _shardcast_v1_PushEvent, PushEvent__Output as _shardcast_v1_PushEvent__Output } from '../../shardcast/v1/PushEvent.js';
import type { PutBatchRequest as _shardcast_v1_PutBatchRequest, PutBatchRequest__Output as _shardcast_v1_PutBatchRequest__Output } from '../../shardcast/v1/PutBatchRequest.js';
import type { PutBatchResponse as _shardcast_v1_PutBatchResponse, PutBatchResponse__Output as _shardcast_v1_PutBatchResponse__Output } from '../../shardcast/v1/PutBatchResponse.js';
import type { PutRequest as _shardcast_v1_PutRequest, PutRequest__Output as _shardcast_v1_PutRequest__Output } from '../../shardcast/v1/PutRequest.js';
import type { PutResponse as _shardcast_v1_PutResponse, PutResponse__Output as _shardcast_v1_PutResponse__Output } from '../../shardcast/v1/PutResponse.js';
import type { ScanRequest as _shardcast_v1_ScanRequest, ScanRequest__Output as _shardcast_v1_ScanRequest__Output } from '../../shardcast/v1/ScanRequest.js';
import type { ScanResponse as _shardcast_v1_ScanResponse, ScanResponse__Output as _shardcast_v1_ScanResponse__Output } from '../../shardcast/v1/ScanResponse.js';
import type { StatsRequest as _shardcast_v1_StatsRequest, StatsRequest__Output as _shardcast_v1_StatsRequest__Output } from '../../shardcast/v1/StatsRequest.js';
import type { StatsResponse as _shardcast_v1_StatsResponse, StatsResponse__Output as _shardcast_v1_StatsResponse__Output } from '../../shardcast/v1/StatsResponse.js';

export interface DataPlaneClient extends grpc.Client {
  ApplyAssignments(argument: _shardcast_v1_ApplyAssignmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ApplyAssignmentsResponse__Output>): grpc.ClientUnaryCall;
  ApplyAssignments(argument: _shardcast_v1_ApplyAssignmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ApplyAssignmentsResponse__Output>): grpc.ClientUnaryCall;
  ApplyAssignments(argument: _shardcast_v1_ApplyAssignmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ApplyAssignmentsResponse__Output>): grpc.ClientUnaryCall;
  ApplyAssignments(argument: _shardcast_v1_ApplyAssignmentsRequest, callback: grpc.requestCallback<_shardcast_v1_ApplyAssignmentsResponse__Output>): grpc.ClientUnaryCall;
  applyAssignments(argument: _shardcast_v1_ApplyAssignmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ApplyAssignmentsResponse__Output>): grpc.ClientUnaryCall;
  applyAssignments(argument: _shardcast_v1_ApplyAssignmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ApplyAssignmentsResponse__Output>): grpc.ClientUnaryCall;
  applyAssignments(argument: _shardcast_v1_ApplyAssignmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ApplyAssignmentsResponse__Output>): grpc.ClientUnaryCall;
  applyAssignments(argument: _shardcast_v1_ApplyAssignmentsRequest, callback: grpc.requestCallback<_shardcast_v1_ApplyAssignmentsResponse__Output>): grpc.ClientUnaryCall;
  
  ArmCutover(argument: _shardcast_v1_ArmCutoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ArmCutoverResponse__Output>): grpc.ClientUnaryCall;
  ArmCutover(argument: _shardcast_v1_ArmCutoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ArmCutoverResponse__Output>): grpc.ClientUnaryCall;
  ArmCutover(argument: _shardcast_v1_ArmCutoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ArmCutoverResponse__Output>): grpc.ClientUnaryCall;
  ArmCutover(argument: _shardcast_v1_ArmCutoverRequest, callback: grpc.requestCallback<_shardcast_v1_ArmCutoverResponse__Output>): grpc.ClientUnaryCall;
  armCutover(argument: _shardcast_v1_ArmCutoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ArmCutoverResponse__Output>): grpc.ClientUnaryCall;
  armCutover(argument: _shardcast_v1_ArmCutoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ArmCutoverResponse__Output>): grpc.ClientUnaryCall;
  armCutover(argument: _shardcast_v1_ArmCutoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ArmCutoverResponse__Output>): grpc.ClientUnaryCall;
  armCutover(argument: _shardcast_v1_ArmCutoverRequest, callback: grpc.requestCallback<_shardcast_v1_ArmCutoverResponse__Output>): grpc.ClientUnaryCall;
  
  ArmIngest(argument: _shardcast_v1_ArmIngestRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ArmIngestResponse__Output>): grpc.ClientUnaryCall;
  ArmIngest(argument: _shardcast_v1_ArmIngestRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ArmIngestResponse__Output>): grpc.ClientUnaryCall;
  ArmIngest(argument: _shardcast_v1_ArmIngestRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ArmIngestResponse__Output>): grpc.ClientUnaryCall;
  ArmIngest(argument: _shardcast_v1_ArmIngestRequest, callback: grpc.requestCallback<_shardcast_v1_ArmIngestResponse__Output>): grpc.ClientUnaryCall;
  armIngest(argument: _shardcast_v1_ArmIngestRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ArmIngestResponse__Output>): grpc.ClientUnaryCall;
  armIngest(argument: _shardcast_v1_ArmIngestRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ArmIngestResponse__Output>): grpc.ClientUnaryCall;
  armIngest(argument: _shardcast_v1_ArmIngestRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ArmIngestResponse__Output>): grpc.ClientUnaryCall;
  armIngest(argument: _shardcast_v1_ArmIngestRequest, callback: grpc.requestCallback<_shardcast_v1_ArmIngestResponse__Output>): grpc.ClientUnaryCall;
  
  Checksum(argument: _shardcast_v1_ChecksumRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  Checksum(argument: _shardcast_v1_ChecksumRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  Checksum(argument: _shardcast_v1_ChecksumRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  Checksum(argument: _shardcast_v1_ChecksumRequest, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  checksum(argument: _shardcast_v1_ChecksumRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  checksum(argument: _shardcast_v1_ChecksumRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  checksum(argument: _shardcast_v1_ChecksumRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  checksum(argument: _shardcast_v1_ChecksumRequest, callback: grpc.requestCallback<_shardcast_v1_ChecksumResponse__Output>): grpc.ClientUnaryCall;
  
  Delete(argument: _shardcast_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _shardcast_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _shardcast_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _shardcast_v1_DeleteRequest, callback: grpc.requestCallback<_shardcast_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _shardcast_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _shardcast_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _shardcast_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _shardcast_v1_DeleteRequest, callback: grpc.requestCallback<_shardcast_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  
  Drop(argument: _shardcast_v1_DropRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_DropResponse__Output>): grpc.ClientUnaryCall;
  Drop(argument: _shardcast_v1_DropRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_DropResponse__Output>): grpc.ClientUnaryCall;
  Drop(argument: _shardcast_v1_DropRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_DropResponse__Output>): grpc.ClientUnaryCall;
  Drop(argument: _shardcast_v1_DropRequest, callback: grpc.requestCallback<_shardcast_v1_DropResponse__Output>): grpc.ClientUnaryCall;
  drop(argument: _shardcast_v1_DropRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_DropResponse__Output>): grpc.ClientUnaryCall;
  drop(argument: _shardcast_v1_DropRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_DropResponse__Output>): grpc.ClientUnaryCall;
  drop(argument: _shardcast_v1_DropRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_DropResponse__Output>): grpc.ClientUnaryCall;
  drop(argument: _shardcast_v1_DropRequest, callback: grpc.requestCallback<_shardcast_v1_DropResponse__Output>): grpc.ClientUnaryCall;
  
  Export(argument: _shardcast_v1_ExportRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_ExportChunk__Output>;
  Export(argument: _shardcast_v1_ExportRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_ExportChunk__Output>;
  export(argument: _shardcast_v1_ExportRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_ExportChunk__Output>;
  export(argument: _shardcast_v1_ExportRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_shardcast_v1_ExportChunk__Output>;
  
  Fence(argument: _shardcast_v1_FenceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_FenceResponse__Output>): grpc.ClientUnaryCall;
  Fence(argument: _shardcast_v1_FenceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_FenceResponse__Output>): grpc.ClientUnaryCall;
  Fence(argument: _shardcast_v1_FenceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_FenceResponse__Output>): grpc.ClientUnaryCall;
  Fence(argument: _shardcast_v1_FenceRequest, callback: grpc.requestCallback<_shardcast_v1_FenceResponse__Output>): grpc.ClientUnaryCall;
  fence(argument: _shardcast_v1_FenceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_FenceResponse__Output>): grpc.ClientUnaryCall;
  fence(argument: _shardcast_v1_FenceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_FenceResponse__Output>): grpc.ClientUnaryCall;
  fence(argument: _shardcast_v1_FenceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_FenceResponse__Output>): grpc.ClientUnaryCall;
  fence(argument: _shardcast_v1_FenceRequest, callback: grpc.requestCallback<_shardcast_v1_FenceResponse__Output>): grpc.ClientUnaryCall;
  
  Get(argument: _shardcast_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _shardcast_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _shardcast_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _shardcast_v1_GetRequest, callback: grpc.requestCallback<_shardcast_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _shardcast_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _shardcast_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _shardcast_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _shardcast_v1_GetRequest, callback: grpc.requestCallback<_shardcast_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  
  GetBatch(argument: _shardcast_v1_GetBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  GetBatch(argument: _shardcast_v1_GetBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  GetBatch(argument: _shardcast_v1_GetBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  GetBatch(argument: _shardcast_v1_GetBatchRequest, callback: grpc.requestCallback<_shardcast_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  getBatch(argument: _shardcast_v1_GetBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  getBatch(argument: _shardcast_v1_GetBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  getBatch(argument: _shardcast_v1_GetBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  getBatch(argument: _shardcast_v1_GetBatchRequest, callback: grpc.requestCallback<_shardcast_v1_GetBatchResponse__Output>): grpc.ClientUnaryCall;
  
  Import(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ImportResponse__Output>): grpc.ClientWritableStream<_shardcast_v1_ImportChunk>;
  Import(metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ImportResponse__Output>): grpc.ClientWritableStream<_shardcast_v1_ImportChunk>;
  Import(options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ImportResponse__Output>): grpc.ClientWritableStream<_shardcast_v1_ImportChunk>;
  Import(callback: grpc.requestCallback<_shardcast_v1_ImportResponse__Output>): grpc.ClientWritableStream<_shardcast_v1_ImportChunk>;
  import(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ImportResponse__Output>): grpc.ClientWritableStream<_shardcast_v1_ImportChunk>;
  import(metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ImportResponse__Output>): grpc.ClientWritableStream<_shardcast_v1_ImportChunk>;
  import(options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ImportResponse__Output>): grpc.ClientWritableStream<_shardcast_v1_ImportChunk>;
  import(callback: grpc.requestCallback<_shardcast_v1_ImportResponse__Output>): grpc.ClientWritableStream<_shardcast_v1_ImportChunk>;
  
  Ingest(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_IngestMessage, _shardcast_v1_IngestAck__Output>;
  Ingest(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_IngestMessage, _shardcast_v1_IngestAck__Output>;
  ingest(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_IngestMessage, _shardcast_v1_IngestAck__Output>;
  ingest(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_IngestMessage, _shardcast_v1_IngestAck__Output>;
  
  Push(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_PushControl, _shardcast_v1_PushEvent__Output>;
  Push(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_PushControl, _shardcast_v1_PushEvent__Output>;
  push(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_PushControl, _shardcast_v1_PushEvent__Output>;
  push(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shardcast_v1_PushControl, _shardcast_v1_PushEvent__Output>;
  
  Put(argument: _shardcast_v1_PutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _shardcast_v1_PutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _shardcast_v1_PutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _shardcast_v1_PutRequest, callback: grpc.requestCallback<_shardcast_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _shardcast_v1_PutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _shardcast_v1_PutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _shardcast_v1_PutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _shardcast_v1_PutRequest, callback: grpc.requestCallback<_shardcast_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  
  PutBatch(argument: _shardcast_v1_PutBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PutBatchResponse__Output>): grpc.ClientUnaryCall;
  PutBatch(argument: _shardcast_v1_PutBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_PutBatchResponse__Output>): grpc.ClientUnaryCall;
  PutBatch(argument: _shardcast_v1_PutBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PutBatchResponse__Output>): grpc.ClientUnaryCall;
  PutBatch(argument: _shardcast_v1_PutBatchRequest, callback: grpc.requestCallback<_shardcast_v1_PutBatchResponse__Output>): grpc.ClientUnaryCall;
  putBatch(argument: _shardcast_v1_PutBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PutBatchResponse__Output>): grpc.ClientUnaryCall;
  putBatch(argument: _shardcast_v1_PutBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_PutBatchResponse__Output>): grpc.ClientUnaryCall;
  putBatch(argument: _shardcast_v1_PutBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_PutBatchResponse__Output>): grpc.ClientUnaryCall;
  putBatch(argument: _shardcast_v1_PutBatchRequest, callback: grpc.requestCallback<_shardcast_v1_PutBatchResponse__Output>): grpc.ClientUnaryCall;
  
  Scan(argument: _shardcast_v1_ScanRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ScanResponse__Output>): grpc.ClientUnaryCall;
  Scan(argument: _shardcast_v1_ScanRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ScanResponse__Output>): grpc.ClientUnaryCall;
  Scan(argument: _shardcast_v1_ScanRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ScanResponse__Output>): grpc.ClientUnaryCall;
  Scan(argument: _shardcast_v1_ScanRequest, callback: grpc.requestCallback<_shardcast_v1_ScanResponse__Output>): grpc.ClientUnaryCall;
  scan(argument: _shardcast_v1_ScanRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ScanResponse__Output>): grpc.ClientUnaryCall;
  scan(argument: _shardcast_v1_ScanRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_ScanResponse__Output>): grpc.ClientUnaryCall;
  scan(argument: _shardcast_v1_ScanRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_ScanResponse__Output>): grpc.ClientUnaryCall;
  scan(argument: _shardcast_v1_ScanRequest, callback: grpc.requestCallback<_shardcast_v1_ScanResponse__Output>): grpc.ClientUnaryCall;
  
  Stats(argument: _shardcast_v1_StatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  Stats(argument: _shardcast_v1_StatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  Stats(argument: _shardcast_v1_StatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  Stats(argument: _shardcast_v1_StatsRequest, callback: grpc.requestCallback<_shardcast_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  stats(argument: _shardcast_v1_StatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  stats(argument: _shardcast_v1_StatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shardcast_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  stats(argument: _shardcast_v1_StatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shardcast_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  stats(argument: _shardcast_v1_StatsRequest, callback: grpc.requestCallback<_shardcast_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface DataPlaneHandlers extends grpc.UntypedServiceImplementation {
  ApplyAssignments: grpc.handleUnaryCall<_shardcast_v1_ApplyAssignmentsRequest__Output, _shardcast_v1_ApplyAssignmentsResponse>;
  
  ArmCutover: grpc.handleUnaryCall<_shardcast_v1_ArmCutoverRequest__Output, _shardcast_v1_ArmCutoverResponse>;
  
  ArmIngest: grpc.handleUnaryCall<_shardcast_v1_ArmIngestRequest__Output, _shardcast_v1_ArmIngestResponse>;
  
  Checksum: grpc.handleUnaryCall<_shardcast_v1_ChecksumRequest__Output, _shardcast_v1_ChecksumResponse>;
  
  Delete: grpc.handleUnaryCall<_shardcast_v1_DeleteRequest__Output, _shardcast_v1_DeleteResponse>;
  
  Drop: grpc.handleUnaryCall<_shardcast_v1_DropRequest__Output, _shardcast_v1_DropResponse>;
  
  Export: grpc.handleServerStreamingCall<_shardcast_v1_ExportRequest__Output, _shardcast_v1_ExportChunk>;
  
  Fence: grpc.handleUnaryCall<_shardcast_v1_FenceRequest__Output, _shardcast_v1_FenceResponse>;
  
  Get: grpc.handleUnaryCall<_shardcast_v1_GetRequest__Output, _shardcast_v1_GetResponse>;
  
  GetBatch: grpc.handleUnaryCall<_shardcast_v1_GetBatchRequest__Output, _shardcast_v1_GetBatchResponse>;
  
  Import: grpc.handleClientStreamingCall<_shardcast_v1_ImportChunk__Output, _shardcast_v1_ImportResponse>;
  
  Ingest: grpc.handleBidiStreamingCall<_shardcast_v1_IngestMessage__Output, _shardcast_v1_IngestAck>;
  
  Push: grpc.handleBidiStreamingCall<_shardcast_v1_PushControl__Output, _shardcast_v1_PushEvent>;
  
  Put: grpc.handleUnaryCall<_shardcast_v1_PutRequest__Output, _shardcast_v1_PutResponse>;
  
  PutBatch: grpc.handleUnaryCall<_shardcast_v1_PutBatchRequest__Output, _shardcast_v1_PutBatchResponse>;
  
  Scan: grpc.handleUnaryCall<_shardcast_v1_ScanRequest__Output, _shardcast_v1_ScanResponse>;
  
  Stats: grpc.handleUnaryCall<_shardcast_v1_StatsRequest__Output, _shardcast_v1_StatsResponse>;
  
}

export interface DataPlaneDefinition extends grpc.ServiceDefinition {
  ApplyAssignments: MethodDefinition<_shardcast_v1_ApplyAssignmentsRequest, _shardcast_v1_ApplyAssignmentsResponse, _shardcast_v1_ApplyAssignmentsRequest__Output, _shardcast_v1_ApplyAssignmentsResponse__Output>
  ArmCutover: MethodDefinition<_shardcast_v1_ArmCutoverRequest, _shardcast_v1_ArmCutoverResponse, _shardcast_v1_ArmCutoverRequest__Output, _shardcast_v1_ArmCutoverResponse__Output>
  ArmIngest: MethodDefinition<_shardcast_v1_ArmIngestRequest, _shardcast_v1_ArmIngestResponse, _shardcast_v1_ArmIngestRequest__Output, _shardcast_v1_ArmIngestResponse__Output>
  Checksum: MethodDefinition<_shardcast_v1_ChecksumRequest, _shardcast_v1_ChecksumResponse, _shardcast_v1_ChecksumRequest__Output, _shardcast_v1_ChecksumResponse__Output>
  Delete: MethodDefinition<_shardcast_v1_DeleteRequest, _shardcast_v1_DeleteResponse, _shardcast_v1_DeleteRequest__Output, _shardcast_v1_DeleteResponse__Output>
  Drop: MethodDefinition<_shardcast_v1_DropRequest, _shardcast_v1_DropResponse, _shardcast_v1_DropRequest__Output, _shardcast_v1_DropResponse__Output>
  Export: MethodDefinition<_shardcast_v1_ExportRequest, _shardcast_v1_ExportChunk, _shardcast_v1_ExportRequest__Output, _shardcast_v1_ExportChunk__Output>
  Fence: MethodDefinition<_shardcast_v1_FenceRequest, _shardcast_v1_FenceResponse, _shardcast_v1_FenceRequest__Output, _shardcast_v1_FenceResponse__Output>
  Get: MethodDefinition<_shardcast_v1_GetRequest, _shardcast_v1_GetResponse, _shardcast_v1_GetRequest__Output, _shardcast_v1_GetResponse__Output>
  GetBatch: MethodDefinition<_shardcast_v1_GetBatchRequest, _shardcast_v1_GetBatchResponse, _shardcast_v1_GetBatchRequest__Output, _shardcast_v1_GetBatchResponse__Output>
  Import: MethodDefinition<_shardcast_v1_ImportChunk, _shardcast_v1_ImportResponse, _shardcast_v1_ImportChunk__Output, _shardcast_v1_ImportResponse__Output>
  Ingest: MethodDefinition<_shardcast_v1_IngestMessage, _shardcast_v1_IngestAck, _shardcast_v1_IngestMessage__Output, _shardcast_v1_IngestAck__Output>
  Push: MethodDefinition<_shardcast_v1_PushControl, _shardcast_v1_PushEvent, _shardcast_v1_PushControl__Output, _shardcast_v1_PushEvent__Output>
  Put: MethodDefinition<_shardcast_v1_PutRequest, _shardcast_v1_PutResponse, _shardcast_v1_PutRequest__Output, _shardcast_v1_PutResponse__Output>
  PutBatch: MethodDefinition<_shardcast_v1_PutBatchRequest, _shardcast_v1_PutBatchResponse, _shardcast_v1_PutBatchRequest__Output, _shardcast_v1_PutBatchResponse__Output>
  Scan: MethodDefinition<_shardcast_v1_ScanRequest, _shardcast_v1_ScanResponse, _shardcast_v1_ScanRequest__Output, _shardcast_v1_ScanResponse__Output>
  Stats: MethodDefinition<_shardcast_v1_StatsRequest, _shardcast_v1_StatsResponse, _shardcast_v1_StatsRequest__Output, _shardcast_v1_StatsResponse__Output>
}
