// Original file: proto/shardcast/v1/admin.proto

import type { Microshard as _shardcast_v1_Microshard, Microshard__Output as _shardcast_v1_Microshard__Output } from '../../shardcast/v1/Microshard.js';
import type { LoadPoint as _shardcast_v1_LoadPoint, LoadPoint__Output as _shardcast_v1_LoadPoint__Output } from '../../shardcast/v1/LoadPoint.js';
import type { MicroshardForecast as _shardcast_v1_MicroshardForecast, MicroshardForecast__Output as _shardcast_v1_MicroshardForecast__Output } from '../../shardcast/v1/MicroshardForecast.js';
import type { Long } from '@grpc/proto-loader';

export interface PredictLoadResponse {
  'microshard'?: (_shardcast_v1_Microshard | null);
  'reportedBy'?: (string);
  'history'?: (_shardcast_v1_LoadPoint)[];
  'forecast'?: (_shardcast_v1_MicroshardForecast | null);
  'asOfMs'?: (number | string | Long);
  'answeredBy'?: (string);
}

export interface PredictLoadResponse__Output {
  'microshard': (_shardcast_v1_Microshard__Output | null);
  'reportedBy': (string);
  'history': (_shardcast_v1_LoadPoint__Output)[];
  'forecast': (_shardcast_v1_MicroshardForecast__Output | null);
  'asOfMs': (string);
  'answeredBy': (string);
}
