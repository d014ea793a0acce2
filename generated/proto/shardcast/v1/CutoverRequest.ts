// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface CutoverRequest {
  'migrationId'?: (string);
  'microshardId'?: (number | string | Long);
  'epoch'?: (number | string | Long);
  'checksum'?: (boolean);
  'timeoutMs'?: (number);
  'holdAfterFenceMs'?: (number);
}

export interface CutoverRequest__Output {
  'migrationId': (string);
  'microshardId': (string);
  'epoch': (string);
  'checksum': (boolean);
  'timeoutMs': (number);
  'holdAfterFenceMs': (number);
}
