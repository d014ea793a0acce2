// Original file: proto/shardcast/v1/dataplane.proto

import type { MicroshardSize as _shardcast_v1_MicroshardSize, MicroshardSize__Output as _shardcast_v1_MicroshardSize__Output } from '../../shardcast/v1/MicroshardSize.js';
import type { Long } from '@grpc/proto-loader';

export interface StatsResponse {
  'nodeId'?: (string);
  'entries'?: (number | string | Long);
  'bytes'?: (number | string | Long);
  'microshards'?: (_shardcast_v1_MicroshardSize)[];
  'lastSeq'?: (number | string | Long);
  'revision'?: (number | string | Long);
}

export interface StatsResponse__Output {
  'nodeId': (string);
  'entries': (string);
  'bytes': (string);
  'microshards': (_shardcast_v1_MicroshardSize__Output)[];
  'lastSeq': (string);
  'revision': (string);
}
