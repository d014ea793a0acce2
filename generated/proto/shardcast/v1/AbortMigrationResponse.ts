// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface AbortMigrationResponse {
  'unfenced'?: (boolean);
  'dropped'?: (number | string | Long);
}

export interface AbortMigrationResponse__Output {
  'unfenced': (boolean);
  'dropped': (string);
}
