// Original file: proto/shardcast/v1/coordinator.proto

import type { MicroshardLoad as _shardcast_v1_MicroshardLoad, MicroshardLoad__Output as _shardcast_v1_MicroshardLoad__Output } from '../../shardcast/v1/MicroshardLoad.js';
import type { HostMetrics as _shardcast_v1_HostMetrics, HostMetrics__Output as _shardcast_v1_HostMetrics__Output } from '../../shardcast/v1/HostMetrics.js';
import type { CoAccessPair as _shardcast_v1_CoAccessPair, CoAccessPair__Output as _shardcast_v1_CoAccessPair__Output } from '../../shardcast/v1/CoAccessPair.js';
import type { MicroshardForecast as _shardcast_v1_MicroshardForecast, MicroshardForecast__Output as _shardcast_v1_MicroshardForecast__Output } from '../../shardcast/v1/MicroshardForecast.js';
import type { Long } from '@grpc/proto-loader';

export interface LoadReport {
  'intervalStartMs'?: (number | string | Long);
  'intervalMs'?: (number | string | Long);
  'microshards'?: (_shardcast_v1_MicroshardLoad)[];
  'host'?: (_shardcast_v1_HostMetrics | null);
  'coAccess'?: (_shardcast_v1_CoAccessPair)[];
  'forecasts'?: (_shardcast_v1_MicroshardForecast)[];
}

export interface LoadReport__Output {
  'intervalStartMs': (string);
  'intervalMs': (string);
  'microshards': (_shardcast_v1_MicroshardLoad__Output)[];
  'host': (_shardcast_v1_HostMetrics__Output | null);
  'coAccess': (_shardcast_v1_CoAccessPair__Output)[];
  'forecasts': (_shardcast_v1_MicroshardForecast__Output)[];
}
