// Keeps the storage node told what it owns (the route table) and for how long it may accept
// writes (its ownership lease, renewed on every acknowledged heartbeat). If the sidecar dies or
// loses its session, the renewals stop and the node fences itself when the lease runs out, before
// the coordinator can re-own its microshards elsewhere.
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../platform/proto.js';
import { channelCredentials, type TransportSecurity } from '../platform/security.js';
import { deadline } from '../platform/server.js';
import type { Logger } from '../platform/logger.js';
import type { DataPlaneClient } from '../generated/proto/shardcast/v1/DataPlane.js';
import type { RouteUpdate } from '../generated/proto/shardcast/v1/RouteUpdate.js';
import type { RouteTable } from '../core/route-table.js';

/** Deadline of one ApplyAssignments call. */
export const DEFAULT_APPLY_DEADLINE_MS = 2_000;

export class DatastoreLink {
  private readonly client: DataPlaneClient;
  /** Route revision the storage node confirmed holding. */
  private nodeRevision = -1n;
  private inFlight: Promise<void> | undefined;
  private pending = false;
  private validUntil = 0;
  private closed = false;
  lastError: string | undefined;

  constructor(
    address: string,
    private readonly nodeId: string,
    private readonly table: RouteTable,
    security: TransportSecurity,
    private readonly log: Logger,
  ) {
    this.client = new v1.DataPlane(address, channelCredentials(security));
  }

  /** The lease is valid until this performance.now() instant (minus the caller's margin). */
  renew(validUntil: number): void {
    this.validUntil = validUntil;
    this.sync();
  }

  /** The route table changed. */
  routesChanged(): void {
    this.sync();
  }

  private sync(): void {
    if (this.closed) return;
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    this.inFlight = this.push()
      .catch((err: grpc.ServiceError) => {
        this.lastError = err.details || err.message;
        // The node may have restarted: send the whole table next time.
        this.nodeRevision = -1n;
        this.log.warn({ err: this.lastError }, 'cannot update the storage node');
      })
      .finally(() => {
        this.inFlight = undefined;
        if (this.pending) {
          this.pending = false;
          this.sync();
        }
      });
  }

  private async push(): Promise<void> {
    if (!this.table.ready) return;
    const validForMs = Math.max(0, Math.floor(this.validUntil - performance.now()));
    const current = this.table.revision;
    // Whole table when the node is behind; otherwise an empty update that only renews the lease.
    const routes: RouteUpdate = current !== this.nodeRevision ? (this.table.snapshot() as unknown as RouteUpdate) : { revision: current.toString(), full: false };
    const res = await new Promise<{ revision: string }>((resolve, reject) =>
      this.client.ApplyAssignments({ nodeId: this.nodeId, routes, leaseValidForMs: validForMs }, { deadline: deadline(DEFAULT_APPLY_DEADLINE_MS) }, (err, r) => (err ? reject(err) : resolve(r!))),
    );
    this.lastError = undefined;
    this.nodeRevision = BigInt(res.revision || '0');
  }

  close(): void {
    this.closed = true;
    this.client.close();
  }
}
