// Original file: proto/shardcast/v1/admin.proto


export interface UndrainRequest {
  'node'?: (string);
  'dryRun'?: (boolean);
  'requestedBy'?: (string);
}

export interface UndrainRequest__Output {
  'node': (string);
  'dryRun': (boolean);
  'requestedBy': (string);
}
