// Original file: proto/shardcast/v1/dataplane.proto


export interface ChecksumRequest {
  'start'?: (string);
  'end'?: (string);
}

export interface ChecksumRequest__Output {
  'start': (string);
  'end': (string);
}
