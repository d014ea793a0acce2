// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface CleanupRequest {
  'migrationId'?: (string);
  'microshardId'?: (number | string | Long);
  'start'?: (string);
  'end'?: (string);
  'waitMs'?: (number);
}

export interface CleanupRequest__Output {
  'migrationId': (string);
  'microshardId': (string);
  'start': (string);
  'end': (string);
  'waitMs': (number);
}
