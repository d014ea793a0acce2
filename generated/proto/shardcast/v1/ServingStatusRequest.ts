// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface ServingStatusRequest {
  'microshardId'?: (number | string | Long);
  'epoch'?: (number | string | Long);
}

export interface ServingStatusRequest__Output {
  'microshardId': (string);
  'epoch': (string);
}
