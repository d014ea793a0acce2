// Coordinator options: each has a default and a doc; validated once at start-up.
import { z } from 'zod';
import { HostPort } from '../platform/config.js';
import { TransportSecuritySchema } from '../platform/security.js';
import { ORPHAN_POLICIES } from '../core/ownership.js';
import { DEFAULT_KEY_SCHEMA, KEY_SCHEMAS } from '../core/keyspace.js';
import { CAPACITY_OPTIONS, checkCapacityOptions } from './capacity/config.js';
import { TOPIC_OPTIONS } from './topics/config.js';
import { GATEWAY_OPTIONS } from './gateway/config.js';
import { DASHBOARD_OPTIONS } from './dashboard/config.js';
import { PLANNER_OPTIONS, checkPlannerOptions } from './planner/options.js';
import { EtcdConfigSchema } from './cluster/etcd.js';
import { ANOMALY_OPTIONS } from './cluster/anomalies.js';
export { EtcdConfigSchema, type EtcdConfig } from './cluster/etcd.js';

/** Microshards created when a cluster is first bootstrapped. */
export const DEFAULT_MICROSHARDS = 64;
/** Leader election lease TTL: a dead leader is replaced about this long after it dies. */
export const DEFAULT_ELECTION_TTL_S = 3;
/** Node session lease TTL: a dead node's microshards follow the orphan policy after this. */
export const DEFAULT_NODE_LEASE_TTL_MS = 10_000;
/** How often sidecars heartbeat (each heartbeat renews the node's lease). */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 1_000;
/** Lifecycle events kept in etcd (older ones are trimmed). */
export const DEFAULT_EVENT_LOG_RETENTION = 10_000;
/** Migrations copying to or from one node at once (as source or target); more wait PLANNED. */
export const DEFAULT_MIGRATION_MAX_PER_NODE = 2;
/** Copy bandwidth budget per node, bytes/s, shared by its migrations (0 = unlimited). */
export const DEFAULT_MIGRATION_BYTES_PER_S = 0;
/** A migration whose cutover has not committed this long after its copy started aborts itself. */
export const DEFAULT_MIGRATION_DEADLINE_MS = 10 * 60_000;
/** The source keeps the moved range this long after the cutover before dropping it. */
export const DEFAULT_MIGRATION_CLEANUP_GRACE_MS = 1_000;
/** Finished (DONE, ABORTED) migration records kept in etcd. */
export const DEFAULT_MIGRATION_RETENTION = 1_000;


export const CoordinatorConfigSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'coordinator id: 1-64 of A-Z a-z 0-9 . _ -').describe('this replica\'s id'),
    cluster: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'cluster name: 1-64 of A-Z a-z 0-9 . _ -').default('default').describe('cluster name (etcd key prefix)'),
    listen: HostPort.default('127.0.0.1:7400').describe('gRPC listen address (port 0 picks one)'),
    advertise: HostPort.optional().describe('address sidecars and operators use to reach this replica (default: the bound address)'),
    etcd: EtcdConfigSchema,
    microshards: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_MICROSHARDS).describe('microshards created at bootstrap'),
    keySchema: z.enum(KEY_SCHEMAS).default(DEFAULT_KEY_SCHEMA).describe(`how a key maps to its position (${KEY_SCHEMAS.join(' | ')}); written to etcd when the cluster is created and never changed`),
    orphanPolicy: z.enum(ORPHAN_POLICIES).default('await').describe('what happens to a lost node\'s microshards'),
    bootstrapNodes: z.coerce.number().int().min(1).default(1).describe('initial placement waits for this many live nodes'),
    electionTtlS: z.coerce.number().int().min(2).max(60).default(DEFAULT_ELECTION_TTL_S).describe('leader lease TTL, seconds'),
    nodeLeaseTtlMs: z.coerce.number().int().min(2000).default(DEFAULT_NODE_LEASE_TTL_MS).describe('node session lease TTL, ms'),
    heartbeatIntervalMs: z.coerce.number().int().min(100).default(DEFAULT_HEARTBEAT_INTERVAL_MS).describe('sidecar heartbeat interval, ms'),
    eventLogRetention: z.coerce.number().int().min(100).default(DEFAULT_EVENT_LOG_RETENTION).describe('lifecycle events kept'),
    migrationMaxPerNode: z.coerce.number().int().min(1).max(64).default(DEFAULT_MIGRATION_MAX_PER_NODE).describe('migrations copying to or from one node at once'),
    migrationBytesPerS: z.coerce.number().int().min(0).default(DEFAULT_MIGRATION_BYTES_PER_S).describe('copy bandwidth budget per node, bytes/s (0 = unlimited)'),
    migrationDeadlineMs: z.coerce.number().int().min(1000).default(DEFAULT_MIGRATION_DEADLINE_MS).describe('a migration not cut over this long after its copy started aborts'),
    migrationCleanupGraceMs: z.coerce.number().int().min(0).default(DEFAULT_MIGRATION_CLEANUP_GRACE_MS).describe('delay between a cutover and the source dropping the range, ms'),
    migrationRetention: z.coerce.number().int().min(10).default(DEFAULT_MIGRATION_RETENTION).describe('finished migration records kept in etcd'),
    metricsListen: HostPort.optional().describe('serve Prometheus GET /metrics here (port 0 picks one; unset: no metrics endpoint)'),
    security: TransportSecuritySchema.default({ mode: 'insecure' }),
    // Topics and capacity: gateway, topic poll, scaling loop, provisioner, cost model, sizing.
    ...CAPACITY_OPTIONS,
    ...TOPIC_OPTIONS,
    ...GATEWAY_OPTIONS,
    // The operator's web dashboard.
    ...DASHBOARD_OPTIONS,
    // The decision loop: period, auction deadline, explain records, planner config overrides.
    ...PLANNER_OPTIONS,
    // Anomalies reported by the sidecars: events, triggered rounds, the untrusted forecast.
    ...ANOMALY_OPTIONS,
  })
  .superRefine((c, ctx) => {
    checkCapacityOptions(c, ctx);
    checkPlannerOptions(c, ctx);
    // A node lease must outlive a leader failover, or every node would look lost during one.
    if (c.nodeLeaseTtlMs < 2 * c.electionTtlS * 1000) {
      ctx.addIssue({ code: 'custom', path: ['nodeLeaseTtlMs'], message: `must be at least twice the election TTL (${2 * c.electionTtlS * 1000} ms) so node leases survive a leader failover` });
    }
    if (c.heartbeatIntervalMs * 3 > c.nodeLeaseTtlMs) {
      ctx.addIssue({ code: 'custom', path: ['heartbeatIntervalMs'], message: 'must be at most a third of nodeLeaseTtlMs' });
    }
  });

export type CoordinatorConfig = z.infer<typeof CoordinatorConfigSchema>;
