// Original file: proto/shardcast/v1/admin.proto

import type { TopicPrediction as _shardcast_v1_TopicPrediction, TopicPrediction__Output as _shardcast_v1_TopicPrediction__Output } from '../../shardcast/v1/TopicPrediction.js';
import type { Long } from '@grpc/proto-loader';

export interface ListPredictionCacheResponse {
  'entries'?: (_shardcast_v1_TopicPrediction)[];
  'total'?: (number);
  'ttlMs'?: (number | string | Long);
  'answeredBy'?: (string);
}

export interface ListPredictionCacheResponse__Output {
  'entries': (_shardcast_v1_TopicPrediction__Output)[];
  'total': (number);
  'ttlMs': (string);
  'answeredBy': (string);
}
