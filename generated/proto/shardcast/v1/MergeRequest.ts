// Original file: proto/shardcast/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface MergeRequest {
  'a'?: (number | string | Long);
  'b'?: (number | string | Long);
  'dryRun'?: (boolean);
  'requestedBy'?: (string);
  'holdPhase'?: (string);
  'holdMs'?: (number);
}

export interface MergeRequest__Output {
  'a': (string);
  'b': (string);
  'dryRun': (boolean);
  'requestedBy': (string);
  'holdPhase': (string);
  'holdMs': (number);
}
