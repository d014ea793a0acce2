// The storage node's side of ReportAccess: every Get/Put/Delete is counted per key position and
// streamed to the sidecar in batches. Best effort by design: it never delays or fails a data
// call — when the sidecar is away or slow, batches are dropped and counted.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../platform/proto.js';
import { channelCredentials, type TransportSecurity } from '../platform/security.js';
import type { Logger } from '../platform/logger.js';
import { positionToHex } from '../core/keyspace.js';
import type { SidecarClient } from '../generated/proto/shardcast/v1/Sidecar.js';
import type { AccessBatch } from '../generated/proto/shardcast/v1/AccessBatch.js';
import type { AccessRecord } from '../generated/proto/shardcast/v1/AccessRecord.js';

/** How often accumulated accesses are sent. */
export const DEFAULT_ACCESS_FLUSH_MS = 250;
/** Distinct keys per batch before an early flush. */
export const DEFAULT_ACCESS_BATCH_KEYS = 5_000;
/** Wait before reopening the stream after it failed. */
export const DEFAULT_ACCESS_RECONNECT_MS = 1_000;

interface Pending {
  reads: number;
  writes: number;
  bytesRead: number;
  bytesWritten: number;
  latencyUs: number;
  errors: number;
}

export class AccessReporter {
  private readonly client: SidecarClient;
  private stream: grpc.ClientWritableStream<AccessBatch> | undefined;
  private pending = new Map<bigint, Pending>();
  /** Accesses whose client named its region, by region then position (a separate map keeps the common no-region path one lookup). */
  private regional = new Map<string, Map<bigint, Pending>>();
  private regionalKeys = 0;
  private readonly timer: NodeJS.Timeout;
  private retryAt = 0;
  private congested = false;
  /** Batches sent and dropped (sidecar away or not keeping up). */
  sent = 0;
  dropped = 0;
  /** Event-loop delay since the last batch (what a request waits before its handler runs). */
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });

  constructor(
    sidecarAddress: string,
    security: TransportSecurity,
    private readonly log: Logger,
    private readonly opts: { flushMs?: number; batchKeys?: number } = {},
  ) {
    this.client = new v1.Sidecar(sidecarAddress, channelCredentials(security));
    this.timer = setInterval(() => this.flush(), opts.flushMs ?? DEFAULT_ACCESS_FLUSH_MS);
    this.timer.unref();
    this.loopDelay.enable();
  }

  /** Counts one access; `region` is the client's (CLIENT_REGION_HEADER), "" when it named none. */
  record(position: bigint, kind: 'read' | 'write', bytes: number, latencyUs: number, error: boolean, region = ''): void {
    let into = this.pending;
    if (region !== '') {
      let m = this.regional.get(region);
      if (!m) this.regional.set(region, (m = new Map()));
      into = m;
    }
    let p = into.get(position);
    if (!p) {
      into.set(position, (p = { reads: 0, writes: 0, bytesRead: 0, bytesWritten: 0, latencyUs: 0, errors: 0 }));
      if (region !== '') this.regionalKeys++;
    }
    if (kind === 'read') {
      p.reads++;
      p.bytesRead += bytes;
    } else {
      p.writes++;
      p.bytesWritten += bytes;
    }
    p.latencyUs += latencyUs;
    if (error) p.errors++;
    if (this.pending.size + this.regionalKeys >= (this.opts.batchKeys ?? DEFAULT_ACCESS_BATCH_KEYS)) this.flush();
  }

  flush(): void {
    if (this.pending.size === 0 && this.regionalKeys === 0) return;
    const records: AccessRecord[] = [];
    const add = (pos: bigint, p: Pending, clientRegion: string) =>
      records.push({ keyHash: positionToHex(pos), reads: p.reads, writes: p.writes, bytesRead: p.bytesRead, bytesWritten: p.bytesWritten, latencyUs: Math.round(p.latencyUs), errors: p.errors, clientRegion });
    for (const [pos, p] of this.pending) add(pos, p, '');
    for (const [region, m] of this.regional) for (const [pos, p] of m) add(pos, p, region);
    this.pending = new Map();
    this.regional = new Map();
    this.regionalKeys = 0;
    const stream = this.open();
    if (!stream || this.congested) {
      this.dropped++;
      return;
    }
    this.sent++;
    // The histogram's mean is in ns; NaN before its first sample.
    const loopDelayUs = Number.isFinite(this.loopDelay.mean) ? Math.round(this.loopDelay.mean / 1000) : 0;
    this.loopDelay.reset();
    if (!stream.write({ atMs: String(Date.now()), records, loopDelayUs: String(loopDelayUs) })) {
      this.congested = true;
      stream.once('drain', () => (this.congested = false));
    }
  }

  private open(): grpc.ClientWritableStream<AccessBatch> | undefined {
    if (this.stream) return this.stream;
    if (Date.now() < this.retryAt) return undefined;
    const stream = this.client.ReportAccess((err) => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      this.congested = false;
      this.retryAt = Date.now() + DEFAULT_ACCESS_RECONNECT_MS;
      if (err && err.code !== grpc.status.CANCELLED) this.log.debug({ err: err.details }, 'access report stream ended; reopening later');
    });
    this.stream = stream;
    return stream;
  }

  close(): void {
    clearInterval(this.timer);
    this.loopDelay.disable();
    this.flush();
    this.stream?.end();
    this.stream = undefined;
    this.client.close();
  }
}
