// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface ArmTargetRequest {
  'migrationId'?: (string);
  'microshardId'?: (number | string | Long);
  'epoch'?: (number | string | Long);
  'ttlMs'?: (number);
}

export interface ArmTargetRequest__Output {
  'migrationId': (string);
  'microshardId': (string);
  'epoch': (string);
  'ttlMs': (number);
}
