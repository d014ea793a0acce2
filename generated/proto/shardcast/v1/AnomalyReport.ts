// Original file: proto/shardcast/v1/coordinator.proto

import type { Anomaly as _shardcast_v1_Anomaly, Anomaly__Output as _shardcast_v1_Anomaly__Output } from '../../shardcast/v1/Anomaly.js';
import type { Long } from '@grpc/proto-loader';

export interface AnomalyReport {
  'intervalStartMs'?: (number | string | Long);
  'intervalMs'?: (number | string | Long);
  'anomalies'?: (_shardcast_v1_Anomaly)[];
}

export interface AnomalyReport__Output {
  'intervalStartMs': (string);
  'intervalMs': (string);
  'anomalies': (_shardcast_v1_Anomaly__Output)[];
}
