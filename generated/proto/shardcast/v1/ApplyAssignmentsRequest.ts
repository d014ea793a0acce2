// Original file: proto/shardcast/v1/dataplane.proto

import type { RouteUpdate as _shardcast_v1_RouteUpdate, RouteUpdate__Output as _shardcast_v1_RouteUpdate__Output } from '../../shardcast/v1/RouteUpdate.js';
import type { Long } from '@grpc/proto-loader';

export interface ApplyAssignmentsRequest {
  'nodeId'?: (string);
  'routes'?: (_shardcast_v1_RouteUpdate | null);
  'leaseValidForMs'?: (number | string | Long);
}

export interface ApplyAssignmentsRequest__Output {
  'nodeId': (string);
  'routes': (_shardcast_v1_RouteUpdate__Output | null);
  'leaseValidForMs': (string);
}
