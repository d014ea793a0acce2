// Original file: proto/shardcast/v1/common.proto

import type { Long } from '@grpc/proto-loader';

export interface Node {
  'id'?: (string);
  'datastoreAddress'?: (string);
  'sidecarAddress'?: (string);
  'zone'?: (string);
  'region'?: (string);
  'capacityOpsPerS'?: (number | string);
  'live'?: (boolean);
  'leaseId'?: (number | string | Long);
  'sessionStartedAtMs'?: (number | string | Long);
  'labels'?: ({[key: string]: string});
}

export interface Node__Output {
  'id': (string);
  'datastoreAddress': (string);
  'sidecarAddress': (string);
  'zone': (string);
  'region': (string);
  'capacityOpsPerS': (number);
  'live': (boolean);
  'leaseId': (string);
  'sessionStartedAtMs': (string);
  'labels': ({[key: string]: string});
}
