// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface StartCopyRequest {
  'migrationId'?: (string);
  'microshardId'?: (number | string | Long);
  'start'?: (string);
  'end'?: (string);
  'targetNode'?: (string);
  'targetSidecarAddress'?: (string);
  'resumeAfterSeq'?: (number | string | Long);
  'maxBytesPerS'?: (number | string | Long);
  'attempt'?: (number);
  'deadlineMs'?: (number | string | Long);
  'fixedRate'?: (boolean);
}

export interface StartCopyRequest__Output {
  'migrationId': (string);
  'microshardId': (string);
  'start': (string);
  'end': (string);
  'targetNode': (string);
  'targetSidecarAddress': (string);
  'resumeAfterSeq': (string);
  'maxBytesPerS': (string);
  'attempt': (number);
  'deadlineMs': (string);
  'fixedRate': (boolean);
}
