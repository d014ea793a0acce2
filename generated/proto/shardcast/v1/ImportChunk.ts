// Original file: proto/shardcast/v1/dataplane.proto

import type { Entry as _shardcast_v1_Entry, Entry__Output as _shardcast_v1_Entry__Output } from '../../shardcast/v1/Entry.js';

export interface ImportChunk {
  'entries'?: (_shardcast_v1_Entry)[];
}

export interface ImportChunk__Output {
  'entries': (_shardcast_v1_Entry__Output)[];
}
