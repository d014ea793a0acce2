// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface ArmResponse {
  'currentEpoch'?: (number | string | Long);
}

export interface ArmResponse__Output {
  'currentEpoch': (string);
}
