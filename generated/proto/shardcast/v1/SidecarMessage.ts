// Original file: proto/shardcast/v1/coordinator.proto

import type { Hello as _shardcast_v1_Hello, Hello__Output as _shardcast_v1_Hello__Output } from '../../shardcast/v1/Hello.js';
import type { Heartbeat as _shardcast_v1_Heartbeat, Heartbeat__Output as _shardcast_v1_Heartbeat__Output } from '../../shardcast/v1/Heartbeat.js';
import type { LoadReport as _shardcast_v1_LoadReport, LoadReport__Output as _shardcast_v1_LoadReport__Output } from '../../shardcast/v1/LoadReport.js';
import type { Bid as _shardcast_v1_Bid, Bid__Output as _shardcast_v1_Bid__Output } from '../../shardcast/v1/Bid.js';
import type { AnomalyReport as _shardcast_v1_AnomalyReport, AnomalyReport__Output as _shardcast_v1_AnomalyReport__Output } from '../../shardcast/v1/AnomalyReport.js';

export interface SidecarMessage {
  'hello'?: (_shardcast_v1_Hello | null);
  'heartbeat'?: (_shardcast_v1_Heartbeat | null);
  'load'?: (_shardcast_v1_LoadReport | null);
  'bid'?: (_shardcast_v1_Bid | null);
  'anomaly'?: (_shardcast_v1_AnomalyReport | null);
  'kind'?: "hello"|"heartbeat"|"load"|"bid"|"anomaly";
}

export interface SidecarMessage__Output {
  'hello'?: (_shardcast_v1_Hello__Output | null);
  'heartbeat'?: (_shardcast_v1_Heartbeat__Output | null);
  'load'?: (_shardcast_v1_LoadReport__Output | null);
  'bid'?: (_shardcast_v1_Bid__Output | null);
  'anomaly'?: (_shardcast_v1_AnomalyReport__Output | null);
  'kind'?: "hello"|"heartbeat"|"load"|"bid"|"anomaly";
}
