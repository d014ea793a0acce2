// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface ArmTargetResponse {
  'currentEpoch'?: (number | string | Long);
}

export interface ArmTargetResponse__Output {
  'currentEpoch': (string);
}
