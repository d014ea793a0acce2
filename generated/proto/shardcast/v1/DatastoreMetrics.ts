// Original file: proto/shardcast/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface DatastoreMetrics {
  'cpuUtilisation'?: (number | string);
  'cpuCores'?: (number | string);
  'memoryUsedBytes'?: (number | string | Long);
  'memoryTotalBytes'?: (number | string | Long);
  'iops'?: (number | string);
  'atMs'?: (number | string | Long);
}

export interface DatastoreMetrics__Output {
  'cpuUtilisation': (number);
  'cpuCores': (number);
  'memoryUsedBytes': (string);
  'memoryTotalBytes': (string);
  'iops': (number);
  'atMs': (string);
}
