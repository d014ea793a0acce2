// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface GetResponse {
  'found'?: (boolean);
  'value'?: (Buffer | Uint8Array | string);
  'version'?: (number | string | Long);
}

export interface GetResponse__Output {
  'found': (boolean);
  'value': (Buffer);
  'version': (string);
}
