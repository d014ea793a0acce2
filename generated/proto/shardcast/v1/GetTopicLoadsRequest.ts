// Original file: proto/shardcast/v1/sidecar.proto


export interface GetTopicLoadsRequest {
  'prefix'?: (string);
  'limit'?: (number);
}

export interface GetTopicLoadsRequest__Output {
  'prefix': (string);
  'limit': (number);
}
