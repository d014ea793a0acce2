// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface DeleteRequest {
  'key'?: (Buffer | Uint8Array | string);
  'epoch'?: (number | string | Long);
}

export interface DeleteRequest__Output {
  'key': (Buffer);
  'epoch': (string);
}
