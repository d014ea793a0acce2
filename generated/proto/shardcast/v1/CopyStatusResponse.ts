// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface CopyStatusResponse {
  'migrationId'?: (string);
  'known'?: (boolean);
  'state'?: (string);
  'snapshotDone'?: (boolean);
  'snapshotSeq'?: (number | string | Long);
  'appliedSeq'?: (number | string | Long);
  'sourceSeq'?: (number | string | Long);
  'bytes'?: (number | string | Long);
  'entries'?: (number | string | Long);
  'lagSeq'?: (number | string | Long);
  'lagMs'?: (number);
  'caughtUp'?: (boolean);
  'error'?: (string);
  'attempt'?: (number);
  'skippedOlder'?: (number | string | Long);
  'startedAtMs'?: (number | string | Long);
  'snapshotDoneAtMs'?: (number | string | Long);
  'snapshotBytes'?: (number | string | Long);
  'leaderId'?: (string);
  'rateBytesPerS'?: (number | string | Long);
  'rateReason'?: (string);
  'foregroundPressure'?: (number | string);
}

export interface CopyStatusResponse__Output {
  'migrationId': (string);
  'known': (boolean);
  'state': (string);
  'snapshotDone': (boolean);
  'snapshotSeq': (string);
  'appliedSeq': (string);
  'sourceSeq': (string);
  'bytes': (string);
  'entries': (string);
  'lagSeq': (string);
  'lagMs': (number);
  'caughtUp': (boolean);
  'error': (string);
  'attempt': (number);
  'skippedOlder': (string);
  'startedAtMs': (string);
  'snapshotDoneAtMs': (string);
  'snapshotBytes': (string);
  'leaderId': (string);
  'rateBytesPerS': (string);
  'rateReason': (string);
  'foregroundPressure': (number);
}
