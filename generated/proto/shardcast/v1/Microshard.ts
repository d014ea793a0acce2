// Original file: proto/shardcast/v1/common.proto

import type { MicroshardState as _shardcast_v1_MicroshardState, MicroshardState__Output as _shardcast_v1_MicroshardState__Output } from '../../shardcast/v1/MicroshardState.js';
import type { Long } from '@grpc/proto-loader';

export interface Microshard {
  'id'?: (number | string | Long);
  'start'?: (string);
  'end'?: (string);
  'owner'?: (string);
  'epoch'?: (number | string | Long);
  'state'?: (_shardcast_v1_MicroshardState);
  'createdAtMs'?: (number | string | Long);
  'previousOwner'?: (string);
}

export interface Microshard__Output {
  'id': (string);
  'start': (string);
  'end': (string);
  'owner': (string);
  'epoch': (string);
  'state': (_shardcast_v1_MicroshardState__Output);
  'createdAtMs': (string);
  'previousOwner': (string);
}
