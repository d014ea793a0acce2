// Original file: proto/shardcast/v1/migration.proto

import type { Entry as _shardcast_v1_Entry, Entry__Output as _shardcast_v1_Entry__Output } from '../../shardcast/v1/Entry.js';
import type { TransferStart as _shardcast_v1_TransferStart, TransferStart__Output as _shardcast_v1_TransferStart__Output } from '../../shardcast/v1/TransferStart.js';
import type { Long } from '@grpc/proto-loader';

export interface TransferMessage {
  'entries'?: (_shardcast_v1_Entry)[];
  'seq'?: (number | string | Long);
  'snapshotDone'?: (boolean);
  'start'?: (_shardcast_v1_TransferStart | null);
}

export interface TransferMessage__Output {
  'entries': (_shardcast_v1_Entry__Output)[];
  'seq': (string);
  'snapshotDone': (boolean);
  'start': (_shardcast_v1_TransferStart__Output | null);
}
