// Original file: proto/shardcast/v1/dataplane.proto

import type { PutRequest as _shardcast_v1_PutRequest, PutRequest__Output as _shardcast_v1_PutRequest__Output } from '../../shardcast/v1/PutRequest.js';

export interface PutBatchRequest {
  'entries'?: (_shardcast_v1_PutRequest)[];
}

export interface PutBatchRequest__Output {
  'entries': (_shardcast_v1_PutRequest__Output)[];
}
