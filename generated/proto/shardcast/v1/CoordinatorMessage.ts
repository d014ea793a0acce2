// Original file: proto/shardcast/v1/coordinator.proto

import type { Welcome as _shardcast_v1_Welcome, Welcome__Output as _shardcast_v1_Welcome__Output } from '../../shardcast/v1/Welcome.js';
import type { HeartbeatAck as _shardcast_v1_HeartbeatAck, HeartbeatAck__Output as _shardcast_v1_HeartbeatAck__Output } from '../../shardcast/v1/HeartbeatAck.js';
import type { RouteUpdate as _shardcast_v1_RouteUpdate, RouteUpdate__Output as _shardcast_v1_RouteUpdate__Output } from '../../shardcast/v1/RouteUpdate.js';
import type { LeaderInfo as _shardcast_v1_LeaderInfo, LeaderInfo__Output as _shardcast_v1_LeaderInfo__Output } from '../../shardcast/v1/LeaderInfo.js';
import type { AuctionOpen as _shardcast_v1_AuctionOpen, AuctionOpen__Output as _shardcast_v1_AuctionOpen__Output } from '../../shardcast/v1/AuctionOpen.js';

export interface CoordinatorMessage {
  'welcome'?: (_shardcast_v1_Welcome | null);
  'heartbeatAck'?: (_shardcast_v1_HeartbeatAck | null);
  'routes'?: (_shardcast_v1_RouteUpdate | null);
  'redirect'?: (_shardcast_v1_LeaderInfo | null);
  'auction'?: (_shardcast_v1_AuctionOpen | null);
  'kind'?: "welcome"|"heartbeatAck"|"routes"|"redirect"|"auction";
}

export interface CoordinatorMessage__Output {
  'welcome'?: (_shardcast_v1_Welcome__Output | null);
  'heartbeatAck'?: (_shardcast_v1_HeartbeatAck__Output | null);
  'routes'?: (_shardcast_v1_RouteUpdate__Output | null);
  'redirect'?: (_shardcast_v1_LeaderInfo__Output | null);
  'auction'?: (_shardcast_v1_AuctionOpen__Output | null);
  'kind'?: "welcome"|"heartbeatAck"|"routes"|"redirect"|"auction";
}
