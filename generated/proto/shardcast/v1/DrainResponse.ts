// Original file: proto/shardcast/v1/admin.proto

import type { Migration as _shardcast_v1_Migration, Migration__Output as _shardcast_v1_Migration__Output } from '../../shardcast/v1/Migration.js';

export interface DrainResponse {
  'migrations'?: (_shardcast_v1_Migration)[];
  'plan'?: (string);
}

export interface DrainResponse__Output {
  'migrations': (_shardcast_v1_Migration__Output)[];
  'plan': (string);
}
