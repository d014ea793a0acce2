// Original file: proto/shardcast/v1/sidecar.proto

import type { Long } from '@grpc/proto-loader';

export interface ReportAccessSummary {
  'batches'?: (number | string | Long);
  'records'?: (number | string | Long);
  'rejected'?: (number | string | Long);
  'errors'?: (string)[];
}

export interface ReportAccessSummary__Output {
  'batches': (string);
  'records': (string);
  'rejected': (string);
  'errors': (string)[];
}
