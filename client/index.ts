// The client library a datastore client embeds: routes keys locally from a route table fed by
// a sidecar's WatchRoutes stream, writes with the owner's epoch, and on a refusal (stale epoch,
// wrong owner, fenced) retries: at once where the refusal's owner trailers point when they name a
// newer epoch (a fenced source names the migration's target), else after the newer route.
//
// Pipelined: calls never wait for one another. Concurrent puts (gets) for keys of one
// microshard on one node are coalesced into one PutBatch (GetBatch) sent on the next turn of
// the event loop (client/batcher.ts); the node applies a PutBatch in one durable transaction, so
// many writers share one RPC and one disk sync. `batch: false` sends every call alone.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../platform/proto.js';
import { channelCredentials, type TransportSecurity } from '../platform/security.js';
import { deadline } from '../platform/server.js';
import { RouteTable, type RouteUpdateWire } from '../core/route-table.js';
import { prefixOrderedRange, prefixRange } from '../core/keyspace.js';
import { isServing, type Microshard } from '../core/microshard.js';
import type { DataPlaneClient } from '../generated/proto/shardcast/v1/DataPlane.js';
import type { SidecarClient } from '../generated/proto/shardcast/v1/Sidecar.js';
import type { RouteUpdate__Output } from '../generated/proto/shardcast/v1/RouteUpdate.js';
import { CLIENT_REGION_HEADER, MAX_BATCH_BYTES, MAX_BATCH_ENTRIES, REGION_LABEL } from '../datastore/limits.js';
import { Coalescer } from './batcher.js';
import { ClientCache } from '../platform/client-cache.js';

/** Deadline of one data call. */
export const DEFAULT_CALL_DEADLINE_MS = 3_000;
/** How long a redirected call waits for the route table to change before its one retry. */
export const DEFAULT_REDIRECT_WAIT_MS = 3_000;
/** How long start() waits for the first route table. */
export const DEFAULT_START_TIMEOUT_MS = 10_000;

export interface ClientOptions {
  /** Sidecar addresses (host:port); the first reachable one feeds the route table. */
  sidecars: string[];
  /**
   * Transport security, chosen explicitly as every process chooses it: mutual TLS with a client
   * certificate in production, or INSECURE (from platform/security.ts) for plaintext on loopback.
   */
  security: TransportSecurity;
  callDeadlineMs?: number;
  redirectWaitMs?: number;
  /** Coalesce concurrent calls into batched RPCs (default true). */
  batch?: boolean;
  /**
   * The region this client runs in: sent with every data call (metadata CLIENT_REGION_HEADER) so
   * the storage node's access reports carry it and placement can move data toward its users.
   */
  region?: string;
}

export { CLIENT_REGION_HEADER, REGION_LABEL };

type PutReq = { key: Buffer; value: Buffer; epoch: string; requestId: string };
type PutRes = { version: string; duplicate: boolean };
type GetRes = { found: boolean; value: Buffer; version: string };

export interface WriteResult {
  version: string;
  node: string;
  epoch: string;
  microshardId: string;
  duplicate: boolean;
  /** Attempts made (2 when redirected once). */
  attempts: number;
}

export class ShardcastClientError extends Error {
  constructor(
    message: string,
    readonly code: grpc.status,
  ) {
    super(message);
  }
}

const RETRYABLE = new Set([grpc.status.FAILED_PRECONDITION, grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED]);

/**
 * Where a refusal's owner trailers point (dataplane.proto), when they name a newer epoch than
 * the one the call was routed with: a fenced source naming the migration's target (which holds
 * the write until the move commits), or a node that already applied the move. An older or equal
 * epoch says nothing the route table does not (and could send the call back and forth).
 */
function redirectOf(err: grpc.ServiceError, m: Microshard): { microshard: Microshard; address: string } | undefined {
  const md = err.metadata;
  if (!md) return undefined;
  const owner = md.get('x-shardcast-owner')[0];
  const address = md.get('x-shardcast-owner-address')[0];
  const epoch = md.get('x-shardcast-epoch')[0];
  if (typeof owner !== 'string' || !owner || typeof address !== 'string' || !address || typeof epoch !== 'string' || !/^\d{1,20}$/.test(epoch)) return undefined;
  const e = BigInt(epoch);
  if (e <= m.epoch) return undefined;
  return { microshard: { ...m, owner, epoch: e }, address };
}

export class ShardcastClient extends EventEmitter<{ routes: [revision: bigint] }> {
  readonly table = new RouteTable();
  private readonly security: TransportSecurity;
  private readonly dataClients = new ClientCache<DataPlaneClient>((address) => new v1.DataPlane(address, channelCredentials(this.security)));
  private sidecarClients: SidecarClient[] = [];
  private stream: grpc.ClientReadableStream<RouteUpdate__Output> | undefined;
  private closed = false;
  private sidecarIndex = 0;
  /** Coalesced puts and gets (exposed for benches: batches sent, calls carried). */
  readonly putBatches: Coalescer<PutReq, PutRes>;
  readonly getBatches: Coalescer<Buffer, GetRes>;
  /** Sent with every data call (the client's region, when configured). */
  private readonly metadata: grpc.Metadata;

  constructor(private readonly opts: ClientOptions) {
    super();
    if (opts.sidecars.length === 0) throw new Error('ShardcastClient needs at least one sidecar address');
    if (!opts.security) throw new Error('ShardcastClient needs security: mutual TLS credentials, or INSECURE to choose plaintext explicitly');
    this.security = opts.security;
    if (opts.region !== undefined && !REGION_LABEL.test(opts.region)) throw new Error(`ShardcastClient region must be 1-64 of A-Z a-z 0-9 . _ -, got "${opts.region}"`);
    this.metadata = new grpc.Metadata();
    if (opts.region) this.metadata.set(CLIENT_REGION_HEADER, opts.region);
    this.setMaxListeners(0);
    const limits = { maxEntries: MAX_BATCH_ENTRIES, maxBytes: MAX_BATCH_BYTES };
    this.putBatches = new Coalescer<PutReq, PutRes>(
      {
        one: (address, req) => this.unaryCall<PutRes>(address, 'Put', req),
        many: (address, reqs) => this.unaryCall<{ results: PutRes[] }>(address, 'PutBatch', { entries: reqs }).then((r) => r.results),
      },
      limits,
    );
    this.getBatches = new Coalescer<Buffer, GetRes>(
      {
        one: (address, key) => this.unaryCall<GetRes>(address, 'Get', { key }),
        many: (address, keys) => this.unaryCall<{ results: GetRes[] }>(address, 'GetBatch', { keys: keys.map((key) => ({ key })) }).then((r) => r.results),
      },
      limits,
    );
  }

  /** One DataPlane call with the call deadline. */
  private unaryCall<Res>(address: string, method: 'Put' | 'PutBatch' | 'Get' | 'GetBatch', req: unknown): Promise<Res> {
    const c = this.dataClient(address) as unknown as Record<string, (req: unknown, md: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: Res) => void) => void>;
    return new Promise<Res>((resolve, reject) =>
      c[method]!.call(c, req, this.metadata, { deadline: deadline(this.opts.callDeadlineMs ?? DEFAULT_CALL_DEADLINE_MS) }, (err, res) => (err ? reject(err) : resolve(res!))),
    );
  }

  /** Connects and waits for the first route table. */
  async start(timeoutMs = DEFAULT_START_TIMEOUT_MS): Promise<void> {
    this.sidecarClients = this.opts.sidecars.map((a) => new v1.Sidecar(a, channelCredentials(this.security)));
    this.watch();
    if (this.table.ready) return;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new ShardcastClientError(`no route table from ${this.opts.sidecars.join(', ')} within ${timeoutMs} ms`, grpc.status.UNAVAILABLE)), timeoutMs);
      this.once('routes', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private watch(): void {
    if (this.closed) return;
    const sidecar = this.sidecarClients[this.sidecarIndex % this.sidecarClients.length]!;
    const stream = sidecar.WatchRoutes({ afterRevision: '0' });
    this.stream = stream;
    stream.on('data', (u: RouteUpdate__Output) => {
      try {
        if (this.table.apply(u as unknown as RouteUpdateWire)) this.emit('routes', this.table.revision);
      } catch {
        stream.cancel(); // a gap: reconnect for a full table
      }
    });
    const again = () => {
      if (this.stream !== stream || this.closed) return;
      this.stream = undefined;
      this.sidecarIndex++;
      setTimeout(() => this.watch(), 200).unref();
    };
    stream.on('error', again);
    stream.on('end', again);
  }

  private dataClient(address: string): DataPlaneClient {
    return this.dataClients.get(address);
  }

  /** The microshard and owner address a key routes to now (undefined when not serving). */
  route(key: string | Uint8Array): { microshard: Microshard; address: string } | undefined {
    const m = this.table.lookup(this.table.position(key));
    if (!m || !isServing(m)) return undefined;
    const address = this.table.node(m.owner)?.datastoreAddress;
    return address ? { microshard: m, address } : undefined;
  }

  /** Resolves when the table moves past `revision` (or after `ms`). */
  private waitForNewerRoutes(revision: bigint, ms: number): Promise<void> {
    if (this.table.revision > revision) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.off('routes', on);
        resolve();
      };
      const on = (rev: bigint) => rev > revision && done();
      const t = setTimeout(done, ms);
      this.on('routes', on);
    });
  }

  /**
   * Runs `op` at the key's owner. A retryable refusal is retried at most twice: at once where
   * its owner trailers point when they name a newer epoch than the one routed with (once per
   * call), and once after the route table moves on (or redirectWaitMs).
   */
  private async withRoute<T>(key: string | Uint8Array, op: (c: DataPlaneClient, m: Microshard, d: Date, address: string) => Promise<T>): Promise<{ result: T; microshard: Microshard; attempts: number }> {
    const waitMs = this.opts.redirectWaitMs ?? DEFAULT_REDIRECT_WAIT_MS;
    let lastErr: unknown;
    let hint: { microshard: Microshard; address: string } | undefined;
    let followed = false;
    let waited = false;
    for (let attempt = 1; ; attempt++) {
      const revision = this.table.revision;
      const r = hint ?? this.route(key);
      hint = undefined;
      if (!r) {
        lastErr = new ShardcastClientError(`no serving owner for this key at route revision ${revision}`, grpc.status.UNAVAILABLE);
      } else {
        try {
          const result = await op(this.dataClient(r.address), r.microshard, deadline(this.opts.callDeadlineMs ?? DEFAULT_CALL_DEADLINE_MS), r.address);
          return { result, microshard: r.microshard, attempts: attempt };
        } catch (err) {
          const e = err as grpc.ServiceError;
          if (!RETRYABLE.has(e.code)) throw new ShardcastClientError(e.details || e.message, e.code);
          lastErr = new ShardcastClientError(e.details || e.message, e.code);
          hint = followed ? undefined : redirectOf(e, r.microshard);
          if (hint) {
            followed = true;
            continue;
          }
        }
      }
      if (waited) break;
      waited = true;
      await this.waitForNewerRoutes(revision, waitMs);
    }
    throw lastErr;
  }

  async put(key: string | Uint8Array, value: Uint8Array | string, requestId: string = randomUUID()): Promise<WriteResult> {
    const k = typeof key === 'string' ? Buffer.from(key) : Buffer.from(key);
    const v = typeof value === 'string' ? Buffer.from(value) : Buffer.from(value);
    const batch = this.opts.batch ?? true;
    const { result, microshard, attempts } = await this.withRoute(k, (c, m, d, address) => {
      const req = { key: k, value: v, epoch: m.epoch.toString(), requestId };
      if (batch) return this.putBatches.submit(address, `${address}\0${m.id}`, k.toString('latin1'), k.length + v.length, req);
      return new Promise<PutRes>((resolve, reject) => c.Put(req, this.metadata, { deadline: d }, (err, res) => (err ? reject(err) : resolve(res!))));
    });
    return { version: result.version, duplicate: result.duplicate, node: microshard.owner, epoch: microshard.epoch.toString(), microshardId: microshard.id, attempts };
  }

  async get(key: string | Uint8Array): Promise<{ found: boolean; value: Buffer; version: string }> {
    const k = typeof key === 'string' ? Buffer.from(key) : Buffer.from(key);
    const batch = this.opts.batch ?? true;
    const { result } = await this.withRoute(k, (c, m, d, address) => {
      if (batch) return this.getBatches.submit(address, `${address}\0${m.id}`, k.toString('latin1'), k.length, k);
      return new Promise<GetRes>((resolve, reject) => c.Get({ key: k }, this.metadata, { deadline: d }, (err, res) => (err ? reject(err) : resolve(res!))));
    });
    return result;
  }

  async delete(key: string | Uint8Array): Promise<boolean> {
    const k = typeof key === 'string' ? Buffer.from(key) : Buffer.from(key);
    const { result } = await this.withRoute(k, (c, m, d) =>
      new Promise<boolean>((resolve, reject) => c.Delete({ key: k, epoch: m.epoch.toString() }, this.metadata, { deadline: d }, (err, res) => (err ? reject(err) : resolve(res!.found)))),
    );
    return result;
  }

  /**
   * The entries of one prefix (tenant), optionally only keys `prefix/rest` with from <= rest < to,
   * from every microshard its range covers (in keyspace order: under "prefix-ordered", in the
   * rest's byte order). Needs a prefix key schema; `limit` bounds the total (default 1,000).
   */
  async scanPrefix(prefix: string, opts: { from?: string; to?: string; limit?: number } = {}): Promise<{ entries: { key: Buffer; value: Buffer; version: string }[]; truncated: boolean }> {
    const schema = this.table.keySchema;
    if (schema === 'hash') throw new ShardcastClientError('scanPrefix needs the "prefix" or "prefix-ordered" key schema; this cluster hashes whole keys', grpc.status.INVALID_ARGUMENT);
    const range = schema === 'prefix-ordered' ? prefixOrderedRange(prefix, opts.from ?? '', opts.to) : prefixRange(prefix, schema);
    const limit = opts.limit ?? 1_000;
    // As withRoute does for one key: a retryable refusal (a node that has not applied the route
    // table the client routed by yet, a microshard that just moved) waits for the routes once and
    // scans again from the start (a scan reads only, so repeating it is safe).
    const waitMs = this.opts.redirectWaitMs ?? DEFAULT_REDIRECT_WAIT_MS;
    for (let attempt = 1; ; attempt++) {
      const revision = this.table.revision;
      try {
        return await this.scanOnce(prefix, range, opts, limit);
      } catch (err) {
        const e = err as ShardcastClientError;
        if (attempt >= 2 || !RETRYABLE.has(e.code)) throw err;
        await this.waitForNewerRoutes(revision, waitMs);
      }
    }
  }

  private async scanOnce(prefix: string, range: { start: bigint; end: bigint }, opts: { from?: string; to?: string }, limit: number): Promise<{ entries: { key: Buffer; value: Buffer; version: string }[]; truncated: boolean }> {
    const entries: { key: Buffer; value: Buffer; version: string }[] = [];
    for (const m of this.table.microshards()) {
      if (m.end <= range.start || m.start >= range.end) continue;
      const address = this.table.node(m.owner)?.datastoreAddress;
      if (!address) throw new ShardcastClientError(`microshard ${m.id} of prefix "${prefix}" has no serving owner`, grpc.status.UNAVAILABLE);
      const left = limit - entries.length;
      const c = this.dataClient(address);
      const req = { prefix, from: Buffer.from(opts.from ?? ''), to: Buffer.from(opts.to ?? ''), limit: left, microshardId: m.id };
      const r = await new Promise<{ entries: { key: Buffer; value: Buffer; version: string }[]; truncated: boolean }>((resolve, reject) =>
        c.Scan(req, this.metadata, { deadline: deadline(this.opts.callDeadlineMs ?? DEFAULT_CALL_DEADLINE_MS) }, (err, res) => (err ? reject(new ShardcastClientError(err.details || err.message, err.code)) : resolve(res as never))),
      );
      entries.push(...r.entries);
      if (r.truncated || entries.length >= limit) return { entries, truncated: true };
    }
    return { entries, truncated: false };
  }

  close(): void {
    this.closed = true;
    this.stream?.cancel();
    for (const c of this.sidecarClients) c.close();
    this.dataClients.close();
  }
}
