// Original file: proto/shardcast/v1/admin.proto

import type { Migration as _shardcast_v1_Migration, Migration__Output as _shardcast_v1_Migration__Output } from '../../shardcast/v1/Migration.js';

export interface MigrateResponse {
  'migration'?: (_shardcast_v1_Migration | null);
  'plan'?: (string);
}

export interface MigrateResponse__Output {
  'migration': (_shardcast_v1_Migration__Output | null);
  'plan': (string);
}
