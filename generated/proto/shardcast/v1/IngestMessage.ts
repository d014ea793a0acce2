// Original file: proto/shardcast/v1/dataplane.proto

import type { Entry as _shardcast_v1_Entry, Entry__Output as _shardcast_v1_Entry__Output } from '../../shardcast/v1/Entry.js';
import type { IngestStart as _shardcast_v1_IngestStart, IngestStart__Output as _shardcast_v1_IngestStart__Output } from '../../shardcast/v1/IngestStart.js';
import type { Long } from '@grpc/proto-loader';

export interface IngestMessage {
  'entries'?: (_shardcast_v1_Entry)[];
  'seq'?: (number | string | Long);
  'snapshotDone'?: (boolean);
  'start'?: (_shardcast_v1_IngestStart | null);
}

export interface IngestMessage__Output {
  'entries': (_shardcast_v1_Entry__Output)[];
  'seq': (string);
  'snapshotDone': (boolean);
  'start': (_shardcast_v1_IngestStart__Output | null);
}
