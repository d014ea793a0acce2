// Original file: proto/shardcast/v1/admin.proto


export interface PredictTopicLoadRequest {
  'topic'?: (string);
}

export interface PredictTopicLoadRequest__Output {
  'topic': (string);
}
