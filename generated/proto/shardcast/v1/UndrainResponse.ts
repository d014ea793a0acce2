// Original file: proto/shardcast/v1/admin.proto


export interface UndrainResponse {
  'wasDraining'?: (boolean);
  'plan'?: (string);
}

export interface UndrainResponse__Output {
  'wasDraining': (boolean);
  'plan': (string);
}
