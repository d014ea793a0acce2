import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AbortMigrationRequest as _shardcast_v1_AbortMigrationRequest, AbortMigrationRequest__Output as _shardcast_v1_AbortMigrationRequest__Output } from './shardcast/v1/AbortMigrationRequest.js';
import type { AbortMigrationResponse as _shardcast_v1_AbortMigrationResponse, AbortMigrationResponse__Output as _shardcast_v1_AbortMigrationResponse__Output } from './shardcast/v1/AbortMigrationResponse.js';
import type { AdminClient as _shardcast_v1_AdminClient, AdminDefinition as _shardcast_v1_AdminDefinition } from './shardcast/v1/Admin.js';
import type { Anomaly as _shardcast_v1_Anomaly, Anomaly__Output as _shardcast_v1_Anomaly__Output } from './shardcast/v1/Anomaly.js';
import type { AnomalyReport as _shardcast_v1_AnomalyReport, AnomalyReport__Output as _shardcast_v1_AnomalyReport__Output } from './shardcast/v1/AnomalyReport.js';
import type { ApplyAssignmentsRequest as _shardcast_v1_ApplyAssignmentsRequest, ApplyAssignmentsRequest__Output as _shardcast_v1_ApplyAssignmentsRequest__Output } from './shardcast/v1/ApplyAssignmentsRequest.js';
import type { ApplyAssignmentsResponse as _shardcast_v1_ApplyAssignmentsResponse, ApplyAssignmentsResponse__Output as _shardcast_v1_ApplyAssignmentsResponse__Output } from './shardcast/v1/ApplyAssignmentsResponse.js';
import type { ArmCutoverRequest as _shardcast_v1_ArmCutoverRequest, ArmCutoverRequest__Output as _shardcast_v1_ArmCutoverRequest__Output } from './shardcast/v1/ArmCutoverRequest.js';
import type { ArmCutoverResponse as _shardcast_v1_ArmCutoverResponse, ArmCutoverResponse__Output as _shardcast_v1_ArmCutoverResponse__Output } from './shardcast/v1/ArmCutoverResponse.js';
import type { ArmIngestRequest as _shardcast_v1_ArmIngestRequest, ArmIngestRequest__Output as _shardcast_v1_ArmIngestRequest__Output } from './shardcast/v1/ArmIngestRequest.js';
import type { ArmIngestResponse as _shardcast_v1_ArmIngestResponse, ArmIngestResponse__Output as _shardcast_v1_ArmIngestResponse__Output } from './shardcast/v1/ArmIngestResponse.js';
import type { ArmTargetRequest as _shardcast_v1_ArmTargetRequest, ArmTargetRequest__Output as _shardcast_v1_ArmTargetRequest__Output } from './shardcast/v1/ArmTargetRequest.js';
import type { ArmTargetResponse as _shardcast_v1_ArmTargetResponse, ArmTargetResponse__Output as _shardcast_v1_ArmTargetResponse__Output } from './shardcast/v1/ArmTargetResponse.js';
import type { AuctionLot as _shardcast_v1_AuctionLot, AuctionLot__Output as _shardcast_v1_AuctionLot__Output } from './shardcast/v1/AuctionLot.js';
import type { AuctionOpen as _shardcast_v1_AuctionOpen, AuctionOpen__Output as _shardcast_v1_AuctionOpen__Output } from './shardcast/v1/AuctionOpen.js';
import type { Bid as _shardcast_v1_Bid, Bid__Output as _shardcast_v1_Bid__Output } from './shardcast/v1/Bid.js';
import type { ChecksumRequest as _shardcast_v1_ChecksumRequest, ChecksumRequest__Output as _shardcast_v1_ChecksumRequest__Output } from './shardcast/v1/ChecksumRequest.js';
import type { ChecksumResponse as _shardcast_v1_ChecksumResponse, ChecksumResponse__Output as _shardcast_v1_ChecksumResponse__Output } from './shardcast/v1/ChecksumResponse.js';
import type { CleanupRequest as _shardcast_v1_CleanupRequest, CleanupRequest__Output as _shardcast_v1_CleanupRequest__Output } from './shardcast/v1/CleanupRequest.js';
import type { CleanupResponse as _shardcast_v1_CleanupResponse, CleanupResponse__Output as _shardcast_v1_CleanupResponse__Output } from './shardcast/v1/CleanupResponse.js';
import type { ClusterStatus as _shardcast_v1_ClusterStatus, ClusterStatus__Output as _shardcast_v1_ClusterStatus__Output } from './shardcast/v1/ClusterStatus.js';
import type { CoAccessPair as _shardcast_v1_CoAccessPair, CoAccessPair__Output as _shardcast_v1_CoAccessPair__Output } from './shardcast/v1/CoAccessPair.js';
import type { CoAccessPartner as _shardcast_v1_CoAccessPartner, CoAccessPartner__Output as _shardcast_v1_CoAccessPartner__Output } from './shardcast/v1/CoAccessPartner.js';
import type { CoordinatorClient as _shardcast_v1_CoordinatorClient, CoordinatorDefinition as _shardcast_v1_CoordinatorDefinition } from './shardcast/v1/Coordinator.js';
import type { CoordinatorMessage as _shardcast_v1_CoordinatorMessage, CoordinatorMessage__Output as _shardcast_v1_CoordinatorMessage__Output } from './shardcast/v1/CoordinatorMessage.js';
import type { CopyStatusRequest as _shardcast_v1_CopyStatusRequest, CopyStatusRequest__Output as _shardcast_v1_CopyStatusRequest__Output } from './shardcast/v1/CopyStatusRequest.js';
import type { CopyStatusResponse as _shardcast_v1_CopyStatusResponse, CopyStatusResponse__Output as _shardcast_v1_CopyStatusResponse__Output } from './shardcast/v1/CopyStatusResponse.js';
import type { CutoverRequest as _shardcast_v1_CutoverRequest, CutoverRequest__Output as _shardcast_v1_CutoverRequest__Output } from './shardcast/v1/CutoverRequest.js';
import type { CutoverResponse as _shardcast_v1_CutoverResponse, CutoverResponse__Output as _shardcast_v1_CutoverResponse__Output } from './shardcast/v1/CutoverResponse.js';
import type { DataPlaneClient as _shardcast_v1_DataPlaneClient, DataPlaneDefinition as _shardcast_v1_DataPlaneDefinition } from './shardcast/v1/DataPlane.js';
import type { DatastoreMetrics as _shardcast_v1_DatastoreMetrics, DatastoreMetrics__Output as _shardcast_v1_DatastoreMetrics__Output } from './shardcast/v1/DatastoreMetrics.js';
import type { DeleteRequest as _shardcast_v1_DeleteRequest, DeleteRequest__Output as _shardcast_v1_DeleteRequest__Output } from './shardcast/v1/DeleteRequest.js';
import type { DeleteResponse as _shardcast_v1_DeleteResponse, DeleteResponse__Output as _shardcast_v1_DeleteResponse__Output } from './shardcast/v1/DeleteResponse.js';
import type { DrainRequest as _shardcast_v1_DrainRequest, DrainRequest__Output as _shardcast_v1_DrainRequest__Output } from './shardcast/v1/DrainRequest.js';
import type { DrainResponse as _shardcast_v1_DrainResponse, DrainResponse__Output as _shardcast_v1_DrainResponse__Output } from './shardcast/v1/DrainResponse.js';
import type { DropRequest as _shardcast_v1_DropRequest, DropRequest__Output as _shardcast_v1_DropRequest__Output } from './shardcast/v1/DropRequest.js';
import type { DropResponse as _shardcast_v1_DropResponse, DropResponse__Output as _shardcast_v1_DropResponse__Output } from './shardcast/v1/DropResponse.js';
import type { Entry as _shardcast_v1_Entry, Entry__Output as _shardcast_v1_Entry__Output } from './shardcast/v1/Entry.js';
import type { ExplainRecord as _shardcast_v1_ExplainRecord, ExplainRecord__Output as _shardcast_v1_ExplainRecord__Output } from './shardcast/v1/ExplainRecord.js';
import type { ExplainRequest as _shardcast_v1_ExplainRequest, ExplainRequest__Output as _shardcast_v1_ExplainRequest__Output } from './shardcast/v1/ExplainRequest.js';
import type { ExplainResponse as _shardcast_v1_ExplainResponse, ExplainResponse__Output as _shardcast_v1_ExplainResponse__Output } from './shardcast/v1/ExplainResponse.js';
import type { ExportChunk as _shardcast_v1_ExportChunk, ExportChunk__Output as _shardcast_v1_ExportChunk__Output } from './shardcast/v1/ExportChunk.js';
import type { ExportRequest as _shardcast_v1_ExportRequest, ExportRequest__Output as _shardcast_v1_ExportRequest__Output } from './shardcast/v1/ExportRequest.js';
import type { FenceRequest as _shardcast_v1_FenceRequest, FenceRequest__Output as _shardcast_v1_FenceRequest__Output } from './shardcast/v1/FenceRequest.js';
import type { FenceResponse as _shardcast_v1_FenceResponse, FenceResponse__Output as _shardcast_v1_FenceResponse__Output } from './shardcast/v1/FenceResponse.js';
import type { ForecastSeries as _shardcast_v1_ForecastSeries, ForecastSeries__Output as _shardcast_v1_ForecastSeries__Output } from './shardcast/v1/ForecastSeries.js';
import type { GetBatchRequest as _shardcast_v1_GetBatchRequest, GetBatchRequest__Output as _shardcast_v1_GetBatchRequest__Output } from './shardcast/v1/GetBatchRequest.js';
import type { GetBatchResponse as _shardcast_v1_GetBatchResponse, GetBatchResponse__Output as _shardcast_v1_GetBatchResponse__Output } from './shardcast/v1/GetBatchResponse.js';
import type { GetCapacityRequest as _shardcast_v1_GetCapacityRequest, GetCapacityRequest__Output as _shardcast_v1_GetCapacityRequest__Output } from './shardcast/v1/GetCapacityRequest.js';
import type { GetCapacityResponse as _shardcast_v1_GetCapacityResponse, GetCapacityResponse__Output as _shardcast_v1_GetCapacityResponse__Output } from './shardcast/v1/GetCapacityResponse.js';
import type { GetLeaderRequest as _shardcast_v1_GetLeaderRequest, GetLeaderRequest__Output as _shardcast_v1_GetLeaderRequest__Output } from './shardcast/v1/GetLeaderRequest.js';
import type { GetRequest as _shardcast_v1_GetRequest, GetRequest__Output as _shardcast_v1_GetRequest__Output } from './shardcast/v1/GetRequest.js';
import type { GetResponse as _shardcast_v1_GetResponse, GetResponse__Output as _shardcast_v1_GetResponse__Output } from './shardcast/v1/GetResponse.js';
import type { GetShardForTopicRequest as _shardcast_v1_GetShardForTopicRequest, GetShardForTopicRequest__Output as _shardcast_v1_GetShardForTopicRequest__Output } from './shardcast/v1/GetShardForTopicRequest.js';
import type { GetShardForTopicResponse as _shardcast_v1_GetShardForTopicResponse, GetShardForTopicResponse__Output as _shardcast_v1_GetShardForTopicResponse__Output } from './shardcast/v1/GetShardForTopicResponse.js';
import type { GetStatusRequest as _shardcast_v1_GetStatusRequest, GetStatusRequest__Output as _shardcast_v1_GetStatusRequest__Output } from './shardcast/v1/GetStatusRequest.js';
import type { Heartbeat as _shardcast_v1_Heartbeat, Heartbeat__Output as _shardcast_v1_Heartbeat__Output } from './shardcast/v1/Heartbeat.js';
import type { HeartbeatAck as _shardcast_v1_HeartbeatAck, HeartbeatAck__Output as _shardcast_v1_HeartbeatAck__Output } from './shardcast/v1/HeartbeatAck.js';
import type { Hello as _shardcast_v1_Hello, Hello__Output as _shardcast_v1_Hello__Output } from './shardcast/v1/Hello.js';
import type { HostMetrics as _shardcast_v1_HostMetrics, HostMetrics__Output as _shardcast_v1_HostMetrics__Output } from './shardcast/v1/HostMetrics.js';
import type { ImportChunk as _shardcast_v1_ImportChunk, ImportChunk__Output as _shardcast_v1_ImportChunk__Output } from './shardcast/v1/ImportChunk.js';
import type { ImportResponse as _shardcast_v1_ImportResponse, ImportResponse__Output as _shardcast_v1_ImportResponse__Output } from './shardcast/v1/ImportResponse.js';
import type { IngestAck as _shardcast_v1_IngestAck, IngestAck__Output as _shardcast_v1_IngestAck__Output } from './shardcast/v1/IngestAck.js';
import type { IngestMessage as _shardcast_v1_IngestMessage, IngestMessage__Output as _shardcast_v1_IngestMessage__Output } from './shardcast/v1/IngestMessage.js';
import type { IngestStart as _shardcast_v1_IngestStart, IngestStart__Output as _shardcast_v1_IngestStart__Output } from './shardcast/v1/IngestStart.js';
import type { LeaderInfo as _shardcast_v1_LeaderInfo, LeaderInfo__Output as _shardcast_v1_LeaderInfo__Output } from './shardcast/v1/LeaderInfo.js';
import type { LifecycleEvent as _shardcast_v1_LifecycleEvent, LifecycleEvent__Output as _shardcast_v1_LifecycleEvent__Output } from './shardcast/v1/LifecycleEvent.js';
import type { ListMicroshardsRequest as _shardcast_v1_ListMicroshardsRequest, ListMicroshardsRequest__Output as _shardcast_v1_ListMicroshardsRequest__Output } from './shardcast/v1/ListMicroshardsRequest.js';
import type { ListMicroshardsResponse as _shardcast_v1_ListMicroshardsResponse, ListMicroshardsResponse__Output as _shardcast_v1_ListMicroshardsResponse__Output } from './shardcast/v1/ListMicroshardsResponse.js';
import type { ListMigrationsRequest as _shardcast_v1_ListMigrationsRequest, ListMigrationsRequest__Output as _shardcast_v1_ListMigrationsRequest__Output } from './shardcast/v1/ListMigrationsRequest.js';
import type { ListMigrationsResponse as _shardcast_v1_ListMigrationsResponse, ListMigrationsResponse__Output as _shardcast_v1_ListMigrationsResponse__Output } from './shardcast/v1/ListMigrationsResponse.js';
import type { ListNodesRequest as _shardcast_v1_ListNodesRequest, ListNodesRequest__Output as _shardcast_v1_ListNodesRequest__Output } from './shardcast/v1/ListNodesRequest.js';
import type { ListNodesResponse as _shardcast_v1_ListNodesResponse, ListNodesResponse__Output as _shardcast_v1_ListNodesResponse__Output } from './shardcast/v1/ListNodesResponse.js';
import type { ListPredictionCacheRequest as _shardcast_v1_ListPredictionCacheRequest, ListPredictionCacheRequest__Output as _shardcast_v1_ListPredictionCacheRequest__Output } from './shardcast/v1/ListPredictionCacheRequest.js';
import type { ListPredictionCacheResponse as _shardcast_v1_ListPredictionCacheResponse, ListPredictionCacheResponse__Output as _shardcast_v1_ListPredictionCacheResponse__Output } from './shardcast/v1/ListPredictionCacheResponse.js';
import type { ListShardMapRequest as _shardcast_v1_ListShardMapRequest, ListShardMapRequest__Output as _shardcast_v1_ListShardMapRequest__Output } from './shardcast/v1/ListShardMapRequest.js';
import type { ListShardMapResponse as _shardcast_v1_ListShardMapResponse, ListShardMapResponse__Output as _shardcast_v1_ListShardMapResponse__Output } from './shardcast/v1/ListShardMapResponse.js';
import type { LoadPoint as _shardcast_v1_LoadPoint, LoadPoint__Output as _shardcast_v1_LoadPoint__Output } from './shardcast/v1/LoadPoint.js';
import type { LoadReport as _shardcast_v1_LoadReport, LoadReport__Output as _shardcast_v1_LoadReport__Output } from './shardcast/v1/LoadReport.js';
import type { LotBid as _shardcast_v1_LotBid, LotBid__Output as _shardcast_v1_LotBid__Output } from './shardcast/v1/LotBid.js';
import type { MergeRequest as _shardcast_v1_MergeRequest, MergeRequest__Output as _shardcast_v1_MergeRequest__Output } from './shardcast/v1/MergeRequest.js';
import type { MergeResponse as _shardcast_v1_MergeResponse, MergeResponse__Output as _shardcast_v1_MergeResponse__Output } from './shardcast/v1/MergeResponse.js';
import type { Microshard as _shardcast_v1_Microshard, Microshard__Output as _shardcast_v1_Microshard__Output } from './shardcast/v1/Microshard.js';
import type { MicroshardForecast as _shardcast_v1_MicroshardForecast, MicroshardForecast__Output as _shardcast_v1_MicroshardForecast__Output } from './shardcast/v1/MicroshardForecast.js';
import type { MicroshardLoad as _shardcast_v1_MicroshardLoad, MicroshardLoad__Output as _shardcast_v1_MicroshardLoad__Output } from './shardcast/v1/MicroshardLoad.js';
import type { MicroshardSize as _shardcast_v1_MicroshardSize, MicroshardSize__Output as _shardcast_v1_MicroshardSize__Output } from './shardcast/v1/MicroshardSize.js';
import type { MigrateRequest as _shardcast_v1_MigrateRequest, MigrateRequest__Output as _shardcast_v1_MigrateRequest__Output } from './shardcast/v1/MigrateRequest.js';
import type { MigrateResponse as _shardcast_v1_MigrateResponse, MigrateResponse__Output as _shardcast_v1_MigrateResponse__Output } from './shardcast/v1/MigrateResponse.js';
import type { Migration as _shardcast_v1_Migration, Migration__Output as _shardcast_v1_Migration__Output } from './shardcast/v1/Migration.js';
import type { MigrationAgentClient as _shardcast_v1_MigrationAgentClient, MigrationAgentDefinition as _shardcast_v1_MigrationAgentDefinition } from './shardcast/v1/MigrationAgent.js';
import type { Node as _shardcast_v1_Node, Node__Output as _shardcast_v1_Node__Output } from './shardcast/v1/Node.js';
import type { NodeMigrationLoad as _shardcast_v1_NodeMigrationLoad, NodeMigrationLoad__Output as _shardcast_v1_NodeMigrationLoad__Output } from './shardcast/v1/NodeMigrationLoad.js';
import type { NodeSummary as _shardcast_v1_NodeSummary, NodeSummary__Output as _shardcast_v1_NodeSummary__Output } from './shardcast/v1/NodeSummary.js';
import type { PredictLoadRequest as _shardcast_v1_PredictLoadRequest, PredictLoadRequest__Output as _shardcast_v1_PredictLoadRequest__Output } from './shardcast/v1/PredictLoadRequest.js';
import type { PredictLoadResponse as _shardcast_v1_PredictLoadResponse, PredictLoadResponse__Output as _shardcast_v1_PredictLoadResponse__Output } from './shardcast/v1/PredictLoadResponse.js';
import type { PredictTopicLoadRequest as _shardcast_v1_PredictTopicLoadRequest, PredictTopicLoadRequest__Output as _shardcast_v1_PredictTopicLoadRequest__Output } from './shardcast/v1/PredictTopicLoadRequest.js';
import type { PredictTopicLoadResponse as _shardcast_v1_PredictTopicLoadResponse, PredictTopicLoadResponse__Output as _shardcast_v1_PredictTopicLoadResponse__Output } from './shardcast/v1/PredictTopicLoadResponse.js';
import type { PushChunk as _shardcast_v1_PushChunk, PushChunk__Output as _shardcast_v1_PushChunk__Output } from './shardcast/v1/PushChunk.js';
import type { PushControl as _shardcast_v1_PushControl, PushControl__Output as _shardcast_v1_PushControl__Output } from './shardcast/v1/PushControl.js';
import type { PushEvent as _shardcast_v1_PushEvent, PushEvent__Output as _shardcast_v1_PushEvent__Output } from './shardcast/v1/PushEvent.js';
import type { PushStart as _shardcast_v1_PushStart, PushStart__Output as _shardcast_v1_PushStart__Output } from './shardcast/v1/PushStart.js';
import type { PutBatchRequest as _shardcast_v1_PutBatchRequest, PutBatchRequest__Output as _shardcast_v1_PutBatchRequest__Output } from './shardcast/v1/PutBatchRequest.js';
import type { PutBatchResponse as _shardcast_v1_PutBatchResponse, PutBatchResponse__Output as _shardcast_v1_PutBatchResponse__Output } from './shardcast/v1/PutBatchResponse.js';
import type { PutRequest as _shardcast_v1_PutRequest, PutRequest__Output as _shardcast_v1_PutRequest__Output } from './shardcast/v1/PutRequest.js';
import type { PutResponse as _shardcast_v1_PutResponse, PutResponse__Output as _shardcast_v1_PutResponse__Output } from './shardcast/v1/PutResponse.js';
import type { ReassignRequest as _shardcast_v1_ReassignRequest, ReassignRequest__Output as _shardcast_v1_ReassignRequest__Output } from './shardcast/v1/ReassignRequest.js';
import type { ReassignResponse as _shardcast_v1_ReassignResponse, ReassignResponse__Output as _shardcast_v1_ReassignResponse__Output } from './shardcast/v1/ReassignResponse.js';
import type { RouteUpdate as _shardcast_v1_RouteUpdate, RouteUpdate__Output as _shardcast_v1_RouteUpdate__Output } from './shardcast/v1/RouteUpdate.js';
import type { ScanEntry as _shardcast_v1_ScanEntry, ScanEntry__Output as _shardcast_v1_ScanEntry__Output } from './shardcast/v1/ScanEntry.js';
import type { ScanRequest as _shardcast_v1_ScanRequest, ScanRequest__Output as _shardcast_v1_ScanRequest__Output } from './shardcast/v1/ScanRequest.js';
import type { ScanResponse as _shardcast_v1_ScanResponse, ScanResponse__Output as _shardcast_v1_ScanResponse__Output } from './shardcast/v1/ScanResponse.js';
import type { ServingStatusRequest as _shardcast_v1_ServingStatusRequest, ServingStatusRequest__Output as _shardcast_v1_ServingStatusRequest__Output } from './shardcast/v1/ServingStatusRequest.js';
import type { ServingStatusResponse as _shardcast_v1_ServingStatusResponse, ServingStatusResponse__Output as _shardcast_v1_ServingStatusResponse__Output } from './shardcast/v1/ServingStatusResponse.js';
import type { ShardLocation as _shardcast_v1_ShardLocation, ShardLocation__Output as _shardcast_v1_ShardLocation__Output } from './shardcast/v1/ShardLocation.js';
import type { ShardMapEntry as _shardcast_v1_ShardMapEntry, ShardMapEntry__Output as _shardcast_v1_ShardMapEntry__Output } from './shardcast/v1/ShardMapEntry.js';
import type { SidecarMessage as _shardcast_v1_SidecarMessage, SidecarMessage__Output as _shardcast_v1_SidecarMessage__Output } from './shardcast/v1/SidecarMessage.js';
import type { SizeRecommendation as _shardcast_v1_SizeRecommendation, SizeRecommendation__Output as _shardcast_v1_SizeRecommendation__Output } from './shardcast/v1/SizeRecommendation.js';
import type { SplitRequest as _shardcast_v1_SplitRequest, SplitRequest__Output as _shardcast_v1_SplitRequest__Output } from './shardcast/v1/SplitRequest.js';
import type { SplitResponse as _shardcast_v1_SplitResponse, SplitResponse__Output as _shardcast_v1_SplitResponse__Output } from './shardcast/v1/SplitResponse.js';
import type { StartCopyRequest as _shardcast_v1_StartCopyRequest, StartCopyRequest__Output as _shardcast_v1_StartCopyRequest__Output } from './shardcast/v1/StartCopyRequest.js';
import type { StatsRequest as _shardcast_v1_StatsRequest, StatsRequest__Output as _shardcast_v1_StatsRequest__Output } from './shardcast/v1/StatsRequest.js';
import type { StatsResponse as _shardcast_v1_StatsResponse, StatsResponse__Output as _shardcast_v1_StatsResponse__Output } from './shardcast/v1/StatsResponse.js';
import type { TopicPrediction as _shardcast_v1_TopicPrediction, TopicPrediction__Output as _shardcast_v1_TopicPrediction__Output } from './shardcast/v1/TopicPrediction.js';
import type { TransferAck as _shardcast_v1_TransferAck, TransferAck__Output as _shardcast_v1_TransferAck__Output } from './shardcast/v1/TransferAck.js';
import type { TransferMessage as _shardcast_v1_TransferMessage, TransferMessage__Output as _shardcast_v1_TransferMessage__Output } from './shardcast/v1/TransferMessage.js';
import type { TransferStart as _shardcast_v1_TransferStart, TransferStart__Output as _shardcast_v1_TransferStart__Output } from './shardcast/v1/TransferStart.js';
import type { UndrainRequest as _shardcast_v1_UndrainRequest, UndrainRequest__Output as _shardcast_v1_UndrainRequest__Output } from './shardcast/v1/UndrainRequest.js';
import type { UndrainResponse as _shardcast_v1_UndrainResponse, UndrainResponse__Output as _shardcast_v1_UndrainResponse__Output } from './shardcast/v1/UndrainResponse.js';
import type { UpdateMetricsRequest as _shardcast_v1_UpdateMetricsRequest, UpdateMetricsRequest__Output as _shardcast_v1_UpdateMetricsRequest__Output } from './shardcast/v1/UpdateMetricsRequest.js';
import type { UpdateMetricsResponse as _shardcast_v1_UpdateMetricsResponse, UpdateMetricsResponse__Output as _shardcast_v1_UpdateMetricsResponse__Output } from './shardcast/v1/UpdateMetricsResponse.js';
import type { WatchEventsRequest as _shardcast_v1_WatchEventsRequest, WatchEventsRequest__Output as _shardcast_v1_WatchEventsRequest__Output } from './shardcast/v1/WatchEventsRequest.js';
import type { Welcome as _shardcast_v1_Welcome, Welcome__Output as _shardcast_v1_Welcome__Output } from './shardcast/v1/Welcome.js';
import type { WildcardShard as _shardcast_v1_WildcardShard, WildcardShard__Output as _shardcast_v1_WildcardShard__Output } from './shardcast/v1/WildcardShard.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shardcast: {
    v1: {
      AbortMigrationRequest: MessageTypeDefinition<_shardcast_v1_AbortMigrationRequest, _shardcast_v1_AbortMigrationRequest__Output>
      AbortMigrationResponse: MessageTypeDefinition<_shardcast_v1_AbortMigrationResponse, _shardcast_v1_AbortMigrationResponse__Output>
      Admin: SubtypeConstructor<typeof grpc.Client, _shardcast_v1_AdminClient> & { service: _shardcast_v1_AdminDefinition }
      Anomaly: MessageTypeDefinition<_shardcast_v1_Anomaly, _shardcast_v1_Anomaly__Output>
      AnomalyReport: MessageTypeDefinition<_shardcast_v1_AnomalyReport, _shardcast_v1_AnomalyReport__Output>
      ApplyAssignmentsRequest: MessageTypeDefinition<_shardcast_v1_ApplyAssignmentsRequest, _shardcast_v1_ApplyAssignmentsRequest__Output>
      ApplyAssignmentsResponse: MessageTypeDefinition<_shardcast_v1_ApplyAssignmentsResponse, _shardcast_v1_ApplyAssignmentsResponse__Output>
      ArmCutoverRequest: MessageTypeDefinition<_shardcast_v1_ArmCutoverRequest, _shardcast_v1_ArmCutoverRequest__Output>
      ArmCutoverResponse: MessageTypeDefinition<_shardcast_v1_ArmCutoverResponse, _shardcast_v1_ArmCutoverResponse__Output>
      ArmIngestRequest: MessageTypeDefinition<_shardcast_v1_ArmIngestRequest, _shardcast_v1_ArmIngestRequest__Output>
      ArmIngestResponse: MessageTypeDefinition<_shardcast_v1_ArmIngestResponse, _shardcast_v1_ArmIngestResponse__Output>
      ArmTargetRequest: MessageTypeDefinition<_shardcast_v1_ArmTargetRequest, _shardcast_v1_ArmTargetRequest__Output>
      ArmTargetResponse: MessageTypeDefinition<_shardcast_v1_ArmTargetResponse, _shardcast_v1_ArmTargetResponse__Output>
      AuctionLot: MessageTypeDefinition<_shardcast_v1_AuctionLot, _shardcast_v1_AuctionLot__Output>
      AuctionOpen: MessageTypeDefinition<_shardcast_v1_AuctionOpen, _shardcast_v1_AuctionOpen__Output>
      Bid: MessageTypeDefinition<_shardcast_v1_Bid, _shardcast_v1_Bid__Output>
      ChecksumRequest: MessageTypeDefinition<_shardcast_v1_ChecksumRequest, _shardcast_v1_ChecksumRequest__Output>
      ChecksumResponse: MessageTypeDefinition<_shardcast_v1_ChecksumResponse, _shardcast_v1_ChecksumResponse__Output>
      CleanupRequest: MessageTypeDefinition<_shardcast_v1_CleanupRequest, _shardcast_v1_CleanupRequest__Output>
      CleanupResponse: MessageTypeDefinition<_shardcast_v1_CleanupResponse, _shardcast_v1_CleanupResponse__Output>
      ClusterStatus: MessageTypeDefinition<_shardcast_v1_ClusterStatus, _shardcast_v1_ClusterStatus__Output>
      CoAccessPair: MessageTypeDefinition<_shardcast_v1_CoAccessPair, _shardcast_v1_CoAccessPair__Output>
      CoAccessPartner: MessageTypeDefinition<_shardcast_v1_CoAccessPartner, _shardcast_v1_CoAccessPartner__Output>
      Coordinator: SubtypeConstructor<typeof grpc.Client, _shardcast_v1_CoordinatorClient> & { service: _shardcast_v1_CoordinatorDefinition }
      CoordinatorMessage: MessageTypeDefinition<_shardcast_v1_CoordinatorMessage, _shardcast_v1_CoordinatorMessage__Output>
      CopyStatusRequest: MessageTypeDefinition<_shardcast_v1_CopyStatusRequest, _shardcast_v1_CopyStatusRequest__Output>
      CopyStatusResponse: MessageTypeDefinition<_shardcast_v1_CopyStatusResponse, _shardcast_v1_CopyStatusResponse__Output>
      CutoverRequest: MessageTypeDefinition<_shardcast_v1_CutoverRequest, _shardcast_v1_CutoverRequest__Output>
      CutoverResponse: MessageTypeDefinition<_shardcast_v1_CutoverResponse, _shardcast_v1_CutoverResponse__Output>
      DataPlane: SubtypeConstructor<typeof grpc.Client, _shardcast_v1_DataPlaneClient> & { service: _shardcast_v1_DataPlaneDefinition }
      DatastoreMetrics: MessageTypeDefinition<_shardcast_v1_DatastoreMetrics, _shardcast_v1_DatastoreMetrics__Output>
      DeleteRequest: MessageTypeDefinition<_shardcast_v1_DeleteRequest, _shardcast_v1_DeleteRequest__Output>
      DeleteResponse: MessageTypeDefinition<_shardcast_v1_DeleteResponse, _shardcast_v1_DeleteResponse__Output>
      DrainRequest: MessageTypeDefinition<_shardcast_v1_DrainRequest, _shardcast_v1_DrainRequest__Output>
      DrainResponse: MessageTypeDefinition<_shardcast_v1_DrainResponse, _shardcast_v1_DrainResponse__Output>
      DropRequest: MessageTypeDefinition<_shardcast_v1_DropRequest, _shardcast_v1_DropRequest__Output>
      DropResponse: MessageTypeDefinition<_shardcast_v1_DropResponse, _shardcast_v1_DropResponse__Output>
      Entry: MessageTypeDefinition<_shardcast_v1_Entry, _shardcast_v1_Entry__Output>
      ExplainRecord: MessageTypeDefinition<_shardcast_v1_ExplainRecord, _shardcast_v1_ExplainRecord__Output>
      ExplainRequest: MessageTypeDefinition<_shardcast_v1_ExplainRequest, _shardcast_v1_ExplainRequest__Output>
      ExplainResponse: MessageTypeDefinition<_shardcast_v1_ExplainResponse, _shardcast_v1_ExplainResponse__Output>
      ExportChunk: MessageTypeDefinition<_shardcast_v1_ExportChunk, _shardcast_v1_ExportChunk__Output>
      ExportRequest: MessageTypeDefinition<_shardcast_v1_ExportRequest, _shardcast_v1_ExportRequest__Output>
      FenceRequest: MessageTypeDefinition<_shardcast_v1_FenceRequest, _shardcast_v1_FenceRequest__Output>
      FenceResponse: MessageTypeDefinition<_shardcast_v1_FenceResponse, _shardcast_v1_FenceResponse__Output>
      ForecastSeries: MessageTypeDefinition<_shardcast_v1_ForecastSeries, _shardcast_v1_ForecastSeries__Output>
      GetBatchRequest: MessageTypeDefinition<_shardcast_v1_GetBatchRequest, _shardcast_v1_GetBatchRequest__Output>
      GetBatchResponse: MessageTypeDefinition<_shardcast_v1_GetBatchResponse, _shardcast_v1_GetBatchResponse__Output>
      GetCapacityRequest: MessageTypeDefinition<_shardcast_v1_GetCapacityRequest, _shardcast_v1_GetCapacityRequest__Output>
      GetCapacityResponse: MessageTypeDefinition<_shardcast_v1_GetCapacityResponse, _shardcast_v1_GetCapacityResponse__Output>
      GetLeaderRequest: MessageTypeDefinition<_shardcast_v1_GetLeaderRequest, _shardcast_v1_GetLeaderRequest__Output>
      GetRequest: MessageTypeDefinition<_shardcast_v1_GetRequest, _shardcast_v1_GetRequest__Output>
      GetResponse: MessageTypeDefinition<_shardcast_v1_GetResponse, _shardcast_v1_GetResponse__Output>
      GetShardForTopicRequest: MessageTypeDefinition<_shardcast_v1_GetShardForTopicRequest, _shardcast_v1_GetShardForTopicRequest__Output>
      GetShardForTopicResponse: MessageTypeDefinition<_shardcast_v1_GetShardForTopicResponse, _shardcast_v1_GetShardForTopicResponse__Output>
      GetStatusRequest: MessageTypeDefinition<_shardcast_v1_GetStatusRequest, _shardcast_v1_GetStatusRequest__Output>
      Heartbeat: MessageTypeDefinition<_shardcast_v1_Heartbeat, _shardcast_v1_Heartbeat__Output>
      HeartbeatAck: MessageTypeDefinition<_shardcast_v1_HeartbeatAck, _shardcast_v1_HeartbeatAck__Output>
      Hello: MessageTypeDefinition<_shardcast_v1_Hello, _shardcast_v1_Hello__Output>
      HostMetrics: MessageTypeDefinition<_shardcast_v1_HostMetrics, _shardcast_v1_HostMetrics__Output>
      ImportChunk: MessageTypeDefinition<_shardcast_v1_ImportChunk, _shardcast_v1_ImportChunk__Output>
      ImportResponse: MessageTypeDefinition<_shardcast_v1_ImportResponse, _shardcast_v1_ImportResponse__Output>
      IngestAck: MessageTypeDefinition<_shardcast_v1_IngestAck, _shardcast_v1_IngestAck__Output>
      IngestMessage: MessageTypeDefinition<_shardcast_v1_IngestMessage, _shardcast_v1_IngestMessage__Output>
      IngestStart: MessageTypeDefinition<_shardcast_v1_IngestStart, _shardcast_v1_IngestStart__Output>
      LeaderInfo: MessageTypeDefinition<_shardcast_v1_LeaderInfo, _shardcast_v1_LeaderInfo__Output>
      LifecycleEvent: MessageTypeDefinition<_shardcast_v1_LifecycleEvent, _shardcast_v1_LifecycleEvent__Output>
      ListMicroshardsRequest: MessageTypeDefinition<_shardcast_v1_ListMicroshardsRequest, _shardcast_v1_ListMicroshardsRequest__Output>
      ListMicroshardsResponse: MessageTypeDefinition<_shardcast_v1_ListMicroshardsResponse, _shardcast_v1_ListMicroshardsResponse__Output>
      ListMigrationsRequest: MessageTypeDefinition<_shardcast_v1_ListMigrationsRequest, _shardcast_v1_ListMigrationsRequest__Output>
      ListMigrationsResponse: MessageTypeDefinition<_shardcast_v1_ListMigrationsResponse, _shardcast_v1_ListMigrationsResponse__Output>
      ListNodesRequest: MessageTypeDefinition<_shardcast_v1_ListNodesRequest, _shardcast_v1_ListNodesRequest__Output>
      ListNodesResponse: MessageTypeDefinition<_shardcast_v1_ListNodesResponse, _shardcast_v1_ListNodesResponse__Output>
      ListPredictionCacheRequest: MessageTypeDefinition<_shardcast_v1_ListPredictionCacheRequest, _shardcast_v1_ListPredictionCacheRequest__Output>
      ListPredictionCacheResponse: MessageTypeDefinition<_shardcast_v1_ListPredictionCacheResponse, _shardcast_v1_ListPredictionCacheResponse__Output>
      ListShardMapRequest: MessageTypeDefinition<_shardcast_v1_ListShardMapRequest, _shardcast_v1_ListShardMapRequest__Output>
      ListShardMapResponse: MessageTypeDefinition<_shardcast_v1_ListShardMapResponse, _shardcast_v1_ListShardMapResponse__Output>
      LoadPoint: MessageTypeDefinition<_shardcast_v1_LoadPoint, _shardcast_v1_LoadPoint__Output>
      LoadReport: MessageTypeDefinition<_shardcast_v1_LoadReport, _shardcast_v1_LoadReport__Output>
      LotBid: MessageTypeDefinition<_shardcast_v1_LotBid, _shardcast_v1_LotBid__Output>
      MergeRequest: MessageTypeDefinition<_shardcast_v1_MergeRequest, _shardcast_v1_MergeRequest__Output>
      MergeResponse: MessageTypeDefinition<_shardcast_v1_MergeResponse, _shardcast_v1_MergeResponse__Output>
      Microshard: MessageTypeDefinition<_shardcast_v1_Microshard, _shardcast_v1_Microshard__Output>
      MicroshardForecast: MessageTypeDefinition<_shardcast_v1_MicroshardForecast, _shardcast_v1_MicroshardForecast__Output>
      MicroshardLoad: MessageTypeDefinition<_shardcast_v1_MicroshardLoad, _shardcast_v1_MicroshardLoad__Output>
      MicroshardSize: MessageTypeDefinition<_shardcast_v1_MicroshardSize, _shardcast_v1_MicroshardSize__Output>
      MicroshardState: EnumTypeDefinition
      MigrateRequest: MessageTypeDefinition<_shardcast_v1_MigrateRequest, _shardcast_v1_MigrateRequest__Output>
      MigrateResponse: MessageTypeDefinition<_shardcast_v1_MigrateResponse, _shardcast_v1_MigrateResponse__Output>
      Migration: MessageTypeDefinition<_shardcast_v1_Migration, _shardcast_v1_Migration__Output>
      MigrationAgent: SubtypeConstructor<typeof grpc.Client, _shardcast_v1_MigrationAgentClient> & { service: _shardcast_v1_MigrationAgentDefinition }
      Node: MessageTypeDefinition<_shardcast_v1_Node, _shardcast_v1_Node__Output>
      NodeMigrationLoad: MessageTypeDefinition<_shardcast_v1_NodeMigrationLoad, _shardcast_v1_NodeMigrationLoad__Output>
      NodeSummary: MessageTypeDefinition<_shardcast_v1_NodeSummary, _shardcast_v1_NodeSummary__Output>
      PredictLoadRequest: MessageTypeDefinition<_shardcast_v1_PredictLoadRequest, _shardcast_v1_PredictLoadRequest__Output>
      PredictLoadResponse: MessageTypeDefinition<_shardcast_v1_PredictLoadResponse, _shardcast_v1_PredictLoadResponse__Output>
      PredictTopicLoadRequest: MessageTypeDefinition<_shardcast_v1_PredictTopicLoadRequest, _shardcast_v1_PredictTopicLoadRequest__Output>
      PredictTopicLoadResponse: MessageTypeDefinition<_shardcast_v1_PredictTopicLoadResponse, _shardcast_v1_PredictTopicLoadResponse__Output>
      PushChunk: MessageTypeDefinition<_shardcast_v1_PushChunk, _shardcast_v1_PushChunk__Output>
      PushControl: MessageTypeDefinition<_shardcast_v1_PushControl, _shardcast_v1_PushControl__Output>
      PushEvent: MessageTypeDefinition<_shardcast_v1_PushEvent, _shardcast_v1_PushEvent__Output>
      PushStart: MessageTypeDefinition<_shardcast_v1_PushStart, _shardcast_v1_PushStart__Output>
      PutBatchRequest: MessageTypeDefinition<_shardcast_v1_PutBatchRequest, _shardcast_v1_PutBatchRequest__Output>
      PutBatchResponse: MessageTypeDefinition<_shardcast_v1_PutBatchResponse, _shardcast_v1_PutBatchResponse__Output>
      PutRequest: MessageTypeDefinition<_shardcast_v1_PutRequest, _shardcast_v1_PutRequest__Output>
      PutResponse: MessageTypeDefinition<_shardcast_v1_PutResponse, _shardcast_v1_PutResponse__Output>
      ReassignRequest: MessageTypeDefinition<_shardcast_v1_ReassignRequest, _shardcast_v1_ReassignRequest__Output>
      ReassignResponse: MessageTypeDefinition<_shardcast_v1_ReassignResponse, _shardcast_v1_ReassignResponse__Output>
      RouteUpdate: MessageTypeDefinition<_shardcast_v1_RouteUpdate, _shardcast_v1_RouteUpdate__Output>
      ScanEntry: MessageTypeDefinition<_shardcast_v1_ScanEntry, _shardcast_v1_ScanEntry__Output>
      ScanRequest: MessageTypeDefinition<_shardcast_v1_ScanRequest, _shardcast_v1_ScanRequest__Output>
      ScanResponse: MessageTypeDefinition<_shardcast_v1_ScanResponse, _shardcast_v1_ScanResponse__Output>
      ServingStatusRequest: MessageTypeDefinition<_shardcast_v1_ServingStatusRequest, _shardcast_v1_ServingStatusRequest__Output>
      ServingStatusResponse: MessageTypeDefinition<_shardcast_v1_ServingStatusResponse, _shardcast_v1_ServingStatusResponse__Output>
      ShardLocation: MessageTypeDefinition<_shardcast_v1_ShardLocation, _shardcast_v1_ShardLocation__Output>
      ShardMapEntry: MessageTypeDefinition<_shardcast_v1_ShardMapEntry, _shardcast_v1_ShardMapEntry__Output>
      SidecarMessage: MessageTypeDefinition<_shardcast_v1_SidecarMessage, _shardcast_v1_SidecarMessage__Output>
      SizeRecommendation: MessageTypeDefinition<_shardcast_v1_SizeRecommendation, _shardcast_v1_SizeRecommendation__Output>
      SplitRequest: MessageTypeDefinition<_shardcast_v1_SplitRequest, _shardcast_v1_SplitRequest__Output>
      SplitResponse: MessageTypeDefinition<_shardcast_v1_SplitResponse, _shardcast_v1_SplitResponse__Output>
      StartCopyRequest: MessageTypeDefinition<_shardcast_v1_StartCopyRequest, _shardcast_v1_StartCopyRequest__Output>
      StatsRequest: MessageTypeDefinition<_shardcast_v1_StatsRequest, _shardcast_v1_StatsRequest__Output>
      StatsResponse: MessageTypeDefinition<_shardcast_v1_StatsResponse, _shardcast_v1_StatsResponse__Output>
      TopicPrediction: MessageTypeDefinition<_shardcast_v1_TopicPrediction, _shardcast_v1_TopicPrediction__Output>
      TransferAck: MessageTypeDefinition<_shardcast_v1_TransferAck, _shardcast_v1_TransferAck__Output>
      TransferMessage: MessageTypeDefinition<_shardcast_v1_TransferMessage, _shardcast_v1_TransferMessage__Output>
      TransferStart: MessageTypeDefinition<_shardcast_v1_TransferStart, _shardcast_v1_TransferStart__Output>
      UndrainRequest: MessageTypeDefinition<_shardcast_v1_UndrainRequest, _shardcast_v1_UndrainRequest__Output>
      UndrainResponse: MessageTypeDefinition<_shardcast_v1_UndrainResponse, _shardcast_v1_UndrainResponse__Output>
      UpdateMetricsRequest: MessageTypeDefinition<_shardcast_v1_UpdateMetricsRequest, _shardcast_v1_UpdateMetricsRequest__Output>
      UpdateMetricsResponse: MessageTypeDefinition<_shardcast_v1_UpdateMetricsResponse, _shardcast_v1_UpdateMetricsResponse__Output>
      WatchEventsRequest: MessageTypeDefinition<_shardcast_v1_WatchEventsRequest, _shardcast_v1_WatchEventsRequest__Output>
      Welcome: MessageTypeDefinition<_shardcast_v1_Welcome, _shardcast_v1_Welcome__Output>
      WildcardShard: MessageTypeDefinition<_shardcast_v1_WildcardShard, _shardcast_v1_WildcardShard__Output>
    }
  }
}

