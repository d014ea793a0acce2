// Original file: proto/shardcast/v1/sidecar.proto

import type { Long } from '@grpc/proto-loader';

export interface AccessRecord {
  'keyHash'?: (string);
  'key'?: (Buffer | Uint8Array | string);
  'reads'?: (number);
  'writes'?: (number);
  'bytesRead'?: (number | string | Long);
  'bytesWritten'?: (number | string | Long);
  'latencyUs'?: (number | string | Long);
  'errors'?: (number);
  'coAccessGroup'?: (number | string | Long);
  'clientRegion'?: (string);
}

export interface AccessRecord__Output {
  'keyHash': (string);
  'key': (Buffer);
  'reads': (number);
  'writes': (number);
  'bytesRead': (string);
  'bytesWritten': (string);
  'latencyUs': (string);
  'errors': (number);
  'coAccessGroup': (string);
  'clientRegion': (string);
}
