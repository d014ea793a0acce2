// Original file: proto/shardcast/v1/dataplane.proto

import type { PushChunk as _shardcast_v1_PushChunk, PushChunk__Output as _shardcast_v1_PushChunk__Output } from '../../shardcast/v1/PushChunk.js';
import type { IngestAck as _shardcast_v1_IngestAck, IngestAck__Output as _shardcast_v1_IngestAck__Output } from '../../shardcast/v1/IngestAck.js';

export interface PushEvent {
  'sent'?: (_shardcast_v1_PushChunk | null);
  'applied'?: (_shardcast_v1_IngestAck | null);
}

export interface PushEvent__Output {
  'sent': (_shardcast_v1_PushChunk__Output | null);
  'applied': (_shardcast_v1_IngestAck__Output | null);
}
