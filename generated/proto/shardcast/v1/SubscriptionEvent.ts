// Original file: proto/shardcast/v1/sidecar.proto

import type { TopicKind as _shardcast_v1_TopicKind, TopicKind__Output as _shardcast_v1_TopicKind__Output } from '../../shardcast/v1/TopicKind.js';
import type { SubscriptionAction as _shardcast_v1_SubscriptionAction, SubscriptionAction__Output as _shardcast_v1_SubscriptionAction__Output } from '../../shardcast/v1/SubscriptionAction.js';
import type { Long } from '@grpc/proto-loader';

export interface SubscriptionEvent {
  'topic'?: (string);
  'kind'?: (_shardcast_v1_TopicKind);
  'clientId'?: (string);
  'action'?: (_shardcast_v1_SubscriptionAction);
  'publishes'?: (number | string | Long);
  'publishBytes'?: (number | string | Long);
}

export interface SubscriptionEvent__Output {
  'topic': (string);
  'kind': (_shardcast_v1_TopicKind__Output);
  'clientId': (string);
  'action': (_shardcast_v1_SubscriptionAction__Output);
  'publishes': (string);
  'publishBytes': (string);
}
