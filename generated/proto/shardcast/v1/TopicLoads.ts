// Original file: proto/shardcast/v1/sidecar.proto

import type { TopicLoad as _shardcast_v1_TopicLoad, TopicLoad__Output as _shardcast_v1_TopicLoad__Output } from '../../shardcast/v1/TopicLoad.js';
import type { Long } from '@grpc/proto-loader';

export interface TopicLoads {
  'nodeId'?: (string);
  'intervalStartMs'?: (number | string | Long);
  'intervalMs'?: (number | string | Long);
  'topics'?: (_shardcast_v1_TopicLoad)[];
  'topicsTracked'?: (number | string | Long);
  'subscriptions'?: (number | string | Long);
  'rejectedFull'?: (number | string | Long);
}

export interface TopicLoads__Output {
  'nodeId': (string);
  'intervalStartMs': (string);
  'intervalMs': (string);
  'topics': (_shardcast_v1_TopicLoad__Output)[];
  'topicsTracked': (string);
  'subscriptions': (string);
  'rejectedFull': (string);
}
