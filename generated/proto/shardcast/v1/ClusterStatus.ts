// Original file: proto/shardcast/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface ClusterStatus {
  'cluster'?: (string);
  'leaderId'?: (string);
  'leaderAddress'?: (string);
  'nodesTotal'?: (number);
  'nodesLive'?: (number);
  'microshardsTotal'?: (number);
  'microshardsOrphaned'?: (number);
  'orphanPolicy'?: (string);
  'revision'?: (number | string | Long);
  'answeredBy'?: (string);
}

export interface ClusterStatus__Output {
  'cluster': (string);
  'leaderId': (string);
  'leaderAddress': (string);
  'nodesTotal': (number);
  'nodesLive': (number);
  'microshardsTotal': (number);
  'microshardsOrphaned': (number);
  'orphanPolicy': (string);
  'revision': (string);
  'answeredBy': (string);
}
