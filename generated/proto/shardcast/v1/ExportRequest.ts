// Original file: proto/shardcast/v1/dataplane.proto

import type { Long } from '@grpc/proto-loader';

export interface ExportRequest {
  'start'?: (string);
  'end'?: (string);
  'follow'?: (boolean);
  'afterSeq'?: (number | string | Long);
  'chunkEntries'?: (number);
}

export interface ExportRequest__Output {
  'start': (string);
  'end': (string);
  'follow': (boolean);
  'afterSeq': (string);
  'chunkEntries': (number);
}
