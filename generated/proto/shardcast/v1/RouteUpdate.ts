// Original file: proto/shardcast/v1/common.proto

import type { Microshard as _shardcast_v1_Microshard, Microshard__Output as _shardcast_v1_Microshard__Output } from '../../shardcast/v1/Microshard.js';
import type { Node as _shardcast_v1_Node, Node__Output as _shardcast_v1_Node__Output } from '../../shardcast/v1/Node.js';
import type { Long } from '@grpc/proto-loader';

export interface RouteUpdate {
  'revision'?: (number | string | Long);
  'full'?: (boolean);
  'upserts'?: (_shardcast_v1_Microshard)[];
  'removedIds'?: (number | string | Long)[];
  'nodes'?: (_shardcast_v1_Node)[];
  'keySchema'?: (string);
}

export interface RouteUpdate__Output {
  'revision': (string);
  'full': (boolean);
  'upserts': (_shardcast_v1_Microshard__Output)[];
  'removedIds': (string)[];
  'nodes': (_shardcast_v1_Node__Output)[];
  'keySchema': (string);
}
