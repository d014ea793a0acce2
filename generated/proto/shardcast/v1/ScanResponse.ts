// Original file: proto/shardcast/v1/dataplane.proto

import type { ScanEntry as _shardcast_v1_ScanEntry, ScanEntry__Output as _shardcast_v1_ScanEntry__Output } from '../../shardcast/v1/ScanEntry.js';

export interface ScanResponse {
  'entries'?: (_shardcast_v1_ScanEntry)[];
  'truncated'?: (boolean);
}

export interface ScanResponse__Output {
  'entries': (_shardcast_v1_ScanEntry__Output)[];
  'truncated': (boolean);
}
