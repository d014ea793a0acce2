// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface ArmCutoverResponse {
  'currentEpoch'?: (number | string | Long);
}

export interface ArmCutoverResponse__Output {
  'currentEpoch': (string);
}
