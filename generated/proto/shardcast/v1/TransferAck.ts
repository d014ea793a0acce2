// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface TransferAck {
  'appliedSeq'?: (number | string | Long);
  'snapshotDone'?: (boolean);
  'chunks'?: (number | string | Long);
  'skippedOlder'?: (number | string | Long);
  'ready'?: (boolean);
  'foregroundPressure'?: (number | string);
  'datastoreAddress'?: (string);
}

export interface TransferAck__Output {
  'appliedSeq': (string);
  'snapshotDone': (boolean);
  'chunks': (string);
  'skippedOlder': (string);
  'ready': (boolean);
  'foregroundPressure': (number);
  'datastoreAddress': (string);
}
