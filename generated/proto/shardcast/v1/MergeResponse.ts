// Original file: proto/shardcast/v1/admin.proto

import type { Microshard as _shardcast_v1_Microshard, Microshard__Output as _shardcast_v1_Microshard__Output } from '../../shardcast/v1/Microshard.js';
import type { Migration as _shardcast_v1_Migration, Migration__Output as _shardcast_v1_Migration__Output } from '../../shardcast/v1/Migration.js';

export interface MergeResponse {
  'merged'?: (_shardcast_v1_Microshard | null);
  'migration'?: (_shardcast_v1_Migration | null);
  'plan'?: (string);
}

export interface MergeResponse__Output {
  'merged': (_shardcast_v1_Microshard__Output | null);
  'migration': (_shardcast_v1_Migration__Output | null);
  'plan': (string);
}
