// Original file: proto/shardcast/v1/admin.proto

import type { Migration as _shardcast_v1_Migration, Migration__Output as _shardcast_v1_Migration__Output } from '../../shardcast/v1/Migration.js';
import type { NodeMigrationLoad as _shardcast_v1_NodeMigrationLoad, NodeMigrationLoad__Output as _shardcast_v1_NodeMigrationLoad__Output } from '../../shardcast/v1/NodeMigrationLoad.js';
import type { Long } from '@grpc/proto-loader';

export interface ListMigrationsResponse {
  'migrations'?: (_shardcast_v1_Migration)[];
  'maxPerNode'?: (number);
  'bytesPerSPerNode'?: (number | string | Long);
  'nodes'?: (_shardcast_v1_NodeMigrationLoad)[];
}

export interface ListMigrationsResponse__Output {
  'migrations': (_shardcast_v1_Migration__Output)[];
  'maxPerNode': (number);
  'bytesPerSPerNode': (string);
  'nodes': (_shardcast_v1_NodeMigrationLoad__Output)[];
}
