// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface FenceRequest {
  'microshardId'?: (number | string | Long);
  'epoch'?: (number | string | Long);
  'fenced'?: (boolean);
  'nextOwner'?: (string);
  'nextOwnerAddress'?: (string);
  'nextEpoch'?: (number | string | Long);
}

export interface FenceRequest__Output {
  'microshardId': (string);
  'epoch': (string);
  'fenced': (boolean);
  'nextOwner': (string);
  'nextOwnerAddress': (string);
  'nextEpoch': (string);
}
