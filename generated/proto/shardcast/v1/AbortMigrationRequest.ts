// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface AbortMigrationRequest {
  'migrationId'?: (string);
  'role'?: (string);
  'microshardId'?: (number | string | Long);
  'epoch'?: (number | string | Long);
  'start'?: (string);
  'end'?: (string);
}

export interface AbortMigrationRequest__Output {
  'migrationId': (string);
  'role': (string);
  'microshardId': (string);
  'epoch': (string);
  'start': (string);
  'end': (string);
}
