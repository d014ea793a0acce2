// Original file: proto/shardcast/v1/admin.proto

import type { MicroshardState as _shardcast_v1_MicroshardState, MicroshardState__Output as _shardcast_v1_MicroshardState__Output } from '../../shardcast/v1/MicroshardState.js';
import type { Long } from '@grpc/proto-loader';

export interface ShardLocation {
  'microshardId'?: (number | string | Long);
  'node'?: (string);
  'datastoreAddress'?: (string);
  'epoch'?: (number | string | Long);
  'state'?: (_shardcast_v1_MicroshardState);
}

export interface ShardLocation__Output {
  'microshardId': (string);
  'node': (string);
  'datastoreAddress': (string);
  'epoch': (string);
  'state': (_shardcast_v1_MicroshardState__Output);
}
