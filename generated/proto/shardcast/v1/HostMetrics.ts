// Original file: proto/shardcast/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface HostMetrics {
  'cpuUtilisation'?: (number | string);
  'memoryUsedBytes'?: (number | string | Long);
  'memoryTotalBytes'?: (number | string | Long);
  'diskReadBytesPerS'?: (number | string);
  'diskWriteBytesPerS'?: (number | string);
  'netRxBytesPerS'?: (number | string);
  'netTxBytesPerS'?: (number | string);
}

export interface HostMetrics__Output {
  'cpuUtilisation': (number);
  'memoryUsedBytes': (string);
  'memoryTotalBytes': (string);
  'diskReadBytesPerS': (number);
  'diskWriteBytesPerS': (number);
  'netRxBytesPerS': (number);
  'netTxBytesPerS': (number);
}
