// The target side of a copy: one Ingest stream from the source storage node, allowed only after
// this node's own sidecar armed it for that migration, range and source node (ArmIngest). Chunks
// are applied into the engine and acknowledged in order once applied. Chunks that queue up while
// imports run are applied together (one transaction for several small tail chunks). Imports may
// finish out of order without harm (the engine applies an entry only when its version is newer),
// but acknowledgements never run ahead of an unapplied chunk. While too much is queued the stream
// is paused, so gRPC flow control pushes back to the source's export.
import { firstMessage } from '../platform/first-message.js';
import type * as grpc from '@grpc/grpc-js';
import { FailedPreconditionError, InvalidArgumentError, PermissionDeniedError, toServiceError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { describeRange } from '../core/ranges.js';
import { callerIdentity } from '../platform/authz.js';
import type { IngestMessage__Output } from '../generated/proto/shardcast/v1/IngestMessage.js';
import type { IngestAck } from '../generated/proto/shardcast/v1/IngestAck.js';
import type { ArmIngestRequest__Output } from '../generated/proto/shardcast/v1/ArmIngestRequest.js';
import type { DataEntry, Engine } from './engine.js';
import type { Ownership } from './ownership.js';
import { validMigrationId, validRange } from './validate.js';
import { ChunkBytes, decodeChunk, hasIngestStart, type DecodedChunk } from './chunk-wire.js';
import { NODE_ID } from '../platform/identity.js';

/** Imports in flight per Ingest stream. */
export const DEFAULT_INGEST_WINDOW = 3;
/** Largest batch of queued chunks applied in one import (bytes of entries). */
export const DEFAULT_INGEST_BATCH_BYTES = 4 * 1024 * 1024;
/** Queued bytes above which the Ingest stream is paused (and below half of which it resumes). */
export const DEFAULT_INGEST_QUEUE_HIGH_BYTES = 16 * 1024 * 1024;
/** Armed migrations remembered at once (the oldest permission is forgotten beyond it). */
export const MAX_ARMED_INGESTS = 1_000;


/** What an Ingest stream receives: the first message (start) decoded by the loader, every chunk after it as its bytes. */
export type IngestRequest = IngestMessage__Output | ChunkBytes;
export type IngestCall = grpc.ServerDuplexStream<IngestRequest, IngestAck>;

/**
 * DataPlane's service definition with Ingest's chunks left as bytes, for decodeChunk to decode
 * and validate in one pass (datastore/chunk-wire.ts); a message carrying start still goes through
 * the loader's codec (and its tolerant decoding of bad bytes).
 */
export function withRawIngestChunks(service: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const ingest = service['Ingest'];
  if (!ingest) throw new Error('DataPlane has no Ingest method');
  const decode = ingest.requestDeserialize;
  return { ...service, Ingest: { ...ingest, requestDeserialize: (b: Buffer) => (hasIngestStart(b) ? decode(b) : new ChunkBytes(b)) } };
}

interface Grant {
  migrationId: string;
  range: { start: bigint; end: bigint };
  sourceNode: string;
  /** The stream using this permission (one at a time; a new attempt is armed again). */
  run?: IngestRun;
  used: boolean;
}

const migrationId = (v: unknown): string => validMigrationId(v);

/** The permissions this node's sidecar gave, and the Ingest streams using them. */
export class IngestGate {
  private readonly grants = new Map<string, Grant>();

  constructor(
    private readonly engine: Engine,
    private readonly ownership: Ownership,
    private readonly log: Logger,
  ) {}

  /** ArmIngest: allow one stream (stopping any older one of the migration), or stop and forbid. */
  async arm(req: ArmIngestRequest__Output): Promise<{ stopped: number }> {
    const id = migrationId(req.migrationId);
    const old = this.grants.get(id);
    this.grants.delete(id);
    let stopped = 0;
    if (old?.run && !old.run.finished) {
      await old.run.stop(req.armed ? 'replaced by a new attempt' : 'disarmed by the sidecar');
      stopped = 1;
    }
    if (!req.armed) return { stopped };
    const range = validRange(req.start, req.end);
    const sourceNode = String(req.sourceNode ?? '');
    if (!NODE_ID.test(sourceNode)) throw new InvalidArgumentError(`source_node must be a node id (1-64 of A-Z a-z 0-9 . _ -), got "${sourceNode.slice(0, 80)}"`);
    if (sourceNode === this.ownership.nodeId) throw new InvalidArgumentError(`source_node ${sourceNode} is this node: a copy comes from another node`);
    const owned = this.ownership.ownedOverlapping(range);
    if (owned.length > 0) throw new FailedPreconditionError(`this node owns microshard ${owned[0]!.id} ${describeRange(owned[0]!)}, which overlaps ${describeRange(range)}: it cannot receive a copy of it`);
    this.grants.set(id, { migrationId: id, range, sourceNode, used: false });
    if (this.grants.size > MAX_ARMED_INGESTS) {
      for (const [k, g] of this.grants) {
        if (!g.run || g.run.finished) {
          this.grants.delete(k);
          break;
        }
      }
    }
    return { stopped };
  }

  /** An Ingest stream: checked against its permission, then applied until it ends. */
  async ingest(call: IngestCall): Promise<void> {
    const first = await firstMessage<IngestRequest>(call);
    if (!first) return;
    const start = first instanceof ChunkBytes ? undefined : first.start;
    if (!start) throw new InvalidArgumentError('the first Ingest message must carry start');
    const id = migrationId(start.migrationId);
    const range = validRange(start.start, start.end);
    const grant = this.grants.get(id);
    if (!grant) throw new FailedPreconditionError(`migration ${id} is not armed on this node (its sidecar arms it once the target side is ready)`);
    if (grant.used) throw new FailedPreconditionError(`migration ${id}: the armed ingest was already used; the sidecar arms each attempt`);
    if (grant.range.start !== range.start || grant.range.end !== range.end) throw new InvalidArgumentError(`range ${describeRange(range)} is not the armed ${describeRange(grant.range)} of migration ${id}`);
    // The caller's certificate names its node (mTLS); the message must agree with the permission.
    const caller = callerIdentity(call);
    const source = caller?.nodeId ?? start.sourceNode;
    if (source !== grant.sourceNode || start.sourceNode !== grant.sourceNode) throw new PermissionDeniedError(`migration ${id} is armed for the storage node of ${grant.sourceNode}, not ${source || 'an unnamed caller'}`);
    grant.used = true;
    const run = new IngestRun(id, BigInt(start.resumeAfterSeq || '0'), call, this.engine, this.log);
    grant.run = run;
    this.log.info({ migration: id, source: grant.sourceNode, resumeAfterSeq: start.resumeAfterSeq, attempt: start.attempt }, 'ingesting a copy');
    await run.run();
    if (this.grants.get(id) === grant) this.grants.delete(id);
  }

  /** Stops every stream (the node is stopping). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.grants.values()].map((g) => g.run?.stop('storage node stopping')));
    this.grants.clear();
  }
}

interface Slot {
  seq: bigint;
  snapshotDone: boolean;
  /** Snapshot chunk before the last one: applying it does not advance applied_seq. */
  partial: boolean;
  done: boolean;
  skipped: bigint;
}

class IngestRun {
  /** Every chunk received and not yet acknowledged, in order. */
  private readonly slots: Slot[] = [];
  /** Chunks with entries not yet handed to an import. */
  private readonly queue: Array<{ slot: Slot; entries: DataEntry[]; bytes: number }> = [];
  private queuedBytes = 0;
  private paused = false;
  private inFlight = 0;
  private chunks = 0;
  private entryIndex = 0;
  private appliedSeq: bigint;
  private snapshotDone: boolean;
  private inSnapshot: boolean;
  private skippedOlder = 0n;
  finished = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    readonly migrationId: string,
    resumeAfterSeq: bigint,
    private readonly call: IngestCall,
    private readonly engine: Engine,
    private readonly log: Logger,
  ) {
    const resume = resumeAfterSeq > 0n;
    this.appliedSeq = resumeAfterSeq;
    this.snapshotDone = resume;
    this.inSnapshot = !resume;
  }

  run(): Promise<void> {
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        this.finished = true;
        resolve();
      };
      this.call.on('data', (m: IngestRequest) => this.onChunk(m));
      this.call.on('end', () => {
        finish();
        this.call.end();
      });
      this.call.on('cancelled', finish);
      this.call.on('error', finish);
      this.call.resume();
    });
  }

  private onChunk(m: IngestRequest): void {
    if (this.finished) return;
    let chunk: DecodedChunk;
    try {
      if (!(m instanceof ChunkBytes)) throw new InvalidArgumentError('start belongs in the first Ingest message only');
      // Every entry validated before any is queued: a bad one fails the stream with nothing of its chunk applied.
      chunk = decodeChunk(m.bytes, this.entryIndex);
    } catch (err) {
      this.abort(err as Error);
      return;
    }
    const { entries, snapshotDone } = chunk;
    this.entryIndex += entries.length;
    const partial = this.inSnapshot && !snapshotDone;
    if (snapshotDone) this.inSnapshot = false;
    const slot: Slot = { seq: chunk.seq, snapshotDone, partial, done: entries.length === 0, skipped: 0n };
    this.slots.push(slot);
    if (slot.done) {
      this.advance();
      return;
    }
    let bytes = 0;
    for (const e of entries) bytes += e.key.length + e.value.length;
    this.queue.push({ slot, entries, bytes });
    this.queuedBytes += bytes;
    if (!this.paused && this.queuedBytes > DEFAULT_INGEST_QUEUE_HIGH_BYTES) {
      this.paused = true;
      this.call.pause();
    }
    this.pump();
  }

  /** Starts imports for queued chunks while the window allows, several chunks per import. */
  private pump(): void {
    while (!this.finished && this.inFlight < DEFAULT_INGEST_WINDOW && this.queue.length > 0) {
      const batch: Array<{ slot: Slot; entries: DataEntry[]; bytes: number }> = [];
      let bytes = 0;
      while (this.queue.length > 0 && (batch.length === 0 || bytes + this.queue[0]!.bytes <= DEFAULT_INGEST_BATCH_BYTES)) {
        const next = this.queue.shift()!;
        batch.push(next);
        bytes += next.bytes;
      }
      this.queuedBytes -= bytes;
      this.inFlight++;
      const entries = batch.length === 1 ? batch[0]!.entries : batch.flatMap((b) => b.entries);
      const p: Promise<void> = this.engine.importEntries(entries).then(
        (res) => {
          // Skipped entries are counted per import; they are credited to its last chunk.
          batch[batch.length - 1]!.slot.skipped = BigInt(res.skipped);
          for (const b of batch) b.slot.done = true;
        },
        (err: Error) => this.abort(err),
      );
      const tracked = p.finally(() => {
        this.running.delete(tracked);
        this.inFlight--;
        if (this.paused && this.queuedBytes < DEFAULT_INGEST_QUEUE_HIGH_BYTES / 2 && !this.finished) {
          this.paused = false;
          this.call.resume();
        }
        this.advance();
        this.pump();
      });
      this.running.add(tracked);
    }
  }

  /** Acknowledges the applied prefix of the chunks, in order. */
  private advance(): void {
    let moved = false;
    while (this.slots.length > 0 && this.slots[0]!.done) {
      const s = this.slots.shift()!;
      this.chunks++;
      this.skippedOlder += s.skipped;
      if (s.snapshotDone) this.snapshotDone = true;
      if (!s.partial && this.snapshotDone && s.seq > this.appliedSeq) this.appliedSeq = s.seq;
      moved = true;
    }
    if (moved && !this.finished) this.call.write({ appliedSeq: this.appliedSeq.toString(), snapshotDone: this.snapshotDone, chunks: String(this.chunks), skippedOlder: this.skippedOlder.toString() });
  }

  /** Ends the stream with the error's status (the source's push fails, and so its copy). */
  private abort(err: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.queue.length = 0;
    this.log.warn({ migration: this.migrationId, reason: err.message }, 'ingest stopped');
    this.call.emit('error', toServiceError(err));
  }

  /** Stops this stream and waits until none of its imports is still running. */
  async stop(reason: string): Promise<void> {
    this.abort(new FailedPreconditionError(`ingest of migration ${this.migrationId} stopped: ${reason}`));
    await Promise.allSettled([...this.running]);
  }
}
