// Original file: proto/shardcast/v1/dataplane.proto


export interface ArmIngestResponse {
  'stopped'?: (number);
}

export interface ArmIngestResponse__Output {
  'stopped': (number);
}
