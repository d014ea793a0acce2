// Original file: proto/shardcast/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface Welcome {
  'leaderId'?: (string);
  'leaseTtlMs'?: (number | string | Long);
  'heartbeatIntervalMs'?: (number | string | Long);
  'leaseId'?: (number | string | Long);
}

export interface Welcome__Output {
  'leaderId': (string);
  'leaseTtlMs': (string);
  'heartbeatIntervalMs': (string);
  'leaseId': (string);
}
