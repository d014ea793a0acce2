// Original file: proto/shardcast/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface LotBid {
  'microshardId'?: (number | string | Long);
  'headroom'?: (number | string);
  'coAccess'?: (number | string);
  'proximity'?: (number | string);
  'willing'?: (boolean);
  'reason'?: (string);
  'score'?: (number | string);
}

export interface LotBid__Output {
  'microshardId': (string);
  'headroom': (number);
  'coAccess': (number);
  'proximity': (number);
  'willing': (boolean);
  'reason': (string);
  'score': (number);
}
