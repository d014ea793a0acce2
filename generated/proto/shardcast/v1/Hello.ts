// Original file: proto/shardcast/v1/coordinator.proto


export interface Hello {
  'nodeId'?: (string);
  'datastoreAddress'?: (string);
  'sidecarAddress'?: (string);
  'zone'?: (string);
  'region'?: (string);
  'capacityOpsPerS'?: (number | string);
  'labels'?: ({[key: string]: string});
  'version'?: (string);
}

export interface Hello__Output {
  'nodeId': (string);
  'datastoreAddress': (string);
  'sidecarAddress': (string);
  'zone': (string);
  'region': (string);
  'capacityOpsPerS': (number);
  'labels': ({[key: string]: string});
  'version': (string);
}
