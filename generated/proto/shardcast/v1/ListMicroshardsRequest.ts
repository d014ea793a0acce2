// Original file: proto/shardcast/v1/admin.proto


export interface ListMicroshardsRequest {
  'owner'?: (string);
  'limit'?: (number);
}

export interface ListMicroshardsRequest__Output {
  'owner': (string);
  'limit': (number);
}
