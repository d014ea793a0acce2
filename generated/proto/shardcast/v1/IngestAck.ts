// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface IngestAck {
  'appliedSeq'?: (number | string | Long);
  'snapshotDone'?: (boolean);
  'chunks'?: (number | string | Long);
  'skippedOlder'?: (number | string | Long);
}

export interface IngestAck__Output {
  'appliedSeq': (string);
  'snapshotDone': (boolean);
  'chunks': (string);
  'skippedOlder': (string);
}
