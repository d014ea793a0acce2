// Original file: proto/shardcast/v1/dataplane.proto


export interface GetRequest {
  'key'?: (Buffer | Uint8Array | string);
}

export interface GetRequest__Output {
  'key': (Buffer);
}
