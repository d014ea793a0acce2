// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface TransferStart {
  'migrationId'?: (string);
  'start'?: (string);
  'end'?: (string);
  'sourceNode'?: (string);
  'fresh'?: (boolean);
  'resumeAfterSeq'?: (number | string | Long);
  'attempt'?: (number);
}

export interface TransferStart__Output {
  'migrationId': (string);
  'start': (string);
  'end': (string);
  'sourceNode': (string);
  'fresh': (boolean);
  'resumeAfterSeq': (string);
  'attempt': (number);
}
