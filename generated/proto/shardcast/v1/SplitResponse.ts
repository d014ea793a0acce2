// Original file: proto/shardcast/v1/admin.proto

import type { Microshard as _shardcast_v1_Microshard, Microshard__Output as _shardcast_v1_Microshard__Output } from '../../shardcast/v1/Microshard.js';

export interface SplitResponse {
  'microshards'?: (_shardcast_v1_Microshard)[];
  'plan'?: (string);
}

export interface SplitResponse__Output {
  'microshards': (_shardcast_v1_Microshard__Output)[];
  'plan': (string);
}
