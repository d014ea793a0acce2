// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface ChecksumResponse {
  'digest'?: (string);
  'entries'?: (number | string | Long);
  'bytes'?: (number | string | Long);
}

export interface ChecksumResponse__Output {
  'digest': (string);
  'entries': (string);
  'bytes': (string);
}
