// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface ApplyAssignmentsResponse {
  'revision'?: (number | string | Long);
  'ownedMicroshards'?: (number);
}

export interface ApplyAssignmentsResponse__Output {
  'revision': (string);
  'ownedMicroshards': (number);
}
