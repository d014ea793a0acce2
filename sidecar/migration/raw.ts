// The few calls a migration makes with raw message bytes (no decode/encode of entries in the
// sidecars): Export from the source's storage node, Transfer between sidecars, Import into the
// target's storage node. Serializers of the other side of each call come from the loaded protos.
import * as grpc from '@grpc/grpc-js';
import { packageDefinition } from '../../platform/proto.js';
import { channelCredentials, type TransportSecurity } from '../../platform/security.js';
import { ClientCache } from '../../platform/client-cache.js';

interface MethodDef {
  path: string;
  requestSerialize: (v: unknown) => Buffer;
  requestDeserialize: (b: Buffer) => unknown;
  responseSerialize: (v: unknown) => Buffer;
  responseDeserialize: (b: Buffer) => unknown;
}

function method(service: string, name: string): MethodDef {
  const def = (packageDefinition as unknown as Record<string, Record<string, MethodDef>>)[service]?.[name];
  if (!def) throw new Error(`${service}/${name} is not in the loaded protos`);
  return def;
}

export const EXPORT = method('shardcast.v1.DataPlane', 'Export');
export const IMPORT = method('shardcast.v1.DataPlane', 'Import');
export const TRANSFER = method('shardcast.v1.MigrationAgent', 'Transfer');

export const identity = (b: Buffer): Buffer => b;

/** Large messages travel in one piece (a single 16 MiB value is one chunk). */
export const RAW_CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': 64 * 1024 * 1024,
  'grpc.max_send_message_length': 64 * 1024 * 1024,
};

/** A generic client (raw calls) per address, with the large-message channel options. */
export class RawClients extends ClientCache<grpc.Client> {
  constructor(security: TransportSecurity) {
    super((address) => new grpc.Client(address, channelCredentials(security), RAW_CHANNEL_OPTIONS));
  }
}
