// Original file: proto/shardcast/v1/admin.proto

import type { SizeRecommendation as _shardcast_v1_SizeRecommendation, SizeRecommendation__Output as _shardcast_v1_SizeRecommendation__Output } from '../../shardcast/v1/SizeRecommendation.js';
import type { Long } from '@grpc/proto-loader';

export interface GetCapacityResponse {
  'liveNodes'?: (number);
  'desiredNodes'?: (number);
  'provisioning'?: (number);
  'retiring'?: (number);
  'provisioner'?: (string);
  'sizes'?: (_shardcast_v1_SizeRecommendation)[];
  'lastDecisionJson'?: (string);
  'lastDecisionAtMs'?: (number | string | Long);
  'managedNodes'?: (string)[];
  'intervalMs'?: (number | string | Long);
  'answeredBy'?: (string);
}

export interface GetCapacityResponse__Output {
  'liveNodes': (number);
  'desiredNodes': (number);
  'provisioning': (number);
  'retiring': (number);
  'provisioner': (string);
  'sizes': (_shardcast_v1_SizeRecommendation__Output)[];
  'lastDecisionJson': (string);
  'lastDecisionAtMs': (string);
  'managedNodes': (string)[];
  'intervalMs': (string);
  'answeredBy': (string);
}
