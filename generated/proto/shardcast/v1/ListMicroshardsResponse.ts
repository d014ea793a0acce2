// Original file: proto/shardcast/v1/admin.proto

import type { Microshard as _shardcast_v1_Microshard, Microshard__Output as _shardcast_v1_Microshard__Output } from '../../shardcast/v1/Microshard.js';
import type { Long } from '@grpc/proto-loader';

export interface ListMicroshardsResponse {
  'microshards'?: (_shardcast_v1_Microshard)[];
  'revision'?: (number | string | Long);
}

export interface ListMicroshardsResponse__Output {
  'microshards': (_shardcast_v1_Microshard__Output)[];
  'revision': (string);
}
