// Original file: proto/shardcast/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface ExplainRequest {
  'microshardId'?: (number | string | Long);
  'limit'?: (number);
}

export interface ExplainRequest__Output {
  'microshardId': (string);
  'limit': (number);
}
