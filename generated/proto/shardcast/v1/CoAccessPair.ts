// Original file: proto/shardcast/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface CoAccessPair {
  'a'?: (number | string | Long);
  'b'?: (number | string | Long);
  'count'?: (number | string);
  'error'?: (number | string);
}

export interface CoAccessPair__Output {
  'a': (string);
  'b': (string);
  'count': (number);
  'error': (number);
}
