// The etcd key layout, relative to the cluster namespace `/shardcast/<cluster>/`.
export const CLUSTER_ROOT = (cluster: string) => `/shardcast/${cluster}/`;

export const MICROSHARDS_PREFIX = 'microshards/';
export const NODES_PREFIX = 'nodes/';
export const EVENTS_PREFIX = 'events/';
/** Migration records (phase, source, target, seqs, timings): the orchestrator's state. */
export const MIGRATIONS_PREFIX = 'migrations/';
/** Written once when the microshard table is created (the bootstrap guard). */
export const META_LAYOUT = 'meta/layout';
/** Next unused microshard id (ids are never reused). */
export const META_NEXT_MICROSHARD_ID = 'meta/next_microshard_id';
/** Next unused migration id. */
export const META_NEXT_MIGRATION_ID = 'meta/next_migration_id';
/** Sequence number of the last lifecycle event. */
export const META_EVENT_SEQ = 'meta/event_seq';
/** Nodes being drained (no new microshards): `draining/<node id>` -> who asked, when. */
export const DRAINING_PREFIX = 'draining/';
/** Where each replica's web dashboard listens: `dashboards/<coordinator id>` -> {url} (a follower proxies the leader's). */
export const DASHBOARDS_PREFIX = 'dashboards/';
/** Election name (etcd3 puts candidates under election/<name>/). */
export const ELECTION_NAME = 'coordinator';

// Zero-padded so lexical order is numeric order.
const pad20 = (n: string | bigint) => String(n).padStart(20, '0');

export const microshardKey = (id: string) => `${MICROSHARDS_PREFIX}${pad20(id)}`;
export const nodeKey = (id: string) => `${NODES_PREFIX}${id}`;
export const eventKey = (seq: bigint) => `${EVENTS_PREFIX}${pad20(seq)}`;
export const migrationKey = (id: string | bigint) => `${MIGRATIONS_PREFIX}${pad20(id)}`;
export const drainingKey = (node: string) => `${DRAINING_PREFIX}${node}`;
