// Original file: proto/shardcast/v1/admin.proto

import type { ExplainRecord as _shardcast_v1_ExplainRecord, ExplainRecord__Output as _shardcast_v1_ExplainRecord__Output } from '../../shardcast/v1/ExplainRecord.js';
import type { Long } from '@grpc/proto-loader';

export interface ExplainResponse {
  'microshardId'?: (string);
  'records'?: (_shardcast_v1_ExplainRecord)[];
  'context'?: (_shardcast_v1_ExplainRecord)[];
  'plannerIntervalMs'?: (number | string | Long);
  'policy'?: (string);
  'lastRoundAtMs'?: (number | string | Long);
  'skippedBecause'?: (string);
  'answeredBy'?: (string);
}

export interface ExplainResponse__Output {
  'microshardId': (string);
  'records': (_shardcast_v1_ExplainRecord__Output)[];
  'context': (_shardcast_v1_ExplainRecord__Output)[];
  'plannerIntervalMs': (string);
  'policy': (string);
  'lastRoundAtMs': (string);
  'skippedBecause': (string);
  'answeredBy': (string);
}
