// Original file: proto/shardcast/v1/sidecar.proto

import type { Long } from '@grpc/proto-loader';

export interface ReportSubscriptionsSummary {
  'events'?: (number | string | Long);
  'accepted'?: (number | string | Long);
  'rejected'?: (number | string | Long);
  'errors'?: (string)[];
  'subscriptions'?: (number | string | Long);
  'topics'?: (number | string | Long);
}

export interface ReportSubscriptionsSummary__Output {
  'events': (string);
  'accepted': (string);
  'rejected': (string);
  'errors': (string)[];
  'subscriptions': (string);
  'topics': (string);
}
