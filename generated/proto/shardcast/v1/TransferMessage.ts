// Original file: proto/shardcast/v1/migration.proto

import type { TransferStart as _shardcast_v1_TransferStart, TransferStart__Output as _shardcast_v1_TransferStart__Output } from '../../shardcast/v1/TransferStart.js';

export interface TransferMessage {
  'start'?: (_shardcast_v1_TransferStart | null);
}

export interface TransferMessage__Output {
  'start': (_shardcast_v1_TransferStart__Output | null);
}
