// Sidecar options: each has a default and a doc; validated once at start-up.
import { z } from 'zod';
import { HostPort } from '../platform/config.js';
import { TransportSecuritySchema } from '../platform/security.js';

/** Kept back from the node lease when telling the storage node how long it may accept writes. */
export const DEFAULT_LEASE_SAFETY_MARGIN_MS = 1_000;

export const SidecarConfigSchema = z.object({
  nodeId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'node id: 1-64 of A-Z a-z 0-9 . _ -').describe('id of the storage node this sidecar serves'),
  listen: HostPort.default('127.0.0.1:7500').describe('gRPC listen address (port 0 picks one)'),
  advertise: HostPort.optional().describe('address clients use to reach this sidecar (default: the bound address)'),
  coordinators: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : v), z.array(HostPort).min(1)).describe('coordinator replicas (any of them; the leader is found from there)'),
  datastore: HostPort.describe('the storage node\'s DataPlane address'),
  datastoreAdvertise: HostPort.optional().describe('storage node address clients use (default: datastore)'),
  zone: z.string().default('').describe('placement zone label'),
  region: z.string().default('').describe('placement region label'),
  capacityOpsPerS: z.coerce.number().min(0).default(0).describe('operations per second the node is sized for (0 = unknown)'),
  leaseSafetyMarginMs: z.coerce.number().int().min(100).default(DEFAULT_LEASE_SAFETY_MARGIN_MS).describe('kept back from the lease when renewing the storage node'),
  dataDir: z.string().optional().describe('where the sidecar keeps local state (telemetry history)'),
  security: TransportSecuritySchema.default({ mode: 'insecure' }),
});

export type SidecarConfig = z.infer<typeof SidecarConfigSchema>;
