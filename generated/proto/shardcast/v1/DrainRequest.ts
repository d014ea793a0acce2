// Original file: proto/shardcast/v1/admin.proto


export interface DrainRequest {
  'node'?: (string);
  'dryRun'?: (boolean);
  'requestedBy'?: (string);
}

export interface DrainRequest__Output {
  'node': (string);
  'dryRun': (boolean);
  'requestedBy': (string);
}
