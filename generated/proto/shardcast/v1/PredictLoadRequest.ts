// Original file: proto/shardcast/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface PredictLoadRequest {
  'microshardId'?: (number | string | Long);
  'key'?: (Buffer | Uint8Array | string);
  'history'?: (number);
  'target'?: "microshardId"|"key";
}

export interface PredictLoadRequest__Output {
  'microshardId'?: (string);
  'key'?: (Buffer);
  'history': (number);
  'target'?: "microshardId"|"key";
}
