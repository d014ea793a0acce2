// Original file: proto/shardcast/v1/admin.proto

import type { Node as _shardcast_v1_Node, Node__Output as _shardcast_v1_Node__Output } from '../../shardcast/v1/Node.js';

export interface NodeSummary {
  'node'?: (_shardcast_v1_Node | null);
  'microshards'?: (number);
  'draining'?: (boolean);
}

export interface NodeSummary__Output {
  'node': (_shardcast_v1_Node__Output | null);
  'microshards': (number);
  'draining': (boolean);
}
