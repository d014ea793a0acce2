// Original file: proto/shardcast/v1/admin.proto

import type { DatastoreMetrics as _shardcast_v1_DatastoreMetrics, DatastoreMetrics__Output as _shardcast_v1_DatastoreMetrics__Output } from '../../shardcast/v1/DatastoreMetrics.js';
import type { Long } from '@grpc/proto-loader';

export interface UpdateMetricsRequest {
  'shardId'?: (number | string | Long);
  'nodeId'?: (string);
  'metrics'?: (_shardcast_v1_DatastoreMetrics | null);
  'target'?: "shardId"|"nodeId";
}

export interface UpdateMetricsRequest__Output {
  'shardId'?: (string);
  'nodeId'?: (string);
  'metrics': (_shardcast_v1_DatastoreMetrics__Output | null);
  'target'?: "shardId"|"nodeId";
}
