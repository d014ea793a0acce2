// Loads the shardcast contracts once. Options mirror scripts/gen-proto.mjs so the generated
// types in generated/proto describe exactly what the loader produces.
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as AdminProto } from '../generated/proto/admin.js';
import type { ProtoGrpcType as CoordinatorProto } from '../generated/proto/coordinator.js';
import type { ProtoGrpcType as SidecarProto } from '../generated/proto/sidecar.js';
import type { ProtoGrpcType as DataPlaneProto } from '../generated/proto/dataplane.js';
import type { ProtoGrpcType as MigrationProto } from '../generated/proto/migration.js';

/** Folder holding shardcast/v1/*.proto (works from dist/platform and from platform/). */
export const PROTO_ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../proto' : '../proto', import.meta.url));

export const LOADER_OPTIONS: protoLoader.Options = {
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

const FILES = ['shardcast/v1/admin.proto', 'shardcast/v1/coordinator.proto', 'shardcast/v1/sidecar.proto', 'shardcast/v1/dataplane.proto', 'shardcast/v1/migration.proto'];

/** One package definition for all contracts (reflection serves it as is). */
export const packageDefinition = protoLoader.loadSync(FILES, LOADER_OPTIONS);
const loaded = grpc.loadPackageDefinition(packageDefinition) as unknown as AdminProto & CoordinatorProto & SidecarProto & DataPlaneProto & MigrationProto;

export const v1 = loaded.shardcast.v1;
