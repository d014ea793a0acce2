import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { LifecycleEvent as _shardcast_v1_LifecycleEvent, LifecycleEvent__Output as _shardcast_v1_LifecycleEvent__Output } from './shardcast/v1/LifecycleEvent.js';
import type { Microshard as _shardcast_v1_Microshard, Microshard__Output as _shardcast_v1_Microshard__Output } from './shardcast/v1/Microshard.js';
import type { Node as _shardcast_v1_Node, Node__Output as _shardcast_v1_Node__Output } from './shardcast/v1/Node.js';
import type { RouteUpdate as _shardcast_v1_RouteUpdate, RouteUpdate__Output as _shardcast_v1_RouteUpdate__Output } from './shardcast/v1/RouteUpdate.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shardcast: {
    v1: {
      LifecycleEvent: MessageTypeDefinition<_shardcast_v1_LifecycleEvent, _shardcast_v1_LifecycleEvent__Output>
      Microshard: MessageTypeDefinition<_shardcast_v1_Microshard, _shardcast_v1_Microshard__Output>
      MicroshardState: EnumTypeDefinition
      Node: MessageTypeDefinition<_shardcast_v1_Node, _shardcast_v1_Node__Output>
      RouteUpdate: MessageTypeDefinition<_shardcast_v1_RouteUpdate, _shardcast_v1_RouteUpdate__Output>
    }
  }
}

