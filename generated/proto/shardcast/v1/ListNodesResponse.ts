// Original file: proto/shardcast/v1/admin.proto

import type { NodeSummary as _shardcast_v1_NodeSummary, NodeSummary__Output as _shardcast_v1_NodeSummary__Output } from '../../shardcast/v1/NodeSummary.js';

export interface ListNodesResponse {
  'nodes'?: (_shardcast_v1_NodeSummary)[];
}

export interface ListNodesResponse__Output {
  'nodes': (_shardcast_v1_NodeSummary__Output)[];
}
