// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface ImportResponse {
  'entries'?: (number | string | Long);
  'skippedOlder'?: (number | string | Long);
}

export interface ImportResponse__Output {
  'entries': (string);
  'skippedOlder': (string);
}
