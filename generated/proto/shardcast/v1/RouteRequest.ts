// Original file: proto/shardcast/v1/sidecar.proto


export interface RouteRequest {
  'key'?: (Buffer | Uint8Array | string);
  'keyHash'?: (string);
  'target'?: "key"|"keyHash";
}

export interface RouteRequest__Output {
  'key'?: (Buffer);
  'keyHash'?: (string);
  'target'?: "key"|"keyHash";
}
