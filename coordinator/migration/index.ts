// The migration orchestrator (leader side): public surface.
export { MigrationManager, type MigrationOptions, type MigrateInput } from './manager.js';
export { toProto as migrationToProto, type MigrationRecord } from './record.js';
