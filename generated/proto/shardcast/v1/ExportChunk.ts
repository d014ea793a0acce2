// Original file: proto/shardcast/v1/dataplane.proto

import type { Entry as _shardcast_v1_Entry, Entry__Output as _shardcast_v1_Entry__Output } from '../../shardcast/v1/Entry.js';
import type { Long } from '@grpc/proto-loader';

export interface ExportChunk {
  'entries'?: (_shardcast_v1_Entry)[];
  'seq'?: (number | string | Long);
  'snapshotDone'?: (boolean);
}

export interface ExportChunk__Output {
  'entries': (_shardcast_v1_Entry__Output)[];
  'seq': (string);
  'snapshotDone': (boolean);
}
