// Original file: proto/shardcast/v1/dataplane.proto


export interface DeleteResponse {
  'found'?: (boolean);
}

export interface DeleteResponse__Output {
  'found': (boolean);
}
