import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AdminClient as _shardcast_v1_AdminClient, AdminDefinition as _shardcast_v1_AdminDefinition } from './shardcast/v1/Admin.js';
import type { ClusterStatus as _shardcast_v1_ClusterStatus, ClusterStatus__Output as _shardcast_v1_ClusterStatus__Output } from './shardcast/v1/ClusterStatus.js';
import type { GetStatusRequest as _shardcast_v1_GetStatusRequest, GetStatusRequest__Output as _shardcast_v1_GetStatusRequest__Output } from './shardcast/v1/GetStatusRequest.js';
import type { LifecycleEvent as _shardcast_v1_LifecycleEvent, LifecycleEvent__Output as _shardcast_v1_LifecycleEvent__Output } from './shardcast/v1/LifecycleEvent.js';
import type { ListMicroshardsRequest as _shardcast_v1_ListMicroshardsRequest, ListMicroshardsRequest__Output as _shardcast_v1_ListMicroshardsRequest__Output } from './shardcast/v1/ListMicroshardsRequest.js';
import type { ListMicroshardsResponse as _shardcast_v1_ListMicroshardsResponse, ListMicroshardsResponse__Output as _shardcast_v1_ListMicroshardsResponse__Output } from './shardcast/v1/ListMicroshardsResponse.js';
import type { ListNodesRequest as _shardcast_v1_ListNodesRequest, ListNodesRequest__Output as _shardcast_v1_ListNodesRequest__Output } from './shardcast/v1/ListNodesRequest.js';
import type { ListNodesResponse as _shardcast_v1_ListNodesResponse, ListNodesResponse__Output as _shardcast_v1_ListNodesResponse__Output } from './shardcast/v1/ListNodesResponse.js';
import type { Microshard as _shardcast_v1_Microshard, Microshard__Output as _shardcast_v1_Microshard__Output } from './shardcast/v1/Microshard.js';
import type { Node as _shardcast_v1_Node, Node__Output as _shardcast_v1_Node__Output } from './shardcast/v1/Node.js';
import type { NodeSummary as _shardcast_v1_NodeSummary, NodeSummary__Output as _shardcast_v1_NodeSummary__Output } from './shardcast/v1/NodeSummary.js';
import type { ReassignRequest as _shardcast_v1_ReassignRequest, ReassignRequest__Output as _shardcast_v1_ReassignRequest__Output } from './shardcast/v1/ReassignRequest.js';
import type { ReassignResponse as _shardcast_v1_ReassignResponse, ReassignResponse__Output as _shardcast_v1_ReassignResponse__Output } from './shardcast/v1/ReassignResponse.js';
import type { RouteUpdate as _shardcast_v1_RouteUpdate, RouteUpdate__Output as _shardcast_v1_RouteUpdate__Output } from './shardcast/v1/RouteUpdate.js';
import type { WatchEventsRequest as _shardcast_v1_WatchEventsRequest, WatchEventsRequest__Output as _shardcast_v1_WatchEventsRequest__Output } from './shardcast/v1/WatchEventsRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shardcast: {
    v1: {
      Admin: SubtypeConstructor<typeof grpc.Client, _shardcast_v1_AdminClient> & { service: _shardcast_v1_AdminDefinition }
      ClusterStatus: MessageTypeDefinition<_shardcast_v1_ClusterStatus, _shardcast_v1_ClusterStatus__Output>
      GetStatusRequest: MessageTypeDefinition<_shardcast_v1_GetStatusRequest, _shardcast_v1_GetStatusRequest__Output>
      LifecycleEvent: MessageTypeDefinition<_shardcast_v1_LifecycleEvent, _shardcast_v1_LifecycleEvent__Output>
      ListMicroshardsRequest: MessageTypeDefinition<_shardcast_v1_ListMicroshardsRequest, _shardcast_v1_ListMicroshardsRequest__Output>
      ListMicroshardsResponse: MessageTypeDefinition<_shardcast_v1_ListMicroshardsResponse, _shardcast_v1_ListMicroshardsResponse__Output>
      ListNodesRequest: MessageTypeDefinition<_shardcast_v1_ListNodesRequest, _shardcast_v1_ListNodesRequest__Output>
      ListNodesResponse: MessageTypeDefinition<_shardcast_v1_ListNodesResponse, _shardcast_v1_ListNodesResponse__Output>
      Microshard: MessageTypeDefinition<_shardcast_v1_Microshard, _shardcast_v1_Microshard__Output>
      MicroshardState: EnumTypeDefinition
      Node: MessageTypeDefinition<_shardcast_v1_Node, _shardcast_v1_Node__Output>
      NodeSummary: MessageTypeDefinition<_shardcast_v1_NodeSummary, _shardcast_v1_NodeSummary__Output>
      ReassignRequest: MessageTypeDefinition<_shardcast_v1_ReassignRequest, _shardcast_v1_ReassignRequest__Output>
      ReassignResponse: MessageTypeDefinition<_shardcast_v1_ReassignResponse, _shardcast_v1_ReassignResponse__Output>
      RouteUpdate: MessageTypeDefinition<_shardcast_v1_RouteUpdate, _shardcast_v1_RouteUpdate__Output>
      WatchEventsRequest: MessageTypeDefinition<_shardcast_v1_WatchEventsRequest, _shardcast_v1_WatchEventsRequest__Output>
    }
  }
}

