// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface PutResponse {
  'version'?: (number | string | Long);
  'duplicate'?: (boolean);
}

export interface PutResponse__Output {
  'version': (string);
  'duplicate': (boolean);
}
