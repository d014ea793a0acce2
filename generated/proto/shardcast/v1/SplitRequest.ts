// Original file: proto/shardcast/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface SplitRequest {
  'microshardId'?: (number | string | Long);
  'at'?: (string);
  'dryRun'?: (boolean);
  'requestedBy'?: (string);
}

export interface SplitRequest__Output {
  'microshardId': (string);
  'at': (string);
  'dryRun': (boolean);
  'requestedBy': (string);
}
