// Original file: proto/shardcast/v1/sidecar.proto

import type { AccessRecord as _shardcast_v1_AccessRecord, AccessRecord__Output as _shardcast_v1_AccessRecord__Output } from '../../shardcast/v1/AccessRecord.js';
import type { Long } from '@grpc/proto-loader';

export interface AccessBatch {
  'atMs'?: (number | string | Long);
  'records'?: (_shardcast_v1_AccessRecord)[];
  'loopDelayUs'?: (number | string | Long);
}

export interface AccessBatch__Output {
  'atMs': (string);
  'records': (_shardcast_v1_AccessRecord__Output)[];
  'loopDelayUs': (string);
}
