// Original file: proto/shardcast/v1/sidecar.proto

import type { TopicForecastSeries as _shardcast_v1_TopicForecastSeries, TopicForecastSeries__Output as _shardcast_v1_TopicForecastSeries__Output } from '../../shardcast/v1/TopicForecastSeries.js';
import type { Long } from '@grpc/proto-loader';

export interface TopicForecast {
  'quantiles'?: (number | string)[];
  'values'?: (_shardcast_v1_TopicForecastSeries)[];
  'modelVersion'?: (string);
  'method'?: (string);
  'intervalMs'?: (number | string | Long);
  'startMs'?: (number | string | Long);
  'season'?: (number);
  'historyPoints'?: (number);
}

export interface TopicForecast__Output {
  'quantiles': (number)[];
  'values': (_shardcast_v1_TopicForecastSeries__Output)[];
  'modelVersion': (string);
  'method': (string);
  'intervalMs': (string);
  'startMs': (string);
  'season': (number);
  'historyPoints': (number);
}
