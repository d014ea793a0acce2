// Original file: proto/shardcast/v1/admin.proto

import type { ShardLocation as _shardcast_v1_ShardLocation, ShardLocation__Output as _shardcast_v1_ShardLocation__Output } from '../../shardcast/v1/ShardLocation.js';

export interface WildcardShard {
  'shard'?: (_shardcast_v1_ShardLocation | null);
  'filters'?: (string)[];
}

export interface WildcardShard__Output {
  'shard': (_shardcast_v1_ShardLocation__Output | null);
  'filters': (string)[];
}
