// Original file: proto/shardcast/v1/admin.proto

import type { ShardLocation as _shardcast_v1_ShardLocation, ShardLocation__Output as _shardcast_v1_ShardLocation__Output } from '../../shardcast/v1/ShardLocation.js';
import type { WildcardShard as _shardcast_v1_WildcardShard, WildcardShard__Output as _shardcast_v1_WildcardShard__Output } from '../../shardcast/v1/WildcardShard.js';

export interface GetShardForTopicResponse {
  'topic'?: (string);
  'keyHash'?: (string);
  'shard'?: (_shardcast_v1_ShardLocation | null);
  'wildcardShards'?: (_shardcast_v1_WildcardShard)[];
  'shardsAsked'?: (number);
  'filtersKnown'?: (number);
  'answeredBy'?: (string);
}

export interface GetShardForTopicResponse__Output {
  'topic': (string);
  'keyHash': (string);
  'shard': (_shardcast_v1_ShardLocation__Output | null);
  'wildcardShards': (_shardcast_v1_WildcardShard__Output)[];
  'shardsAsked': (number);
  'filtersKnown': (number);
  'answeredBy': (string);
}
