// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface PutRequest {
  'key'?: (Buffer | Uint8Array | string);
  'value'?: (Buffer | Uint8Array | string);
  'epoch'?: (number | string | Long);
  'requestId'?: (string);
}

export interface PutRequest__Output {
  'key': (Buffer);
  'value': (Buffer);
  'epoch': (string);
  'requestId': (string);
}
