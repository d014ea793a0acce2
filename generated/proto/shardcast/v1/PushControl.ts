// Original file: proto/shardcast/v1/dataplane.proto

import type { PushStart as _shardcast_v1_PushStart, PushStart__Output as _shardcast_v1_PushStart__Output } from '../../shardcast/v1/PushStart.js';
import type { Long } from '@grpc/proto-loader';

export interface PushControl {
  'start'?: (_shardcast_v1_PushStart | null);
  'rateBytesPerS'?: (number | string | Long);
}

export interface PushControl__Output {
  'start': (_shardcast_v1_PushStart__Output | null);
  'rateBytesPerS': (string);
}
