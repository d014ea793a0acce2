// The target side of a copy: one Transfer stream from the source sidecar. Chunks are written
// into the local storage node with Import and acknowledged in order once applied. Chunks that
// queue up while imports are running are written together: the bytes of several encoded chunks,
// concatenated, are one valid ImportChunk holding all their entries (protobuf merges repeated
// fields), so a tail of many small chunks costs a few storage transactions, not one each.
// Imports may finish out of order without harm (the storage node applies an entry only when its
// version is newer), but acknowledgements never run ahead of an unapplied chunk. While too much
// is queued the stream is paused, so gRPC flow control pushes back to the source.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../platform/logger.js';
import type { TransferAck } from '../../generated/proto/shardcast/v1/TransferAck.js';
import type { ForegroundProbe } from './foreground.js';
import type { ImportResponse__Output } from '../../generated/proto/shardcast/v1/ImportResponse.js';
import type { TransferStart__Output } from '../../generated/proto/shardcast/v1/TransferStart.js';
import { IMPORT, identity, type RawClients } from './raw.js';
import { scanChunk } from './wire.js';

/** Import calls in flight per Transfer stream. */
export const DEFAULT_IMPORT_WINDOW = 3;
/** Largest batch of queued chunks written in one Import (bytes of encoded chunks). */
export const DEFAULT_IMPORT_BATCH_BYTES = 4 * 1024 * 1024;
/** Queued bytes above which the Transfer stream is paused (and below half of which it resumes). */
export const DEFAULT_QUEUE_HIGH_BYTES = 16 * 1024 * 1024;
/** Deadline of one Import call. */
export const DEFAULT_IMPORT_DEADLINE_MS = 60_000;

export type TransferCall = grpc.ServerDuplexStream<Buffer, TransferAck>;

interface Slot {
  seq: bigint;
  snapshotDone: boolean;
  /** Snapshot chunk before the last one: applying it does not advance applied_seq. */
  partial: boolean;
  done: boolean;
  skipped: bigint;
}

export class InboundCopy {
  /** Every chunk received and not yet acknowledged, in order. */
  private readonly slots: Slot[] = [];
  /** Chunks with entries not yet handed to an Import. */
  private readonly queue: Array<{ slot: Slot; buf: Buffer }> = [];
  private queuedBytes = 0;
  private paused = false;
  private inFlight = 0;
  private chunks = 0;
  private appliedSeq: bigint;
  private snapshotDone: boolean;
  private inSnapshot: boolean;
  private skippedOlder = 0n;
  private ended = false;
  private readonly running = new Set<Promise<void>>();
  private failure: string | undefined;
  /** This node's foreground latency before the transfer (µs per op; NaN: none seen). */
  private readonly foregroundLevel: number;

  constructor(
    readonly start: TransferStart__Output,
    private readonly call: TransferCall,
    private readonly datastoreAddress: string,
    private readonly clients: RawClients,
    private readonly log: Logger,
    private readonly foreground?: ForegroundProbe,
  ) {
    this.foregroundLevel = foreground ? foreground.level() : NaN;
    const resume = !start.fresh;
    this.appliedSeq = resume ? BigInt(start.resumeAfterSeq || '0') : 0n;
    this.snapshotDone = resume;
    this.inSnapshot = !resume;
  }

  get migrationId(): string {
    return this.start.migrationId;
  }

  /** Called once the target is ready (after a fresh copy's drop): starts reading chunks. */
  run(): Promise<void> {
    this.ack(true);
    return new Promise<void>((resolve) => {
      const finish = () => {
        this.ended = true;
        resolve();
      };
      this.call.on('data', (buf: Buffer) => this.onChunk(buf));
      this.call.on('end', () => {
        finish();
        this.call.end();
      });
      this.call.on('cancelled', finish);
      this.call.on('error', finish);
      this.call.resume();
    });
  }

  private onChunk(buf: Buffer): void {
    if (this.ended || this.failure) return;
    let info;
    try {
      info = scanChunk(buf);
    } catch (err) {
      this.abort(grpc.status.INVALID_ARGUMENT, `unreadable transfer chunk: ${(err as Error).message}`);
      return;
    }
    const partial = this.inSnapshot && !info.snapshotDone;
    if (info.snapshotDone) this.inSnapshot = false;
    const slot: Slot = { seq: info.seq, snapshotDone: info.snapshotDone, partial, done: info.entries === 0, skipped: 0n };
    this.slots.push(slot);
    if (slot.done) {
      this.advance();
      return;
    }
    this.queue.push({ slot, buf });
    this.queuedBytes += buf.length;
    if (!this.paused && this.queuedBytes > DEFAULT_QUEUE_HIGH_BYTES) {
      this.paused = true;
      this.call.pause();
    }
    this.pump();
  }

  /** Starts Imports for queued chunks while the window allows, several chunks per Import. */
  private pump(): void {
    while (!this.ended && !this.failure && this.inFlight < DEFAULT_IMPORT_WINDOW && this.queue.length > 0) {
      const batch: Array<{ slot: Slot; buf: Buffer }> = [];
      let bytes = 0;
      while (this.queue.length > 0 && (batch.length === 0 || bytes + this.queue[0]!.buf.length <= DEFAULT_IMPORT_BATCH_BYTES)) {
        const next = this.queue.shift()!;
        batch.push(next);
        bytes += next.buf.length;
      }
      this.queuedBytes -= bytes;
      this.inFlight++;
      const p: Promise<void> = this.importChunk(batch.length === 1 ? batch[0]!.buf : Buffer.concat(batch.map((b) => b.buf), bytes)).then(
        (res) => {
          // Skipped entries are counted per Import; they are credited to its last chunk.
          batch[batch.length - 1]!.slot.skipped = BigInt(res.skippedOlder || '0');
          for (const b of batch) b.slot.done = true;
        },
        (err: grpc.ServiceError) => this.abort(err.code === grpc.status.INVALID_ARGUMENT ? grpc.status.INVALID_ARGUMENT : grpc.status.UNAVAILABLE, `import into the target's storage node failed: ${err.details || err.message}`),
      );
      const tracked = p.finally(() => {
        this.running.delete(tracked);
        this.inFlight--;
        if (this.paused && this.queuedBytes < DEFAULT_QUEUE_HIGH_BYTES / 2 && !this.ended && !this.failure) {
          this.paused = false;
          this.call.resume();
        }
        this.advance();
        this.pump();
      });
      this.running.add(tracked);
    }
  }

  private importChunk(buf: Buffer): Promise<ImportResponse__Output> {
    return new Promise((resolve, reject) => {
      const s = this.clients
        .get(this.datastoreAddress)
        .makeClientStreamRequest(IMPORT.path, identity, IMPORT.responseDeserialize as (b: Buffer) => ImportResponse__Output, new grpc.Metadata(), { deadline: new Date(Date.now() + DEFAULT_IMPORT_DEADLINE_MS) }, (err, res) => (err ? reject(err) : resolve(res!)));
      // An ExportChunk's bytes are a valid ImportChunk: field 1 (entries) is the same; the
      // storage node skips fields 2 and 3 as unknown.
      s.write(buf);
      s.end();
    });
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
    if (moved) this.ack(false);
  }

  private ack(ready: boolean): void {
    if (this.ended || this.failure) return;
    this.call.write({ appliedSeq: this.appliedSeq.toString(), snapshotDone: this.snapshotDone, chunks: String(this.chunks), skippedOlder: this.skippedOlder.toString(), ready, foregroundPressure: this.foreground?.pressure(this.foregroundLevel) ?? 0 });
  }

  /** Ends the stream with an error status (the source sees its copy fail). */
  abort(code: grpc.status, message: string): void {
    if (this.ended || this.failure) return;
    this.failure = message;
    this.queue.length = 0;
    this.log.warn({ migration: this.migrationId, message }, 'inbound copy stopped');
    this.call.emit('error', { code, details: message, metadata: new grpc.Metadata() });
    this.ended = true;
  }

  /** Stops this stream and waits until none of its imports is still running. */
  async stop(reason: string): Promise<void> {
    this.abort(grpc.status.ABORTED, reason);
    await Promise.allSettled([...this.running]);
  }
}
