// Original file: proto/shardcast/v1/admin.proto

import type { ForecastSeries as _shardcast_v1_ForecastSeries, ForecastSeries__Output as _shardcast_v1_ForecastSeries__Output } from '../../shardcast/v1/ForecastSeries.js';
import type { Long } from '@grpc/proto-loader';

export interface TopicPrediction {
  'topic'?: (string);
  'kind'?: (string);
  'subscriptions'?: (number | string | Long);
  'publishRatePerS'?: (number | string);
  'bytesPerS'?: (number | string);
  'clientEventRatePerS'?: (number | string);
  'clients'?: (number);
  'quantiles'?: (number | string)[];
  'values'?: (_shardcast_v1_ForecastSeries)[];
  'intervalMs'?: (number | string | Long);
  'startMs'?: (number | string | Long);
  'modelVersion'?: (string);
  'method'?: (string);
  'predictedRateP50'?: (number | string);
  'predictedRateP90'?: (number | string);
  'reportedBy'?: (string)[];
  'cachedAtMs'?: (number | string | Long);
  'expiresAtMs'?: (number | string | Long);
}

export interface TopicPrediction__Output {
  'topic': (string);
  'kind': (string);
  'subscriptions': (string);
  'publishRatePerS': (number);
  'bytesPerS': (number);
  'clientEventRatePerS': (number);
  'clients': (number);
  'quantiles': (number)[];
  'values': (_shardcast_v1_ForecastSeries__Output)[];
  'intervalMs': (string);
  'startMs': (string);
  'modelVersion': (string);
  'method': (string);
  'predictedRateP50': (number);
  'predictedRateP90': (number);
  'reportedBy': (string)[];
  'cachedAtMs': (string);
  'expiresAtMs': (string);
}
