// Original file: proto/shardcast/v1/migration.proto


export interface CopyStatusRequest {
  'migrationId'?: (string);
}

export interface CopyStatusRequest__Output {
  'migrationId': (string);
}
