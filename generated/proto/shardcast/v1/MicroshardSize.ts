// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface MicroshardSize {
  'microshardId'?: (number | string | Long);
  'entries'?: (number | string | Long);
  'bytes'?: (number | string | Long);
}

export interface MicroshardSize__Output {
  'microshardId': (string);
  'entries': (string);
  'bytes': (string);
}
