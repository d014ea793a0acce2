// Original file: proto/shardcast/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface ReassignRequest {
  'microshardId'?: (number | string | Long);
  'toNode'?: (string);
  'requestedBy'?: (string);
}

export interface ReassignRequest__Output {
  'microshardId': (string);
  'toNode': (string);
  'requestedBy': (string);
}
