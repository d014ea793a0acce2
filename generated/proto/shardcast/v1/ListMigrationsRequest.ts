// Original file: proto/shardcast/v1/admin.proto


export interface ListMigrationsRequest {
  'all'?: (boolean);
  'limit'?: (number);
}

export interface ListMigrationsRequest__Output {
  'all': (boolean);
  'limit': (number);
}
