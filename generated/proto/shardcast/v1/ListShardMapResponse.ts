// Original file: proto/shardcast/v1/admin.proto

import type { ShardMapEntry as _shardcast_v1_ShardMapEntry, ShardMapEntry__Output as _shardcast_v1_ShardMapEntry__Output } from '../../shardcast/v1/ShardMapEntry.js';

export interface ListShardMapResponse {
  'entries'?: (_shardcast_v1_ShardMapEntry)[];
  'total'?: (number);
  'answeredBy'?: (string);
}

export interface ListShardMapResponse__Output {
  'entries': (_shardcast_v1_ShardMapEntry__Output)[];
  'total': (number);
  'answeredBy': (string);
}
