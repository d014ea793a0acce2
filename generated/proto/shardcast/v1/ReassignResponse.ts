// Original file: proto/shardcast/v1/admin.proto

import type { Microshard as _shardcast_v1_Microshard, Microshard__Output as _shardcast_v1_Microshard__Output } from '../../shardcast/v1/Microshard.js';

export interface ReassignResponse {
  'microshard'?: (_shardcast_v1_Microshard | null);
}

export interface ReassignResponse__Output {
  'microshard': (_shardcast_v1_Microshard__Output | null);
}
