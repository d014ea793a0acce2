// Original file: proto/shardcast/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface MicroshardLoad {
  'microshardId'?: (number | string | Long);
  'reads'?: (number | string | Long);
  'writes'?: (number | string | Long);
  'bytesRead'?: (number | string | Long);
  'bytesWritten'?: (number | string | Long);
  'errors'?: (number | string | Long);
  'latencyP50Ms'?: (number | string);
  'latencyP99Ms'?: (number | string);
  'sizeBytes'?: (number | string | Long);
  'accessBuckets'?: (number | string)[];
  'clientRegions'?: ({[key: string]: number | string});
  'accessStart'?: (string);
  'accessEnd'?: (string);
}

export interface MicroshardLoad__Output {
  'microshardId': (string);
  'reads': (string);
  'writes': (string);
  'bytesRead': (string);
  'bytesWritten': (string);
  'errors': (string);
  'latencyP50Ms': (number);
  'latencyP99Ms': (number);
  'sizeBytes': (string);
  'accessBuckets': (number)[];
  'clientRegions': ({[key: string]: number});
  'accessStart': (string);
  'accessEnd': (string);
}
