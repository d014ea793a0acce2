// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface ScanEntry {
  'key'?: (Buffer | Uint8Array | string);
  'value'?: (Buffer | Uint8Array | string);
  'version'?: (number | string | Long);
}

export interface ScanEntry__Output {
  'key': (Buffer);
  'value': (Buffer);
  'version': (string);
}
