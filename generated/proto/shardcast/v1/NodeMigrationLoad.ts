// Original file: proto/shardcast/v1/admin.proto


export interface NodeMigrationLoad {
  'node'?: (string);
  'active'?: (number);
  'queued'?: (number);
}

export interface NodeMigrationLoad__Output {
  'node': (string);
  'active': (number);
  'queued': (number);
}
