// Original file: proto/shardcast/v1/migration.proto

import type { Long } from '@grpc/proto-loader';

export interface ServingStatusResponse {
  'serving'?: (boolean);
  'sinceMs'?: (number | string | Long);
  'revision'?: (number | string | Long);
  'leaderId'?: (string);
}

export interface ServingStatusResponse__Output {
  'serving': (boolean);
  'sinceMs': (string);
  'revision': (string);
  'leaderId': (string);
}
