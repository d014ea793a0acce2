// Original file: proto/shardcast/v1/admin.proto

import type { SizeRecommendation as _shardcast_v1_SizeRecommendation, SizeRecommendation__Output as _shardcast_v1_SizeRecommendation__Output } from '../../shardcast/v1/SizeRecommendation.js';
import type { Long } from '@grpc/proto-loader';

export interface UpdateMetricsResponse {
  'node'?: (string);
  'acceptedAtMs'?: (number | string | Long);
  'expiresAtMs'?: (number | string | Long);
  'recommendation'?: (_shardcast_v1_SizeRecommendation | null);
  'answeredBy'?: (string);
}

export interface UpdateMetricsResponse__Output {
  'node': (string);
  'acceptedAtMs': (string);
  'expiresAtMs': (string);
  'recommendation': (_shardcast_v1_SizeRecommendation__Output | null);
  'answeredBy': (string);
}
