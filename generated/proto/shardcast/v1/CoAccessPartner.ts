// Original file: proto/shardcast/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface CoAccessPartner {
  'microshardId'?: (number | string | Long);
  'weight'?: (number | string);
}

export interface CoAccessPartner__Output {
  'microshardId': (string);
  'weight': (number);
}
