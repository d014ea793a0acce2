// Original file: proto/shardcast/v1/coordinator.proto

import type { ForecastSeries as _shardcast_v1_ForecastSeries, ForecastSeries__Output as _shardcast_v1_ForecastSeries__Output } from '../../shardcast/v1/ForecastSeries.js';
import type { Long } from '@grpc/proto-loader';

export interface MicroshardForecast {
  'microshardId'?: (number | string | Long);
  'quantiles'?: (number | string)[];
  'values'?: (_shardcast_v1_ForecastSeries)[];
  'modelVersion'?: (string);
  'method'?: (string);
  'intervalMs'?: (number | string | Long);
  'startMs'?: (number | string | Long);
  'season'?: (number);
  'historyPoints'?: (number);
}

export interface MicroshardForecast__Output {
  'microshardId': (string);
  'quantiles': (number)[];
  'values': (_shardcast_v1_ForecastSeries__Output)[];
  'modelVersion': (string);
  'method': (string);
  'intervalMs': (string);
  'startMs': (string);
  'season': (number);
  'historyPoints': (number);
}
