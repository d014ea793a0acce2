// Original file: proto/shardcast/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatAck {
  'seq'?: (number | string | Long);
  'leaseTtlMs'?: (number | string | Long);
}

export interface HeartbeatAck__Output {
  'seq': (string);
  'leaseTtlMs': (string);
}
