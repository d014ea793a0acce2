// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface FenceResponse {
  'lastSeq'?: (number | string | Long);
}

export interface FenceResponse__Output {
  'lastSeq': (string);
}
