// Original file: proto/shardcast/v1/coordinator.proto


export interface LeaderInfo {
  'leaderId'?: (string);
  'address'?: (string);
  'answeredByLeader'?: (boolean);
}

export interface LeaderInfo__Output {
  'leaderId': (string);
  'address': (string);
  'answeredByLeader': (boolean);
}
