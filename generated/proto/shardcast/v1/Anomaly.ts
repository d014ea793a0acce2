// Original file: proto/shardcast/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface Anomaly {
  'series'?: (string);
  'microshardId'?: (number | string | Long);
  'hasMicroshard'?: (boolean);
  'value'?: (number | string);
  'expected'?: (number | string);
  'expectedLow'?: (number | string);
  'expectedHigh'?: (number | string);
  'score'?: (number | string);
  'peakScore'?: (number | string);
  'sinceMs'?: (number | string | Long);
  'flagged'?: (boolean);
}

export interface Anomaly__Output {
  'series': (string);
  'microshardId': (string);
  'hasMicroshard': (boolean);
  'value': (number);
  'expected': (number);
  'expectedLow': (number);
  'expectedHigh': (number);
  'score': (number);
  'peakScore': (number);
  'sinceMs': (string);
  'flagged': (boolean);
}
