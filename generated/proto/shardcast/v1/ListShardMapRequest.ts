// Original file: proto/shardcast/v1/admin.proto


export interface ListShardMapRequest {
  'prefix'?: (string);
  'limit'?: (number);
}

export interface ListShardMapRequest__Output {
  'prefix': (string);
  'limit': (number);
}
