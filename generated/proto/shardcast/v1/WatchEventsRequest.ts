// Original file: proto/shardcast/v1/admin.proto


export interface WatchEventsRequest {
  'last'?: (number);
  'follow'?: (boolean);
  'microshardId'?: (string);
  'nodeId'?: (string);
  'kind'?: (string);
}

export interface WatchEventsRequest__Output {
  'last': (number);
  'follow': (boolean);
  'microshardId': (string);
  'nodeId': (string);
  'kind': (string);
}
