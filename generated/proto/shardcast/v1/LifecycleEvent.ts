// Original file: proto/shardcast/v1/common.proto

import type { Long } from '@grpc/proto-loader';

export interface LifecycleEvent {
  'seq'?: (number | string | Long);
  'atMs'?: (number | string | Long);
  'kind'?: (string);
  'microshardIds'?: (number | string | Long)[];
  'nodeIds'?: (string)[];
  'reason'?: (string);
  'actor'?: (string);
  'inputsJson'?: (string);
}

export interface LifecycleEvent__Output {
  'seq': (string);
  'atMs': (string);
  'kind': (string);
  'microshardIds': (string)[];
  'nodeIds': (string)[];
  'reason': (string);
  'actor': (string);
  'inputsJson': (string);
}
