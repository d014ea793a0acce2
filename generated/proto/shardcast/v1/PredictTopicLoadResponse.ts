// Original file: proto/shardcast/v1/admin.proto

import type { TopicPrediction as _shardcast_v1_TopicPrediction, TopicPrediction__Output as _shardcast_v1_TopicPrediction__Output } from '../../shardcast/v1/TopicPrediction.js';
import type { ShardLocation as _shardcast_v1_ShardLocation, ShardLocation__Output as _shardcast_v1_ShardLocation__Output } from '../../shardcast/v1/ShardLocation.js';
import type { MicroshardForecast as _shardcast_v1_MicroshardForecast, MicroshardForecast__Output as _shardcast_v1_MicroshardForecast__Output } from '../../shardcast/v1/MicroshardForecast.js';

export interface PredictTopicLoadResponse {
  'topic'?: (_shardcast_v1_TopicPrediction | null);
  'shard'?: (_shardcast_v1_ShardLocation | null);
  'shardForecast'?: (_shardcast_v1_MicroshardForecast | null);
  'answeredBy'?: (string);
}

export interface PredictTopicLoadResponse__Output {
  'topic': (_shardcast_v1_TopicPrediction__Output | null);
  'shard': (_shardcast_v1_ShardLocation__Output | null);
  'shardForecast': (_shardcast_v1_MicroshardForecast__Output | null);
  'answeredBy': (string);
}
