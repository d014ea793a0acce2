// Original file: proto/shardcast/v1/admin.proto


export interface GetShardForTopicRequest {
  'topic'?: (string);
}

export interface GetShardForTopicRequest__Output {
  'topic': (string);
}
