// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface PushChunk {
  'seq'?: (number | string | Long);
  'snapshotDone'?: (boolean);
  'entries'?: (number);
  'bytes'?: (number | string | Long);
  'entryBytes'?: (number | string | Long);
  'atHead'?: (boolean);
}

export interface PushChunk__Output {
  'seq': (string);
  'snapshotDone': (boolean);
  'entries': (number);
  'bytes': (string);
  'entryBytes': (string);
  'atHead': (boolean);
}
