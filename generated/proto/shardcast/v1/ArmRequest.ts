// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface ArmRequest {
  'microshardId'?: (number | string | Long);
  'epoch'?: (number | string | Long);
  'armed'?: (boolean);
  'ttlMs'?: (number);
}

export interface ArmRequest__Output {
  'microshardId': (string);
  'epoch': (string);
  'armed': (boolean);
  'ttlMs': (number);
}
