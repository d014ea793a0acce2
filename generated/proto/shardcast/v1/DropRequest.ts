// Original file: proto/shardcast/v1/dataplane.proto


export interface DropRequest {
  'start'?: (string);
  'end'?: (string);
}

export interface DropRequest__Output {
  'start': (string);
  'end': (string);
}
