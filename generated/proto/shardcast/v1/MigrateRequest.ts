// Original file: proto/shardcast/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface MigrateRequest {
  'microshardId'?: (number | string | Long);
  'toNode'?: (string);
  'dryRun'?: (boolean);
  'requestedBy'?: (string);
  'maxBytesPerS'?: (number | string | Long);
  'verifyChecksums'?: (boolean);
  'deadlineMs'?: (number);
  'holdPhase'?: (string);
  'holdMs'?: (number);
  'fixedRate'?: (boolean);
}

export interface MigrateRequest__Output {
  'microshardId': (string);
  'toNode': (string);
  'dryRun': (boolean);
  'requestedBy': (string);
  'maxBytesPerS': (string);
  'verifyChecksums': (boolean);
  'deadlineMs': (number);
  'holdPhase': (string);
  'holdMs': (number);
  'fixedRate': (boolean);
}
