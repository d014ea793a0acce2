// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface CleanupResponse {
  'dropped'?: (number | string | Long);
}

export interface CleanupResponse__Output {
  'dropped': (string);
}
