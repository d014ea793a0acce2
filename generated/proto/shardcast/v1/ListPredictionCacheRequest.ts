// Original file: proto/shardcast/v1/admin.proto


export interface ListPredictionCacheRequest {
  'prefix'?: (string);
  'limit'?: (number);
}

export interface ListPredictionCacheRequest__Output {
  'prefix': (string);
  'limit': (number);
}
