// Original file: proto/shardcast/v1/dataplane.proto


export interface ArmIngestRequest {
  'migrationId'?: (string);
  'start'?: (string);
  'end'?: (string);
  'sourceNode'?: (string);
  'armed'?: (boolean);
}

export interface ArmIngestRequest__Output {
  'migrationId': (string);
  'start': (string);
  'end': (string);
  'sourceNode': (string);
  'armed': (boolean);
}
