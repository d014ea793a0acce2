// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface ScanRequest {
  'prefix'?: (string);
  'from'?: (Buffer | Uint8Array | string);
  'to'?: (Buffer | Uint8Array | string);
  'limit'?: (number);
  'microshardId'?: (number | string | Long);
}

export interface ScanRequest__Output {
  'prefix': (string);
  'from': (Buffer);
  'to': (Buffer);
  'limit': (number);
  'microshardId': (string);
}
