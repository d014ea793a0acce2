// Original file: proto/shardcast/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface LoadPoint {
  'intervalStartMs'?: (number | string | Long);
  'reads'?: (number | string | Long);
  'writes'?: (number | string | Long);
  'ops'?: (number | string | Long);
}

export interface LoadPoint__Output {
  'intervalStartMs': (string);
  'reads': (string);
  'writes': (string);
  'ops': (string);
}
