// Original file: proto/shardcast/v1/dataplane.proto

import type { GetRequest as _shardcast_v1_GetRequest, GetRequest__Output as _shardcast_v1_GetRequest__Output } from '../../shardcast/v1/GetRequest.js';

export interface GetBatchRequest {
  'keys'?: (_shardcast_v1_GetRequest)[];
}

export interface GetBatchRequest__Output {
  'keys': (_shardcast_v1_GetRequest__Output)[];
}
