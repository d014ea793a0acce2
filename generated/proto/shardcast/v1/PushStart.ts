// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface PushStart {
  'migrationId'?: (string);
  'start'?: (string);
  'end'?: (string);
  'afterSeq'?: (number | string | Long);
  'chunkEntries'?: (number);
  'targetAddress'?: (string);
  'targetNode'?: (string);
  'rateBytesPerS'?: (number | string | Long);
  'attempt'?: (number);
}

export interface PushStart__Output {
  'migrationId': (string);
  'start': (string);
  'end': (string);
  'afterSeq': (string);
  'chunkEntries': (number);
  'targetAddress': (string);
  'targetNode': (string);
  'rateBytesPerS': (string);
  'attempt': (number);
}
