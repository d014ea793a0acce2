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

/**
 * A request whose bytes did not decode as its message type. The server-side decoders hand this
 * on instead of throwing: grpc-js answers a throwing decoder with INTERNAL before any of our
 * code runs, but bad bytes from a caller are its mistake (INVALID_ARGUMENT), which
 * platform/server.ts answers on seeing this value (the handler never sees it).
 */
export class UndecodableRequest {
  constructor(
    readonly messageType: string,
    readonly reason: string,
  ) {}
}

/** Makes every server-side request decoder of `def` answer undecodable bytes with UndecodableRequest. */
function tolerantRequestDecoding(def: protoLoader.PackageDefinition): protoLoader.PackageDefinition {
  for (const [service, entry] of Object.entries(def)) {
    // Message and enum types carry a `format`; services are maps of method definitions.
    if ('format' in entry) continue;
    for (const method of Object.values(entry as protoLoader.ServiceDefinition)) {
      const decode = method.requestDeserialize;
      // Request types live in their service's package (the contracts import no other package's).
      const messageType = `${service.slice(0, service.lastIndexOf('.'))}.${(method.requestType.type as { name?: string }).name ?? 'request'}`;
      (method as { requestDeserialize: (b: Buffer) => unknown }).requestDeserialize = (bytes: Buffer) => {
        try {
          return decode(bytes);
        } catch (err) {
          return new UndecodableRequest(messageType, err instanceof Error ? err.message : String(err));
        }
      };
    }
  }
  return def;
}

/** One package definition for all contracts (reflection serves it as is). */
export const packageDefinition = tolerantRequestDecoding(protoLoader.loadSync(FILES, LOADER_OPTIONS));
const loaded = grpc.loadPackageDefinition(packageDefinition) as unknown as AdminProto & CoordinatorProto & SidecarProto & DataPlaneProto & MigrationProto;

export const v1 = loaded.shardcast.v1;
