// The leader's calls to sidecars' MigrationAgent service (one client per sidecar address), each
// with a deadline. Errors are the grpc ServiceError of the call.
import type * as grpc from '@grpc/grpc-js';
import { v1 } from '../../platform/proto.js';
import { channelCredentials, type TransportSecurity } from '../../platform/security.js';
import { deadline } from '../../platform/server.js';
import { ClientCache } from '../../platform/client-cache.js';
import type { MigrationAgentClient } from '../../generated/proto/shardcast/v1/MigrationAgent.js';
import type { StartCopyRequest } from '../../generated/proto/shardcast/v1/StartCopyRequest.js';
import type { CopyStatusResponse__Output } from '../../generated/proto/shardcast/v1/CopyStatusResponse.js';
import type { CutoverRequest } from '../../generated/proto/shardcast/v1/CutoverRequest.js';
import type { CutoverResponse__Output } from '../../generated/proto/shardcast/v1/CutoverResponse.js';
import type { AbortMigrationRequest } from '../../generated/proto/shardcast/v1/AbortMigrationRequest.js';
import type { AbortMigrationResponse__Output } from '../../generated/proto/shardcast/v1/AbortMigrationResponse.js';
import type { CleanupRequest } from '../../generated/proto/shardcast/v1/CleanupRequest.js';
import type { CleanupResponse__Output } from '../../generated/proto/shardcast/v1/CleanupResponse.js';
import type { ServingStatusResponse__Output } from '../../generated/proto/shardcast/v1/ServingStatusResponse.js';
import type { ArmTargetRequest } from '../../generated/proto/shardcast/v1/ArmTargetRequest.js';
import type { ArmTargetResponse__Output } from '../../generated/proto/shardcast/v1/ArmTargetResponse.js';
import type { ChecksumResponse__Output } from '../../generated/proto/shardcast/v1/ChecksumResponse.js';

/** Deadline of a quick step call (StartCopy, CopyStatus, ServingStatus, Abort of a copy). */
export const DEFAULT_STEP_DEADLINE_MS = 3_000;
/** Extra time given to calls that scan or drop a range. */
export const DEFAULT_SCAN_DEADLINE_MS = 120_000;

type Cb<R> = (e: grpc.ServiceError | null, r?: R) => void;

export class AgentClients {
  private readonly clients: ClientCache<MigrationAgentClient>;

  constructor(security: TransportSecurity) {
    this.clients = new ClientCache((address) => new v1.MigrationAgent(address, channelCredentials(security)));
  }

  private call<R>(address: string, ms: number, invoke: (c: MigrationAgentClient, o: grpc.CallOptions, cb: Cb<R>) => void): Promise<R> {
    return new Promise((resolve, reject) => invoke(this.clients.get(address), { deadline: deadline(ms) }, (e, r) => (e ? reject(e) : resolve(r!))));
  }

  startCopy(address: string, req: StartCopyRequest): Promise<CopyStatusResponse__Output> {
    return this.call(address, DEFAULT_STEP_DEADLINE_MS, (c, o, cb) => c.StartCopy(req, o, cb));
  }

  copyStatus(address: string, migrationId: string): Promise<CopyStatusResponse__Output> {
    return this.call(address, DEFAULT_STEP_DEADLINE_MS, (c, o, cb) => c.CopyStatus({ migrationId }, o, cb));
  }

  cutover(address: string, req: CutoverRequest, ms: number): Promise<CutoverResponse__Output> {
    return this.call(address, ms, (c, o, cb) => c.Cutover(req, o, cb));
  }

  abort(address: string, req: AbortMigrationRequest): Promise<AbortMigrationResponse__Output> {
    return this.call(address, DEFAULT_SCAN_DEADLINE_MS, (c, o, cb) => c.Abort(req, o, cb));
  }

  cleanup(address: string, req: CleanupRequest): Promise<CleanupResponse__Output> {
    return this.call(address, DEFAULT_SCAN_DEADLINE_MS, (c, o, cb) => c.Cleanup(req, o, cb));
  }

  servingStatus(address: string, microshardId: string, epoch: string): Promise<ServingStatusResponse__Output> {
    return this.call(address, DEFAULT_STEP_DEADLINE_MS, (c, o, cb) => c.ServingStatus({ microshardId, epoch }, o, cb));
  }

  arm(address: string, req: ArmTargetRequest): Promise<ArmTargetResponse__Output> {
    return this.call(address, DEFAULT_STEP_DEADLINE_MS, (c, o, cb) => c.ArmTarget(req, o, cb));
  }

  checksum(address: string, start: string, end: string): Promise<ChecksumResponse__Output> {
    return this.call(address, DEFAULT_SCAN_DEADLINE_MS, (c, o, cb) => c.RangeChecksum({ start, end }, o, cb));
  }

  close(): void {
    this.clients.close();
  }
}
