// Original file: proto/shardcast/v1/admin.proto

import type { ShardLocation as _shardcast_v1_ShardLocation, ShardLocation__Output as _shardcast_v1_ShardLocation__Output } from '../../shardcast/v1/ShardLocation.js';
import type { Long } from '@grpc/proto-loader';

export interface ShardMapEntry {
  'topic'?: (string);
  'kind'?: (string);
  'shard'?: (_shardcast_v1_ShardLocation | null);
  'subscriptions'?: (number | string | Long);
  'predictedRateP90'?: (number | string);
}

export interface ShardMapEntry__Output {
  'topic': (string);
  'kind': (string);
  'shard': (_shardcast_v1_ShardLocation__Output | null);
  'subscriptions': (string);
  'predictedRateP90': (number);
}
