// Original file: proto/shardcast/v1/sidecar.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchRoutesRequest {
  'afterRevision'?: (number | string | Long);
}

export interface WatchRoutesRequest__Output {
  'afterRevision': (string);
}
