// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface DropResponse {
  'entries'?: (number | string | Long);
}

export interface DropResponse__Output {
  'entries': (string);
}
