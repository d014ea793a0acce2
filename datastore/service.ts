// The DataPlane gRPC handlers of the reference storage node: validation, ownership decisions,
// and the engine calls. Every handler is wrapped so nothing a client sends can crash the process.
import type * as grpc from '@grpc/grpc-js';
import { keyPosition, positionToHex, prefixOrderedRange, prefixRange, type KeySchema } from '../core/keyspace.js';
import { describeRange } from '../core/ranges.js';
import type { RouteUpdateWire } from '../core/route-table.js';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, RedirectHintError, StaleEpochError, UnavailableError, toServiceError } from '../platform/errors.js';
import { clientStream, serverStream, unary } from '../platform/handlers.js';
import type { Logger } from '../platform/logger.js';
import type { DataPlaneHandlers } from '../generated/proto/shardcast/v1/DataPlane.js';
import type { ExportChunk } from '../generated/proto/shardcast/v1/ExportChunk.js';
import type { ExportRequest__Output } from '../generated/proto/shardcast/v1/ExportRequest.js';
import type { ImportChunk__Output } from '../generated/proto/shardcast/v1/ImportChunk.js';
import type { ImportResponse } from '../generated/proto/shardcast/v1/ImportResponse.js';
import type { PutRequest__Output } from '../generated/proto/shardcast/v1/PutRequest.js';
import type { GetRequest__Output } from '../generated/proto/shardcast/v1/GetRequest.js';
import type { Microshard } from '../core/microshard.js';
import type { Engine } from './engine.js';
import type { AccessReporter } from './access-reporter.js';
import type { Decision, Ownership } from './ownership.js';
import { DEFAULT_ACTIVATION_WAIT_MS, DEFAULT_ARM_TTL_MS, MAX_ARM_TTL_MS } from './limits.js';
import { CLIENT_REGION_HEADER, REGION_LABEL, DEFAULT_SCAN_LIMIT, MAX_SCAN_LIMIT, MAX_BATCH_BYTES, MAX_BATCH_ENTRIES } from './limits.js';
import { validEpoch, validKey, validLeaseMs, validMicroshardId, validNextOwner, validNodeId, importedEntries, validRange, validRequestId, validU64, validValue } from './validate.js';
import { exportPlan, runExport, toExportChunk } from './export.js';
import { runPush } from './push.js';
import { IngestGate } from './ingest.js';
import { RawClients } from '../platform/raw-calls.js';
import { INSECURE, type TransportSecurity } from '../platform/security.js';

const EMPTY = Buffer.alloc(0);

/** Ends a follow stream: the node is stopping or the client went away. */
class StreamEnded extends Error {}

/** The error a refused decision becomes (StaleEpochError carries the owner trailers). */
export function decisionError(d: Exclude<Decision, { ok: true }>, entry?: string): Error {
  const message = entry ? `${entry}: ${d.message}` : d.message;
  if (d.kind === 'stale') return new StaleEpochError(message, d.owner);
  return d.owner ? new RedirectHintError(message, d.owner) : new UnavailableError(message);
}

/** One validated entry of a PutBatch. */
interface BatchPut {
  key: Buffer;
  value: Buffer;
  epoch: bigint;
  requestId: string;
  pos: bigint;
}

/** The client's region from a data call's metadata (the client library's CLIENT_REGION_HEADER); "" when absent or malformed. */
function regionOf(call: { metadata: grpc.Metadata }): string {
  const v = call.metadata.get(CLIENT_REGION_HEADER)[0];
  return typeof v === 'string' && REGION_LABEL.test(v) ? v : '';
}

export class DataPlaneService {
  /** Open Export follow streams and Pushes; stop() ends them so shutdown does not wait on them. */
  private readonly followers = new Set<AbortController>();
  /** Writes waiting for an armed epoch to be activated: woken by every route change or disarm. */
  private readonly activationWaiters = new Set<() => void>();
  /** Clients of other storage nodes (a Push's Ingest stream), made on first use. */
  private readonly peers: RawClients;
  private readonly ingests: IngestGate;

  constructor(
    private readonly engine: Engine,
    private readonly ownership: Ownership,
    private readonly log: Logger,
    private readonly now: () => number = () => performance.now(),
    /** Where accesses are reported (the sidecar's ReportAccess); none when not configured. */
    private readonly access?: AccessReporter,
    /** How this node calls other storage nodes (a Push); plaintext only when asked for. */
    security: TransportSecurity = INSECURE,
  ) {
    this.peers = new RawClients(security);
    this.ingests = new IngestGate(engine, ownership, log);
  }

  /** Ends every open Export stream and Push with UNAVAILABLE, and every Ingest (the node is stopping). */
  async endStreams(): Promise<void> {
    for (const a of this.followers) a.abort(new UnavailableError('storage node is shutting down'));
    await this.ingests.close();
    this.peers.close();
  }

  handlers(): DataPlaneHandlers {
    return {
      Get: unary(async (call) => {
        const key = validKey(call.request.key);
        const started = performance.now();
        const region = regionOf(call);
        const pos = keyPosition(key, this.engine.keySchema);
        const d = this.ownership.decideRead(pos, this.now());
        if (!d.ok) {
          this.access?.record(pos, 'read', 0, (performance.now() - started) * 1000, true, region);
          throw decisionError(d);
        }
        const r = this.engine.get(key);
        const found = Boolean(r && !r.tombstone);
        this.access?.record(pos, 'read', found ? r!.value.length : 0, (performance.now() - started) * 1000, false, region);
        if (!found) return { found: false, value: Buffer.alloc(0), version: '0' };
        return { found: true, value: r!.value, version: r!.version.toString() };
      }),

      Put: unary(async (call) => {
        const req = call.request;
        const key = validKey(req.key);
        const value = validValue(req.value);
        const epoch = validEpoch(req.epoch);
        const requestId = validRequestId(req.requestId);
        const pos = keyPosition(key, this.engine.keySchema);
        const started = performance.now();
        const region = regionOf(call);
        await this.untilActivated([{ pos, epoch }], call);
        const out = await this.engine.put(key, value, requestId, () => this.writeCheck(pos, epoch));
        this.access?.record(pos, 'write', value.length, (performance.now() - started) * 1000, Boolean(out.rejected), region);
        if (out.rejected) throw out.rejected;
        return { version: out.version.toString(), duplicate: out.duplicate };
      }),

      Delete: unary(async (call) => {
        const key = validKey(call.request.key);
        const epoch = validEpoch(call.request.epoch);
        const pos = keyPosition(key, this.engine.keySchema);
        const started = performance.now();
        const region = regionOf(call);
        await this.untilActivated([{ pos, epoch }], call);
        const out = await this.engine.delete(key, () => this.writeCheck(pos, epoch));
        this.access?.record(pos, 'write', 0, (performance.now() - started) * 1000, Boolean(out.rejected), region);
        if (out.rejected) throw out.rejected;
        return { found: out.found };
      }),

      PutBatch: unary(async (call) => {
        const items = validPutBatch(call.request.entries, this.engine.keySchema);
        const started = performance.now();
        const region = regionOf(call);
        await this.untilActivated(items, call);
        const out = await this.engine.putBatch(items, () => this.batchWriteCheck(items));
        const us = ((performance.now() - started) * 1000) / items.length;
        for (const it of items) this.access?.record(it.pos, 'write', it.value.length, us, Boolean(out.rejected), region);
        if (out.rejected) throw out.rejected;
        return { results: out.results.map((r) => ({ version: r.version.toString(), duplicate: r.duplicate })) };
      }),

      Scan: unary(async (call) => {
        const req = call.request;
        const schema = this.engine.keySchema;
        if (schema === 'hash') throw new InvalidArgumentError('Scan needs the "prefix" or "prefix-ordered" key schema: under "hash" a prefix\'s keys are scattered over every microshard');
        const prefix = req.prefix ?? '';
        if (prefix.includes('/')) throw new InvalidArgumentError(`prefix must not contain "/": got "${prefix.slice(0, 80)}"`);
        const from = Buffer.from(req.from ?? []);
        const to = Buffer.from(req.to ?? []);
        if (to.length > 0 && Buffer.compare(from, to) >= 0) throw new InvalidArgumentError('from must be below to (rests in [from, to))');
        const limit = req.limit === 0 || req.limit === undefined ? DEFAULT_SCAN_LIMIT : Math.min(req.limit, MAX_SCAN_LIMIT);
        const id = validU64(req.microshardId, 'microshard_id').toString();
        // Positions of the prefix (and time range, under prefix-ordered), clipped to the microshard.
        const range = schema === 'prefix-ordered' ? prefixOrderedRange(prefix, from, to.length > 0 ? to : undefined) : prefixRange(prefix, schema);
        const d = this.ownership.decideRead(range.start, this.now());
        const ms = d.ok && d.microshard.id === id ? d.microshard : this.ownership.owned().find((m) => m.id === id);
        if (!ms) throw new FailedPreconditionError(`microshard ${id} is not held by this node (or not yet: no route table)`);
        const check = this.ownership.decideRead(ms.start, this.now());
        if (!check.ok) throw decisionError(check);
        const start = range.start > ms.start ? range.start : ms.start;
        const end = range.end < ms.end ? range.end : ms.end;
        if (start >= end) return { entries: [], truncated: false };
        const head = Buffer.from(prefix + '/');
        const keep = (key: Buffer) => {
          if (!key.subarray(0, head.length).equals(head) && !(key.equals(head.subarray(0, head.length - 1)) && from.length === 0)) return false;
          const rest = key.subarray(head.length);
          return Buffer.compare(rest, from) >= 0 && (to.length === 0 || Buffer.compare(rest, to) < 0);
        };
        const r = this.engine.scanKeys(start, end, keep, limit);
        return { entries: r.entries.map((e) => ({ key: e.key, value: e.value, version: e.version.toString() })), truncated: r.truncated };
      }),

      GetBatch: unary(async (call) => {
        const keys = validGetBatch(call.request.keys);
        const started = performance.now();
        const region = regionOf(call);
        const positions = keys.map((k) => keyPosition(k, this.engine.keySchema));
        // Every key is checked before any is read: all or none.
        const now = this.now();
        let first: Microshard | undefined;
        for (let i = 0; i < keys.length; i++) {
          const d = this.ownership.decideRead(positions[i]!, now);
          const problem = !d.ok ? decisionError(d, `keys[${i}]`) : first && d.microshard.id !== first.id ? mixedError('keys', i, d.microshard, first) : undefined;
          if (problem) {
            for (const pos of positions) this.access?.record(pos, 'read', 0, 0, true, region);
            throw problem;
          }
          first ??= (d as { microshard: Microshard }).microshard;
        }
        const results = keys.map((k) => {
          const r = this.engine.get(k);
          return r && !r.tombstone ? { found: true, value: r.value, version: r.version.toString() } : { found: false, value: EMPTY, version: '0' };
        });
        const us = ((performance.now() - started) * 1000) / keys.length;
        for (let i = 0; i < keys.length; i++) this.access?.record(positions[i]!, 'read', results[i]!.value.length, us, false, region);
        return { results };
      }),

      ApplyAssignments: unary(async (call) => {
        const req = call.request;
        const nodeId = validNodeId(req.nodeId);
        const leaseMs = validLeaseMs(req.leaseValidForMs);
        const res = this.ownership.apply(nodeId, (req.routes as RouteUpdateWire | null) ?? null, leaseMs, this.now());
        if (res.applied) {
          this.log.info({ revision: res.revision.toString(), owned: res.owned }, 'routes applied');
          const moot = this.ownership.pruneFences();
          this.ownership.pruneArms(this.now());
          this.wakeActivationWaiters();
          if (moot.length > 0) await this.engine.removeFences(moot);
        }
        return { revision: res.revision.toString(), ownedMicroshards: res.owned };
      }),

      Fence: unary(async (call) => {
        const id = validMicroshardId(call.request.microshardId);
        const epoch = validEpoch(call.request.epoch);
        const fenced = call.request.fenced;
        const next = validNextOwner(call.request, epoch, fenced, this.ownership.nodeId);
        // A fence on a microshard this node has never heard of would block nothing and mislead
        // the caller into thinking a cutover is safe; so would one answered before any table
        // arrived. A lift stays allowed either way: "no fence there" already holds, and an abort
        // lifting after its microshard left the table (which prunes the fence) must not fail.
        if (fenced && !this.ownership.hasTable) throw new UnavailableError(`cannot fence microshard ${id}: no route table yet (waiting for the sidecar's ApplyAssignments)`);
        const current = this.ownership.epochOf(id);
        if (fenced && current === undefined) throw new NotFoundError(`microshard ${id} is not in this node's route table (revision ${this.ownership.revision}): nothing to fence`);
        // A cutover fences the current owner at its current epoch. A fence above it would also
        // block every later owner up to that epoch and never become moot (pruneFences drops a
        // fence once the epoch passes it): refused, retryable in case the routes lag.
        if (fenced && current !== undefined && epoch > current) {
          throw new UnavailableError(`cannot fence microshard ${id} at epoch ${epoch}: this node knows it at epoch ${current} (route revision ${this.ownership.revision}); a fence is at the current epoch or below`);
        }
        const lastSeq = await this.engine.setFence(id, () => {
          if (fenced) return this.ownership.fence(id, epoch, next);
          this.ownership.unfence(id, epoch);
          return null;
        });
        this.log.info({ microshard: id, epoch: epoch.toString(), fenced, lastSeq: lastSeq.toString(), nextOwner: next?.nodeId }, fenced ? 'fenced' : 'fence lifted');
        return { lastSeq: lastSeq.toString() };
      }),

      ArmCutover: unary(async (call) => {
        const id = validMicroshardId(call.request.microshardId);
        const epoch = validEpoch(call.request.epoch);
        // uint32: never negative; a longer arm than MAX_ARM_TTL_MS is cut to it (it only ever delays).
        const ttl = Math.min(Number(call.request.ttlMs ?? 0) || DEFAULT_ARM_TTL_MS, MAX_ARM_TTL_MS);
        if (!call.request.armed) {
          this.ownership.disarm(id);
          this.wakeActivationWaiters();
          return { currentEpoch: (this.ownership.epochOf(id) ?? 0n).toString() };
        }
        if (epoch === 0n) throw new InvalidArgumentError('epoch must be above 0: a node is armed for the epoch a move commits (the current one + 1)');
        const current = this.ownership.arm(id, epoch, this.now() + ttl);
        this.log.info({ microshard: id, epoch: epoch.toString(), current: current?.toString() }, 'armed for a cutover');
        return { currentEpoch: (current ?? 0n).toString() };
      }),

      Export: serverStream(async (call) => {
        try {
          await this.export(call);
        } catch (err) {
          if (err instanceof StreamEnded || call.cancelled) return;
          // Ends the stream with the error's status and trailers.
          call.emit('error', toServiceError(err));
        }
      }),

      Import: clientStream(async (call) => this.import(call)),

      Push: (call) => {
        runPush(call, this.engine, this.ownership.nodeId, this.peers, this.followers, this.log).catch((err) => {
          if (!call.cancelled) call.emit('error', toServiceError(err));
        });
      },

      ArmIngest: unary(async (call) => this.ingests.arm(call.request)),

      Ingest: (call) => {
        this.ingests.ingest(call).catch((err) => {
          if (!call.cancelled) call.emit('error', toServiceError(err));
        });
      },

      Drop: unary(async (call) => {
        const range = validRange(call.request.start, call.request.end);
        const owned = this.ownership.ownedOverlapping(range);
        if (owned.length > 0) {
          const m = owned[0]!;
          throw new FailedPreconditionError(
            `refusing to drop ${describeRange(range)}: it overlaps microshard ${m.id} ${describeRange(m)} that this node owns (${m.state}, epoch ${m.epoch}) in route revision ${this.ownership.revision}`,
          );
        }
        const entries = await this.engine.drop(range.start, range.end);
        this.log.info({ start: positionToHex(range.start), end: positionToHex(range.end), entries: entries.toString() }, 'range dropped');
        return { entries: entries.toString() };
      }),

      Checksum: unary(async (call) => {
        const range = validRange(call.request.start, call.request.end);
        const c = await this.engine.checksum(range.start, range.end);
        return { digest: c.digest, entries: c.entries.toString(), bytes: c.bytes.toString() };
      }),

      Stats: unary(async () => {
        const totals = this.engine.totals();
        const microshards = [];
        for (const m of this.ownership.owned()) {
          const s = await this.engine.rangeSize(m.start, m.end);
          microshards.push({ microshardId: m.id, entries: s.entries.toString(), bytes: s.bytes.toString() });
        }
        return {
          nodeId: this.ownership.nodeId,
          entries: totals.entries.toString(),
          bytes: totals.bytes.toString(),
          microshards,
          lastSeq: this.engine.lastSeq().toString(),
          revision: this.ownership.revision.toString(),
        };
      }),
    };
  }

  private wakeActivationWaiters(): void {
    for (const wake of [...this.activationWaiters]) wake();
  }

  /**
   * Before a write: while any of `writes` is routed with the epoch this node was armed for and
   * the table has not given it that epoch yet, wait for the next route change (at most
   * DEFAULT_ACTIVATION_WAIT_MS). Only a delay: the decision in the write transaction is the
   * same as ever, so nothing is accepted before the table activates it. A caller that went away
   * meanwhile gets nothing applied (it saw an error; its retry carries the same request_id).
   */
  private async untilActivated(writes: ReadonlyArray<{ pos: bigint; epoch: bigint }>, call: { cancelled: boolean }): Promise<void> {
    const waiting = () => writes.some((w) => this.ownership.awaitsActivation(w.pos, w.epoch, this.now()));
    if (!waiting()) return;
    const stopAt = this.now() + DEFAULT_ACTIVATION_WAIT_MS;
    while (waiting() && !call.cancelled) {
      const left = stopAt - this.now();
      if (left <= 0) return;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.activationWaiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.activationWaiters.add(done);
      });
    }
    if (call.cancelled) throw new UnavailableError('the caller went away while the write waited for its microshard to be activated here');
  }

  /** Runs inside the write transaction: the ownership decision at the write's place in the commit order. */
  private writeCheck(pos: bigint, epoch: bigint): Error | undefined {
    const d = this.ownership.decideWrite(pos, epoch, this.now());
    return d.ok ? undefined : decisionError(d);
  }

  /**
   * Runs inside the write transaction, at the batch's place in the commit order: every entry's
   * ownership decision at its own epoch, and one microshard for them all. The first problem
   * names its entry; nothing is written then.
   */
  private batchWriteCheck(items: readonly BatchPut[]): Error | undefined {
    const now = this.now();
    let first: Microshard | undefined;
    for (let i = 0; i < items.length; i++) {
      const d = this.ownership.decideWrite(items[i]!.pos, items[i]!.epoch, now);
      if (!d.ok) return decisionError(d, `entries[${i}]`);
      if (first && d.microshard.id !== first.id) return mixedError('entries', i, d.microshard, first);
      first ??= d.microshard;
    }
    return undefined;
  }

  private async export(call: grpc.ServerWritableStream<ExportRequest__Output, ExportChunk>): Promise<void> {
    const plan = exportPlan(call.request);
    const abort = new AbortController();
    const onCancel = (): void => abort.abort(new StreamEnded('client cancelled'));
    call.on('cancelled', onCancel);
    this.followers.add(abort);
    try {
      await runExport(
        this.engine,
        plan,
        async (chunk) => {
          if (call.write(toExportChunk(chunk))) return;
          // Back-pressure: the client is not reading; wait until it drains (or goes away).
          await new Promise<void>((resolve) => {
            const done = (): void => {
              call.off('drain', done);
              abort.signal.removeEventListener('abort', done);
              resolve();
            };
            call.on('drain', done);
            abort.signal.addEventListener('abort', done, { once: true });
          });
          if (abort.signal.aborted) throw abort.signal.reason;
        },
        abort.signal,
      );
      call.end();
    } finally {
      call.off('cancelled', onCancel);
      this.followers.delete(abort);
    }
  }

  private async import(call: grpc.ServerReadableStream<ImportChunk__Output, ImportResponse>): Promise<ImportResponse> {
    let applied = 0;
    let skipped = 0;
    let index = 0;
    for await (const chunk of call as AsyncIterable<ImportChunk__Output>) {
      const entries = importedEntries(chunk.entries, index);
      index += entries.length;
      if (entries.length === 0) continue;
      const r = await this.engine.importEntries(entries);
      applied += r.applied;
      skipped += r.skipped;
    }
    return { entries: String(applied), skippedOlder: String(skipped) };
  }
}

function mixedError(field: string, i: number, m: Microshard, first: Microshard): InvalidArgumentError {
  return new InvalidArgumentError(`${field}[${i}] is in microshard ${m.id} but ${field}[0] is in microshard ${first.id}: a batch holds keys of one microshard`);
}

/** PutBatch entries, validated all or none: each field, the count, the bytes, no key twice. */
function validPutBatch(raw: PutRequest__Output[] | undefined, schema: KeySchema): BatchPut[] {
  const entries = raw ?? [];
  if (entries.length === 0) throw new InvalidArgumentError('entries must not be empty');
  if (entries.length > MAX_BATCH_ENTRIES) throw new InvalidArgumentError(`entries: ${entries.length} entries; the limit is ${MAX_BATCH_ENTRIES}`);
  const seen = new Map<string, number>();
  let bytes = 0;
  return entries.map((e, i) => {
    const at = `entries[${i}]`;
    const key = validKey(e.key, `${at}.key`);
    const value = validValue(e.value, `${at}.value`);
    const epoch = validEpoch(e.epoch, `${at}.epoch`);
    const requestId = validRequestId(e.requestId, `${at}.request_id`);
    bytes += key.length + value.length;
    if (bytes > MAX_BATCH_BYTES) throw new InvalidArgumentError(`${at}: the batch reaches ${bytes} bytes of keys and values; the limit is ${MAX_BATCH_BYTES}`);
    const id = key.toString('latin1');
    const j = seen.get(id);
    if (j !== undefined) throw new InvalidArgumentError(`${at}.key is the same key as entries[${j}].key: a batch writes each key once`);
    seen.set(id, i);
    return { key, value, epoch, requestId, pos: keyPosition(key, schema) };
  });
}

/** GetBatch keys, validated all or none. */
function validGetBatch(raw: GetRequest__Output[] | undefined): Buffer[] {
  const keys = raw ?? [];
  if (keys.length === 0) throw new InvalidArgumentError('keys must not be empty');
  if (keys.length > MAX_BATCH_ENTRIES) throw new InvalidArgumentError(`keys: ${keys.length} keys; the limit is ${MAX_BATCH_ENTRIES}`);
  return keys.map((k, i) => validKey(k.key, `keys[${i}].key`));
}
