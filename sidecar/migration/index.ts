// The sidecar's part of migrations: the MigrationAgent service (steps the coordinator leader
// calls, and the Transfer stream between sidecars).
export { MigrationAgent, MIGRATION_AGENT_SERVICE, type MigrationAgentDeps } from './agent.js';
