// Original file: proto/shardcast/v1/dataplane.proto

import type { GetResponse as _shardcast_v1_GetResponse, GetResponse__Output as _shardcast_v1_GetResponse__Output } from '../../shardcast/v1/GetResponse.js';

export interface GetBatchResponse {
  'results'?: (_shardcast_v1_GetResponse)[];
}

export interface GetBatchResponse__Output {
  'results': (_shardcast_v1_GetResponse__Output)[];
}
