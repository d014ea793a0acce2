// Original file: proto/shardcast/v1/coordinator.proto

import type { AuctionLot as _shardcast_v1_AuctionLot, AuctionLot__Output as _shardcast_v1_AuctionLot__Output } from '../../shardcast/v1/AuctionLot.js';
import type { Long } from '@grpc/proto-loader';

export interface AuctionOpen {
  'auctionId'?: (number | string | Long);
  'lots'?: (_shardcast_v1_AuctionLot)[];
  'deadlineMs'?: (number);
  'intervalMs'?: (number | string | Long);
  'startMs'?: (number | string | Long);
  'maxConcurrentPerNode'?: (number);
  'nodeBytesBudgetPerInterval'?: (number | string);
  'budgetWindow'?: (number);
  'coAccessWeight'?: (number | string);
  'proximityWeight'?: (number | string);
  'defaultCapacityOpsPerS'?: (number | string);
}

export interface AuctionOpen__Output {
  'auctionId': (string);
  'lots': (_shardcast_v1_AuctionLot__Output)[];
  'deadlineMs': (number);
  'intervalMs': (string);
  'startMs': (string);
  'maxConcurrentPerNode': (number);
  'nodeBytesBudgetPerInterval': (number);
  'budgetWindow': (number);
  'coAccessWeight': (number);
  'proximityWeight': (number);
  'defaultCapacityOpsPerS': (number);
}
