// Original file: proto/shardcast/v1/dataplane.proto

import type { PutResponse as _shardcast_v1_PutResponse, PutResponse__Output as _shardcast_v1_PutResponse__Output } from '../../shardcast/v1/PutResponse.js';

export interface PutBatchResponse {
  'results'?: (_shardcast_v1_PutResponse)[];
}

export interface PutBatchResponse__Output {
  'results': (_shardcast_v1_PutResponse__Output)[];
}
