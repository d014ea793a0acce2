// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface IngestStart {
  'migrationId'?: (string);
  'start'?: (string);
  'end'?: (string);
  'sourceNode'?: (string);
  'resumeAfterSeq'?: (number | string | Long);
  'attempt'?: (number);
}

export interface IngestStart__Output {
  'migrationId': (string);
  'start': (string);
  'end': (string);
  'sourceNode': (string);
  'resumeAfterSeq': (string);
  'attempt': (number);
}
