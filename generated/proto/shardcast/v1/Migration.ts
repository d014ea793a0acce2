// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface Migration {
  'id'?: (number | string | Long);
  'phase'?: (string);
  'microshardId'?: (number | string | Long);
  'start'?: (string);
  'end'?: (string);
  'source'?: (string);
  'target'?: (string);
  'epoch'?: (number | string | Long);
  'snapshotSeq'?: (number | string | Long);
  'appliedSeq'?: (number | string | Long);
  'fenceSeq'?: (number | string | Long);
  'plannedAtMs'?: (number | string | Long);
  'startedAtMs'?: (number | string | Long);
  'phaseAtMs'?: (number | string | Long);
  'deadlineMs'?: (number | string | Long);
  'fencedAtMs'?: (number | string | Long);
  'committedAtMs'?: (number | string | Long);
  'finishedAtMs'?: (number | string | Long);
  'pauseMs'?: (number | string);
  'fenceToCommitMs'?: (number | string);
  'error'?: (string);
  'requestedBy'?: (string);
  'reason'?: (string);
  'bytes'?: (number | string | Long);
  'entries'?: (number | string | Long);
  'attempt'?: (number);
  'maxBytesPerS'?: (number | string | Long);
  'verifyChecksums'?: (boolean);
  'hasMerge'?: (boolean);
  'mergeWith'?: (number | string | Long);
  'merged'?: (boolean);
  'mergedInto'?: (number | string | Long);
  'sourceChecksum'?: (string);
  'targetChecksum'?: (string);
  'abortRequested'?: (boolean);
  'holdPhase'?: (string);
  'holdMs'?: (number);
  'droppedEntries'?: (number | string | Long);
  'copyMbS'?: (number | string);
  'skippedOlder'?: (number | string | Long);
}

export interface Migration__Output {
  'id': (string);
  'phase': (string);
  'microshardId': (string);
  'start': (string);
  'end': (string);
  'source': (string);
  'target': (string);
  'epoch': (string);
  'snapshotSeq': (string);
  'appliedSeq': (string);
  'fenceSeq': (string);
  'plannedAtMs': (string);
  'startedAtMs': (string);
  'phaseAtMs': (string);
  'deadlineMs': (string);
  'fencedAtMs': (string);
  'committedAtMs': (string);
  'finishedAtMs': (string);
  'pauseMs': (number);
  'fenceToCommitMs': (number);
  'error': (string);
  'requestedBy': (string);
  'reason': (string);
  'bytes': (string);
  'entries': (string);
  'attempt': (number);
  'maxBytesPerS': (string);
  'verifyChecksums': (boolean);
  'hasMerge': (boolean);
  'mergeWith': (string);
  'merged': (boolean);
  'mergedInto': (string);
  'sourceChecksum': (string);
  'targetChecksum': (string);
  'abortRequested': (boolean);
  'holdPhase': (string);
  'holdMs': (number);
  'droppedEntries': (string);
  'copyMbS': (number);
  'skippedOlder': (string);
}
