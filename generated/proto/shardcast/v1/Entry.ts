// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface Entry {
  'key'?: (Buffer | Uint8Array | string);
  'value'?: (Buffer | Uint8Array | string);
  'version'?: (number | string | Long);
  'deleted'?: (boolean);
  'seq'?: (number | string | Long);
  'requestId'?: (string);
}

export interface Entry__Output {
  'key': (Buffer);
  'value': (Buffer);
  'version': (string);
  'deleted': (boolean);
  'seq': (string);
  'requestId': (string);
}
