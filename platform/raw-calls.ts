// Calls made with raw message bytes (a copy's chunks are encoded once and never re-encoded on
// the way): a generic client per address with the large-message channel options, and the
// serializers of any loaded method.
import * as grpc from '@grpc/grpc-js';
import { packageDefinition } from './proto.js';
import { channelCredentials, type TransportSecurity } from './security.js';
import { ClientCache } from './client-cache.js';

export interface MethodDef {
  path: string;
  requestSerialize: (v: unknown) => Buffer;
  requestDeserialize: (b: Buffer) => unknown;
  responseSerialize: (v: unknown) => Buffer;
  responseDeserialize: (b: Buffer) => unknown;
}

/** A method of the loaded protos (its path and serializers). */
export function method(service: string, name: string): MethodDef {
  const def = (packageDefinition as unknown as Record<string, Record<string, MethodDef>>)[service]?.[name];
  if (!def) throw new Error(`${service}/${name} is not in the loaded protos`);
  return def;
}

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
