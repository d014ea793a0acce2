// Original file: proto/shardcast/v1/sidecar.proto

import type { TopicKind as _shardcast_v1_TopicKind, TopicKind__Output as _shardcast_v1_TopicKind__Output } from '../../shardcast/v1/TopicKind.js';
import type { TopicForecast as _shardcast_v1_TopicForecast, TopicForecast__Output as _shardcast_v1_TopicForecast__Output } from '../../shardcast/v1/TopicForecast.js';
import type { Long } from '@grpc/proto-loader';

export interface TopicLoad {
  'topic'?: (string);
  'kind'?: (_shardcast_v1_TopicKind);
  'subscriptions'?: (number | string | Long);
  'publishes'?: (number | string | Long);
  'publishBytes'?: (number | string | Long);
  'subscribes'?: (number | string | Long);
  'unsubscribes'?: (number | string | Long);
  'clients'?: (number);
  'clientsCapped'?: (boolean);
  'publishRatePerS'?: (number | string);
  'bytesPerS'?: (number | string);
  'clientEventRatePerS'?: (number | string);
  'forecast'?: (_shardcast_v1_TopicForecast | null);
}

export interface TopicLoad__Output {
  'topic': (string);
  'kind': (_shardcast_v1_TopicKind__Output);
  'subscriptions': (string);
  'publishes': (string);
  'publishBytes': (string);
  'subscribes': (string);
  'unsubscribes': (string);
  'clients': (number);
  'clientsCapped': (boolean);
  'publishRatePerS': (number);
  'bytesPerS': (number);
  'clientEventRatePerS': (number);
  'forecast': (_shardcast_v1_TopicForecast__Output | null);
}
