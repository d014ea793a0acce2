// Original file: proto/shardcast/v1/sidecar.proto

import type { Microshard as _shardcast_v1_Microshard, Microshard__Output as _shardcast_v1_Microshard__Output } from '../../shardcast/v1/Microshard.js';
import type { Long } from '@grpc/proto-loader';

export interface RouteResponse {
  'microshard'?: (_shardcast_v1_Microshard | null);
  'datastoreAddress'?: (string);
  'keyHash'?: (string);
  'revision'?: (number | string | Long);
}

export interface RouteResponse__Output {
  'microshard': (_shardcast_v1_Microshard__Output | null);
  'datastoreAddress': (string);
  'keyHash': (string);
  'revision': (string);
}
