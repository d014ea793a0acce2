// Who may call what, for every service of every process, in one table (read it to audit the
// system). A rule names the roles allowed; `sameNode` also binds the caller to the server's own
// node (only node N's sidecar may drive node N's storage node). A method with no rule is refused:
// a new RPC is closed until someone writes down who may call it. Checked by the authorization
// interceptor (platform/authz.ts) on every call of an mTLS server; message-level bindings (a
// Session's node id) are checked by the handler against the same identity.
import type { Role } from './identity.js';

export interface AccessRule {
  roles: readonly Role[];
  /** The caller's node id must be the server's own (node roles only). */
  sameNode?: boolean;
}

const OPERATOR: AccessRule = { roles: ['operator'] };
/** Leader-held answers a follower forwards to the leader carry the follower's identity. */
const OPERATOR_OR_FORWARDED: AccessRule = { roles: ['operator', 'coordinator'] };
const OWN_SIDECAR: AccessRule = { roles: ['sidecar'], sameNode: true };
const DATA: AccessRule = { roles: ['client'] };
const COORDINATOR: AccessRule = { roles: ['coordinator'] };
const ANYONE: AccessRule = { roles: ['coordinator', 'sidecar', 'storage', 'operator', 'client'] };

/** Rules by full service name, then method. */
export const ACCESS_POLICY: Readonly<Record<string, Readonly<Record<string, AccessRule>>>> = {
  'shardcast.v1.Admin': {
    GetStatus: OPERATOR,
    ListNodes: OPERATOR,
    ListMicroshards: OPERATOR,
    WatchEvents: OPERATOR,
    Reassign: OPERATOR,
    Migrate: OPERATOR,
    Split: OPERATOR,
    Merge: OPERATOR,
    Drain: OPERATOR,
    Undrain: OPERATOR,
    ListMigrations: OPERATOR,
    PredictLoad: OPERATOR_OR_FORWARDED,
    Explain: OPERATOR_OR_FORWARDED,
    GetShardForTopic: OPERATOR_OR_FORWARDED,
    PredictTopicLoad: OPERATOR_OR_FORWARDED,
    UpdateMetrics: OPERATOR_OR_FORWARDED,
    ListShardMap: OPERATOR_OR_FORWARDED,
    ListPredictionCache: OPERATOR_OR_FORWARDED,
    GetCapacity: OPERATOR_OR_FORWARDED,
  },
  'shardcast.v1.Coordinator': {
    // The node id in the Session's hello must be the certificate's (cluster/session.ts). Every
    // message on the stream (heartbeats, load reports, bids, anomaly reports) speaks for that
    // node only: the leader attributes it to the session's node, never to an id in the message.
    Session: { roles: ['sidecar'] },
    GetLeader: { roles: ['sidecar', 'coordinator', 'operator'] },
  },
  'shardcast.v1.DataPlane': {
    Get: DATA,
    Put: DATA,
    Delete: DATA,
    PutBatch: DATA,
    GetBatch: DATA,
    Scan: DATA,
    ApplyAssignments: OWN_SIDECAR,
    Fence: OWN_SIDECAR,
    ArmCutover: OWN_SIDECAR,
    Export: OWN_SIDECAR,
    Import: OWN_SIDECAR,
    Drop: OWN_SIDECAR,
    Checksum: OWN_SIDECAR,
    Stats: OWN_SIDECAR,
    Push: OWN_SIDECAR,
    ArmIngest: OWN_SIDECAR,
    // Another node's storage node sends a copy; the handler also checks that this node's sidecar
    // armed the migration for exactly that node (datastore/ingest.ts).
    Ingest: { roles: ['storage'] },
  },
  'shardcast.v1.Sidecar': {
    Route: { roles: ['client', 'operator'] },
    WatchRoutes: { roles: ['client', 'operator'] },
    ReportAccess: { roles: ['storage'], sameNode: true },
  },
  'shardcast.v1.Topics': {
    ReportSubscriptions: DATA,
    GetTopicLoads: { roles: ['coordinator', 'operator'] },
  },
  'shardcast.v1.MigrationAgent': {
    StartCopy: COORDINATOR,
    CopyStatus: COORDINATOR,
    Cutover: COORDINATOR,
    Abort: COORDINATOR,
    Cleanup: COORDINATOR,
    ServingStatus: COORDINATOR,
    ArmTarget: COORDINATOR,
    RangeChecksum: COORDINATOR,
    // The source sidecar streams the copy to the target sidecar.
    Transfer: { roles: ['sidecar'] },
  },
  // Standard services every server carries: any identity of the cluster may ask.
  'grpc.health.v1.Health': { Check: ANYONE, Watch: ANYONE },
  'grpc.reflection.v1.ServerReflection': { ServerReflectionInfo: ANYONE },
  'grpc.reflection.v1alpha.ServerReflection': { ServerReflectionInfo: ANYONE },
};

/** The rule for a method path (`/package.Service/Method`), if one is written. */
export function ruleFor(path: string): AccessRule | undefined {
  const m = /^\/([^/]+)\/([^/]+)$/.exec(path);
  return m ? ACCESS_POLICY[m[1]!]?.[m[2]!] : undefined;
}
