// Original file: proto/shardcast/v1/coordinator.proto

import type { LotBid as _shardcast_v1_LotBid, LotBid__Output as _shardcast_v1_LotBid__Output } from '../../shardcast/v1/LotBid.js';
import type { Long } from '@grpc/proto-loader';

export interface Bid {
  'auctionId'?: (number | string | Long);
  'lots'?: (_shardcast_v1_LotBid)[];
  'hostCpuUtilisation'?: (number | string);
  'capacity'?: (number | string);
}

export interface Bid__Output {
  'auctionId': (string);
  'lots': (_shardcast_v1_LotBid__Output)[];
  'hostCpuUtilisation': (number);
  'capacity': (number);
}
