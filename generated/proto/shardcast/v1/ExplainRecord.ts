// Original file: proto/shardcast/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface ExplainRecord {
  'atMs'?: (number | string | Long);
  'round'?: (number | string | Long);
  'microshardId'?: (string);
  'nodeId'?: (string);
  'outcome'?: (string);
  'candidate'?: (string);
  'reason'?: (string);
  'operatorId'?: (string);
  'kind'?: (string);
  'execution'?: (string);
  'policy'?: (string);
  'gain'?: (number | string);
  'cost'?: (number | string);
  'load'?: (number | string);
  'forecastP50'?: (number | string);
  'forecastP90'?: (number | string);
  'inputsJson'?: (string);
}

export interface ExplainRecord__Output {
  'atMs': (string);
  'round': (string);
  'microshardId': (string);
  'nodeId': (string);
  'outcome': (string);
  'candidate': (string);
  'reason': (string);
  'operatorId': (string);
  'kind': (string);
  'execution': (string);
  'policy': (string);
  'gain': (number);
  'cost': (number);
  'load': (number);
  'forecastP50': (number);
  'forecastP90': (number);
  'inputsJson': (string);
}
