// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface ArmCutoverRequest {
  'microshardId'?: (number | string | Long);
  'epoch'?: (number | string | Long);
  'armed'?: (boolean);
  'ttlMs'?: (number);
}

export interface ArmCutoverRequest__Output {
  'microshardId': (string);
  'epoch': (string);
  'armed': (boolean);
  'ttlMs': (number);
}
