// The calls a migration makes with raw message bytes or by path: Push and ArmIngest on the local
// storage node, Transfer between sidecars.
import { method } from '../../platform/raw-calls.js';

export { RAW_CHANNEL_OPTIONS, RawClients, identity } from '../../platform/raw-calls.js';

export const PUSH = method('shardcast.v1.DataPlane', 'Push');
export const TRANSFER = method('shardcast.v1.MigrationAgent', 'Transfer');
