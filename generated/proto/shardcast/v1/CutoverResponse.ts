// Original file: proto/shardcast/v1/migration.proto

import type { ChecksumResponse as _shardcast_v1_ChecksumResponse, ChecksumResponse__Output as _shardcast_v1_ChecksumResponse__Output } from '../../shardcast/v1/ChecksumResponse.js';
import type { Long } from '@grpc/proto-loader';

export interface CutoverResponse {
  'lastSeq'?: (number | string | Long);
  'fencedAtMs'?: (number | string | Long);
  'finalTailMs'?: (number | string);
  'sourceChecksum'?: (_shardcast_v1_ChecksumResponse | null);
}

export interface CutoverResponse__Output {
  'lastSeq': (string);
  'fencedAtMs': (string);
  'finalTailMs': (number);
  'sourceChecksum': (_shardcast_v1_ChecksumResponse__Output | null);
}
