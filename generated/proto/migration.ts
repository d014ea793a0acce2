import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AbortMigrationRequest as _shardcast_v1_AbortMigrationRequest, AbortMigrationRequest__Output as _shardcast_v1_AbortMigrationRequest__Output } from './shardcast/v1/AbortMigrationRequest.js';
import type { AbortMigrationResponse as _shardcast_v1_AbortMigrationResponse, AbortMigrationResponse__Output as _shardcast_v1_AbortMigrationResponse__Output } from './shardcast/v1/AbortMigrationResponse.js';
import type { ApplyAssignmentsRequest as _shardcast_v1_ApplyAssignmentsRequest, ApplyAssignmentsRequest__Output as _shardcast_v1_ApplyAssignmentsRequest__Output } from './shardcast/v1/ApplyAssignmentsRequest.js';
import type { ApplyAssignmentsResponse as _shardcast_v1_ApplyAssignmentsResponse, ApplyAssignmentsResponse__Output as _shardcast_v1_ApplyAssignmentsResponse__Output } from './shardcast/v1/ApplyAssignmentsResponse.js';
import type { ArmCutoverRequest as _shardcast_v1_ArmCutoverRequest, ArmCutoverRequest__Output as _shardcast_v1_ArmCutoverRequest__Output } from './shardcast/v1/ArmCutoverRequest.js';
import type { ArmCutoverResponse as _shardcast_v1_ArmCutoverResponse, ArmCutoverResponse__Output as _shardcast_v1_ArmCutoverResponse__Output } from './shardcast/v1/ArmCutoverResponse.js';
import type { ArmIngestRequest as _shardcast_v1_ArmIngestRequest, ArmIngestRequest__Output as _shardcast_v1_ArmIngestRequest__Output } from './shardcast/v1/ArmIngestRequest.js';
import type { ArmIngestResponse as _shardcast_v1_ArmIngestResponse, ArmIngestResponse__Output as _shardcast_v1_ArmIngestResponse__Output } from './shardcast/v1/ArmIngestResponse.js';
import type { ArmTargetRequest as _shardcast_v1_ArmTargetRequest, ArmTargetRequest__Output as _shardcast_v1_ArmTargetRequest__Output } from './shardcast/v1/ArmTargetRequest.js';
import type { ArmTargetResponse as _shardcast_v1_ArmTargetResponse, ArmTargetResponse__Output as _shardcast_v1_ArmTargetResponse__Output } from './shardcast/v1/ArmTargetResponse.js';
import type { ChecksumRequest as _shardcast_v1_ChecksumRequest, ChecksumRequest__Output as _shardcast_v1_ChecksumRequest__Output } from './shardcast/v1/ChecksumRequest.js';
import type { ChecksumResponse as _shardcast_v1_ChecksumResponse, ChecksumResponse__Output as _shardcast_v1_ChecksumResponse__Output } from './shardcast/v1/ChecksumResponse.js';
import type { CleanupRequest as _shardcast_v1_CleanupRequest, CleanupRequest__Output as _shardcast_v1_CleanupRequest__Output } from './shardcast/v1/CleanupRequest.js';
import type { CleanupResponse as _shardcast_v1_CleanupResponse, CleanupResponse__Output as _shardcast_v1_CleanupResponse__Output } from './shardcast/v1/CleanupResponse.js';
import type { CopyStatusRequest as _shardcast_v1_CopyStatusRequest, CopyStatusRequest__Output as _shardcast_v1_CopyStatusRequest__Output } from './shardcast/v1/CopyStatusRequest.js';
import type { CopyStatusResponse as _shardcast_v1_CopyStatusResponse, CopyStatusResponse__Output as _shardcast_v1_CopyStatusResponse__Output } from './shardcast/v1/CopyStatusResponse.js';
import type { CutoverRequest as _shardcast_v1_CutoverRequest, CutoverRequest__Output as _shardcast_v1_CutoverRequest__Output } from './shardcast/v1/CutoverRequest.js';
import type { CutoverResponse as _shardcast_v1_CutoverResponse, CutoverResponse__Output as _shardcast_v1_CutoverResponse__Output } from './shardcast/v1/CutoverResponse.js';
import type { DataPlaneClient as _shardcast_v1_DataPlaneClient, DataPlaneDefinition as _shardcast_v1_DataPlaneDefinition } from './shardcast/v1/DataPlane.js';
import type { DeleteRequest as _shardcast_v1_DeleteRequest, DeleteRequest__Output as _shardcast_v1_DeleteRequest__Output } from './shardcast/v1/DeleteRequest.js';
import type { DeleteResponse as _shardcast_v1_DeleteResponse, DeleteResponse__Output as _shardcast_v1_DeleteResponse__Output } from './shardcast/v1/DeleteResponse.js';
import type { DropRequest as _shardcast_v1_DropRequest, DropRequest__Output as _shardcast_v1_DropRequest__Output } from './shardcast/v1/DropRequest.js';
import type { DropResponse as _shardcast_v1_DropResponse, DropResponse__Output as _shardcast_v1_DropResponse__Output } from './shardcast/v1/DropResponse.js';
import type { Entry as _shardcast_v1_Entry, Entry__Output as _shardcast_v1_Entry__Output } from './shardcast/v1/Entry.js';
import type { ExportChunk as _shardcast_v1_ExportChunk, ExportChunk__Output as _shardcast_v1_ExportChunk__Output } from './shardcast/v1/ExportChunk.js';
import type { ExportRequest as _shardcast_v1_ExportRequest, ExportRequest__Output as _shardcast_v1_ExportRequest__Output } from './shardcast/v1/ExportRequest.js';
import type { FenceRequest as _shardcast_v1_FenceRequest, FenceRequest__Output as _shardcast_v1_FenceRequest__Output } from './shardcast/v1/FenceRequest.js';
import type { FenceResponse as _shardcast_v1_FenceResponse, FenceResponse__Output as _shardcast_v1_FenceResponse__Output } from './shardcast/v1/FenceResponse.js';
import type { GetBatchRequest as _shardcast_v1_GetBatchRequest, GetBatchRequest__Output as _shardcast_v1_GetBatchRequest__Output } from './shardcast/v1/GetBatchRequest.js';
import type { GetBatchResponse as _shardcast_v1_GetBatchResponse, GetBatchResponse__Output as _shardcast_v1_GetBatchResponse__Output } from './shardcast/v1/GetBatchResponse.js';
import type { GetRequest as _shardcast_v1_GetRequest, GetRequest__Output as _shardcast_v1_GetRequest__Output } from './shardcast/v1/GetRequest.js';
import type { GetResponse as _shardcast_v1_GetResponse, GetResponse__Output as _shardcast_v1_GetResponse__Output } from './shardcast/v1/GetResponse.js';
import type { ImportChunk as _shardcast_v1_ImportChunk, ImportChunk__Output as _shardcast_v1_ImportChunk__Output } from './shardcast/v1/ImportChunk.js';
import type { ImportResponse as _shardcast_v1_ImportResponse, ImportResponse__Output as _shardcast_v1_ImportResponse__Output } from './shardcast/v1/ImportResponse.js';
import type { IngestAck as _shardcast_v1_IngestAck, IngestAck__Output as _shardcast_v1_IngestAck__Output } from './shardcast/v1/IngestAck.js';
import type { IngestMessage as _shardcast_v1_IngestMessage, IngestMessage__Output as _shardcast_v1_IngestMessage__Output } from './shardcast/v1/IngestMessage.js';
import type { IngestStart as _shardcast_v1_IngestStart, IngestStart__Output as _shardcast_v1_IngestStart__Output } from './shardcast/v1/IngestStart.js';
import type { LifecycleEvent as _shardcast_v1_LifecycleEvent, LifecycleEvent__Output as _shardcast_v1_LifecycleEvent__Output } from './shardcast/v1/LifecycleEvent.js';
import type { Microshard as _shardcast_v1_Microshard, Microshard__Output as _shardcast_v1_Microshard__Output } from './shardcast/v1/Microshard.js';
import type { MicroshardSize as _shardcast_v1_MicroshardSize, MicroshardSize__Output as _shardcast_v1_MicroshardSize__Output } from './shardcast/v1/MicroshardSize.js';
import type { Migration as _shardcast_v1_Migration, Migration__Output as _shardcast_v1_Migration__Output } from './shardcast/v1/Migration.js';
import type { MigrationAgentClient as _shardcast_v1_MigrationAgentClient, MigrationAgentDefinition as _shardcast_v1_MigrationAgentDefinition } from './shardcast/v1/MigrationAgent.js';
import type { Node as _shardcast_v1_Node, Node__Output as _shardcast_v1_Node__Output } from './shardcast/v1/Node.js';
import type { PushChunk as _shardcast_v1_PushChunk, PushChunk__Output as _shardcast_v1_PushChunk__Output } from './shardcast/v1/PushChunk.js';
import type { PushControl as _shardcast_v1_PushControl, PushControl__Output as _shardcast_v1_PushControl__Output } from './shardcast/v1/PushControl.js';
import type { PushEvent as _shardcast_v1_PushEvent, PushEvent__Output as _shardcast_v1_PushEvent__Output } from './shardcast/v1/PushEvent.js';
import type { PushStart as _shardcast_v1_PushStart, PushStart__Output as _shardcast_v1_PushStart__Output } from './shardcast/v1/PushStart.js';
import type { PutBatchRequest as _shardcast_v1_PutBatchRequest, PutBatchRequest__Output as _shardcast_v1_PutBatchRequest__Output } from './shardcast/v1/PutBatchRequest.js';
import type { PutBatchResponse as _shardcast_v1_PutBatchResponse, PutBatchResponse__Output as _shardcast_v1_PutBatchResponse__Output } from './shardcast/v1/PutBatchResponse.js';
import type { PutRequest as _shardcast_v1_PutRequest, PutRequest__Output as _shardcast_v1_PutRequest__Output } from './shardcast/v1/PutRequest.js';
import type { PutResponse as _shardcast_v1_PutResponse, PutResponse__Output as _shardcast_v1_PutResponse__Output } from './shardcast/v1/PutResponse.js';
import type { RouteUpdate as _shardcast_v1_RouteUpdate, RouteUpdate__Output as _shardcast_v1_RouteUpdate__Output } from './shardcast/v1/RouteUpdate.js';
import type { ScanEntry as _shardcast_v1_ScanEntry, ScanEntry__Output as _shardcast_v1_ScanEntry__Output } from './shardcast/v1/ScanEntry.js';
import type { ScanRequest as _shardcast_v1_ScanRequest, ScanRequest__Output as _shardcast_v1_ScanRequest__Output } from './shardcast/v1/ScanRequest.js';
import type { ScanResponse as _shardcast_v1_ScanResponse, ScanResponse__Output as _shardcast_v1_ScanResponse__Output } from './shardcast/v1/ScanResponse.js';
import type { ServingStatusRequest as _shardcast_v1_ServingStatusRequest, ServingStatusRequest__Output as _shardcast_v1_ServingStatusRequest__Output } from './shardcast/v1/ServingStatusRequest.js';
import type { ServingStatusResponse as _shardcast_v1_ServingStatusResponse, ServingStatusResponse__Output as _shardcast_v1_ServingStatusResponse__Output } from './shardcast/v1/ServingStatusResponse.js';
import type { StartCopyRequest as _shardcast_v1_StartCopyRequest, StartCopyRequest__Output as _shardcast_v1_StartCopyRequest__Output } from './shardcast/v1/StartCopyRequest.js';
import type { StatsRequest as _shardcast_v1_StatsRequest, StatsRequest__Output as _shardcast_v1_StatsRequest__Output } from './shardcast/v1/StatsRequest.js';
import type { StatsResponse as _shardcast_v1_StatsResponse, StatsResponse__Output as _shardcast_v1_StatsResponse__Output } from './shardcast/v1/StatsResponse.js';
import type { TransferAck as _shardcast_v1_TransferAck, TransferAck__Output as _shardcast_v1_TransferAck__Output } from './shardcast/v1/TransferAck.js';
import type { TransferMessage as _shardcast_v1_TransferMessage, TransferMessage__Output as _shardcast_v1_TransferMessage__Output } from './shardcast/v1/TransferMessage.js';
import type { TransferStart as _shardcast_v1_TransferStart, TransferStart__Output as _shardcast_v1_TransferStart__Output } from './shardcast/v1/TransferStart.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shardcast: {
    v1: {
      AbortMigrationRequest: MessageTypeDefinition<_shardcast_v1_AbortMigrationRequest, _shardcast_v1_AbortMigrationRequest__Output>
      AbortMigrationResponse: MessageTypeDefinition<_shardcast_v1_AbortMigrationResponse, _shardcast_v1_AbortMigrationResponse__Output>
      ApplyAssignmentsRequest: MessageTypeDefinition<_shardcast_v1_ApplyAssignmentsRequest, _shardcast_v1_ApplyAssignmentsRequest__Output>
      ApplyAssignmentsResponse: MessageTypeDefinition<_shardcast_v1_ApplyAssignmentsResponse, _shardcast_v1_ApplyAssignmentsResponse__Output>
      ArmCutoverRequest: MessageTypeDefinition<_shardcast_v1_ArmCutoverRequest, _shardcast_v1_ArmCutoverRequest__Output>
      ArmCutoverResponse: MessageTypeDefinition<_shardcast_v1_ArmCutoverResponse, _shardcast_v1_ArmCutoverResponse__Output>
      ArmIngestRequest: MessageTypeDefinition<_shardcast_v1_ArmIngestRequest, _shardcast_v1_ArmIngestRequest__Output>
      ArmIngestResponse: MessageTypeDefinition<_shardcast_v1_ArmIngestResponse, _shardcast_v1_ArmIngestResponse__Output>
      ArmTargetRequest: MessageTypeDefinition<_shardcast_v1_ArmTargetRequest, _shardcast_v1_ArmTargetRequest__Output>
      ArmTargetResponse: MessageTypeDefinition<_shardcast_v1_ArmTargetResponse, _shardcast_v1_ArmTargetResponse__Output>
      ChecksumRequest: MessageTypeDefinition<_shardcast_v1_ChecksumRequest, _shardcast_v1_ChecksumRequest__Output>
      ChecksumResponse: MessageTypeDefinition<_shardcast_v1_ChecksumResponse, _shardcast_v1_ChecksumResponse__Output>
      CleanupRequest: MessageTypeDefinition<_shardcast_v1_CleanupRequest, _shardcast_v1_CleanupRequest__Output>
      CleanupResponse: MessageTypeDefinition<_shardcast_v1_CleanupResponse, _shardcast_v1_CleanupResponse__Output>
      CopyStatusRequest: MessageTypeDefinition<_shardcast_v1_CopyStatusRequest, _shardcast_v1_CopyStatusRequest__Output>
      CopyStatusResponse: MessageTypeDefinition<_shardcast_v1_CopyStatusResponse, _shardcast_v1_CopyStatusResponse__Output>
      CutoverRequest: MessageTypeDefinition<_shardcast_v1_CutoverRequest, _shardcast_v1_CutoverRequest__Output>
      CutoverResponse: MessageTypeDefinition<_shardcast_v1_CutoverResponse, _shardcast_v1_CutoverResponse__Output>
      DataPlane: SubtypeConstructor<typeof grpc.Client, _shardcast_v1_DataPlaneClient> & { service: _shardcast_v1_DataPlaneDefinition }
      DeleteRequest: MessageTypeDefinition<_shardcast_v1_DeleteRequest, _shardcast_v1_DeleteRequest__Output>
      DeleteResponse: MessageTypeDefinition<_shardcast_v1_DeleteResponse, _shardcast_v1_DeleteResponse__Output>
      DropRequest: MessageTypeDefinition<_shardcast_v1_DropRequest, _shardcast_v1_DropRequest__Output>
      DropResponse: MessageTypeDefinition<_shardcast_v1_DropResponse, _shardcast_v1_DropResponse__Output>
      Entry: MessageTypeDefinition<_shardcast_v1_Entry, _shardcast_v1_Entry__Output>
      ExportChunk: MessageTypeDefinition<_shardcast_v1_ExportChunk, _shardcast_v1_ExportChunk__Output>
      ExportRequest: MessageTypeDefinition<_shardcast_v1_ExportRequest, _shardcast_v1_ExportRequest__Output>
      FenceRequest: MessageTypeDefinition<_shardcast_v1_FenceRequest, _shardcast_v1_FenceRequest__Output>
      FenceResponse: MessageTypeDefinition<_shardcast_v1_FenceResponse, _shardcast_v1_FenceResponse__Output>
      GetBatchRequest: MessageTypeDefinition<_shardcast_v1_GetBatchRequest, _shardcast_v1_GetBatchRequest__Output>
      GetBatchResponse: MessageTypeDefinition<_shardcast_v1_GetBatchResponse, _shardcast_v1_GetBatchResponse__Output>
      GetRequest: MessageTypeDefinition<_shardcast_v1_GetRequest, _shardcast_v1_GetRequest__Output>
      GetResponse: MessageTypeDefinition<_shardcast_v1_GetResponse, _shardcast_v1_GetResponse__Output>
      ImportChunk: MessageTypeDefinition<_shardcast_v1_ImportChunk, _shardcast_v1_ImportChunk__Output>
      ImportResponse: MessageTypeDefinition<_shardcast_v1_ImportResponse, _shardcast_v1_ImportResponse__Output>
      IngestAck: MessageTypeDefinition<_shardcast_v1_IngestAck, _shardcast_v1_IngestAck__Output>
      IngestMessage: MessageTypeDefinition<_shardcast_v1_IngestMessage, _shardcast_v1_IngestMessage__Output>
      IngestStart: MessageTypeDefinition<_shardcast_v1_IngestStart, _shardcast_v1_IngestStart__Output>
      LifecycleEvent: MessageTypeDefinition<_shardcast_v1_LifecycleEvent, _shardcast_v1_LifecycleEvent__Output>
      Microshard: MessageTypeDefinition<_shardcast_v1_Microshard, _shardcast_v1_Microshard__Output>
      MicroshardSize: MessageTypeDefinition<_shardcast_v1_MicroshardSize, _shardcast_v1_MicroshardSize__Output>
      MicroshardState: EnumTypeDefinition
      Migration: MessageTypeDefinition<_shardcast_v1_Migration, _shardcast_v1_Migration__Output>
      MigrationAgent: SubtypeConstructor<typeof grpc.Client, _shardcast_v1_MigrationAgentClient> & { service: _shardcast_v1_MigrationAgentDefinition }
      Node: MessageTypeDefinition<_shardcast_v1_Node, _shardcast_v1_Node__Output>
      PushChunk: MessageTypeDefinition<_shardcast_v1_PushChunk, _shardcast_v1_PushChunk__Output>
      PushControl: MessageTypeDefinition<_shardcast_v1_PushControl, _shardcast_v1_PushControl__Output>
      PushEvent: MessageTypeDefinition<_shardcast_v1_PushEvent, _shardcast_v1_PushEvent__Output>
      PushStart: MessageTypeDefinition<_shardcast_v1_PushStart, _shardcast_v1_PushStart__Output>
      PutBatchRequest: MessageTypeDefinition<_shardcast_v1_PutBatchRequest, _shardcast_v1_PutBatchRequest__Output>
      PutBatchResponse: MessageTypeDefinition<_shardcast_v1_PutBatchResponse, _shardcast_v1_PutBatchResponse__Output>
      PutRequest: MessageTypeDefinition<_shardcast_v1_PutRequest, _shardcast_v1_PutRequest__Output>
      PutResponse: MessageTypeDefinition<_shardcast_v1_PutResponse, _shardcast_v1_PutResponse__Output>
      RouteUpdate: MessageTypeDefinition<_shardcast_v1_RouteUpdate, _shardcast_v1_RouteUpdate__Output>
      ScanEntry: MessageTypeDefinition<_shardcast_v1_ScanEntry, _shardcast_v1_ScanEntry__Output>
      ScanRequest: MessageTypeDefinition<_shardcast_v1_ScanRequest, _shardcast_v1_ScanRequest__Output>
      ScanResponse: MessageTypeDefinition<_shardcast_v1_ScanResponse, _shardcast_v1_ScanResponse__Output>
      ServingStatusRequest: MessageTypeDefinition<_shardcast_v1_ServingStatusRequest, _shardcast_v1_ServingStatusRequest__Output>
      ServingStatusResponse: MessageTypeDefinition<_shardcast_v1_ServingStatusResponse, _shardcast_v1_ServingStatusResponse__Output>
      StartCopyRequest: MessageTypeDefinition<_shardcast_v1_StartCopyRequest, _shardcast_v1_StartCopyRequest__Output>
      StatsRequest: MessageTypeDefinition<_shardcast_v1_StatsRequest, _shardcast_v1_StatsRequest__Output>
      StatsResponse: MessageTypeDefinition<_shardcast_v1_StatsResponse, _shardcast_v1_StatsResponse__Output>
      TransferAck: MessageTypeDefinition<_shardcast_v1_TransferAck, _shardcast_v1_TransferAck__Output>
      TransferMessage: MessageTypeDefinition<_shardcast_v1_TransferMessage, _shardcast_v1_TransferMessage__Output>
      TransferStart: MessageTypeDefinition<_shardcast_v1_TransferStart, _shardcast_v1_TransferStart__Output>
    }
  }
}

