// Original file: proto/shardcast/v1/coordinator.proto

import type { ForecastSeries as _shardcast_v1_ForecastSeries, ForecastSeries__Output as _shardcast_v1_ForecastSeries__Output } from '../../shardcast/v1/ForecastSeries.js';
import type { CoAccessPartner as _shardcast_v1_CoAccessPartner, CoAccessPartner__Output as _shardcast_v1_CoAccessPartner__Output } from '../../shardcast/v1/CoAccessPartner.js';
import type { Long } from '@grpc/proto-loader';

export interface AuctionLot {
  'microshardId'?: (number | string | Long);
  'start'?: (string);
  'end'?: (string);
  'owner'?: (string);
  'why'?: (string);
  'quantiles'?: (number | string)[];
  'predicted'?: (_shardcast_v1_ForecastSeries)[];
  'sizeBytes'?: (number | string | Long);
  'coAccess'?: (_shardcast_v1_CoAccessPartner)[];
  'clientRegions'?: ({[key: string]: number | string});
}

export interface AuctionLot__Output {
  'microshardId': (string);
  'start': (string);
  'end': (string);
  'owner': (string);
  'why': (string);
  'quantiles': (number)[];
  'predicted': (_shardcast_v1_ForecastSeries__Output)[];
  'sizeBytes': (string);
  'coAccess': (_shardcast_v1_CoAccessPartner__Output)[];
  'clientRegions': ({[key: string]: number});
}
