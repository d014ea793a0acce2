// The target side of a copy: one Transfer stream from the source sidecar. Each chunk is written
// into the local storage node with Import, a few at a time, and acknowledged in order once
// applied. Imports may finish out of order without harm (the storage node applies an entry only
// when its version is newer), but acknowledgements never run ahead of an unapplied chunk. While
// the window of imports is full the stream is paused, so gRPC flow control pushes back to the
// source.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../platform/logger.js';
import type { TransferAck } from '../../generated/proto/shardcast/v1/TransferAck.js';
import type { ImportResponse__Output } from '../../generated/proto/shardcast/v1/ImportResponse.js';
import type { TransferStart__Output } from '../../generated/proto/shardcast/v1/TransferStart.js';
import { IMPORT, identity, type RawClients } from './raw.js';
import { scanChunk } from './wire.js';

/** Import calls in flight per Transfer stream. */
export const DEFAULT_IMPORT_WINDOW = 4;
/** Deadline of one Import call (one chunk). */
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
  private readonly slots: Slot[] = [];
  private inFlight = 0;
  private chunks = 0;
  private appliedSeq: bigint;
  private snapshotDone: boolean;
  private inSnapshot: boolean;
  private skippedOlder = 0n;
  private ended = false;
  private readonly settled: Array<Promise<void>> = [];
  private failure: string | undefined;

  constructor(
    readonly start: TransferStart__Output,
    private readonly call: TransferCall,
    private readonly datastoreAddress: string,
    private readonly clients: RawClients,
    private readonly log: Logger,
  ) {
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
    const slot: Slot = { seq: info.seq, snapshotDone: info.snapshotDone, partial, done: false, skipped: 0n };
    this.slots.push(slot);
    if (info.entries === 0) {
      slot.done = true;
      this.advance();
      return;
    }
    this.inFlight++;
    if (this.inFlight >= DEFAULT_IMPORT_WINDOW) this.call.pause();
    const p = this.importChunk(buf).then(
      (res) => {
        slot.skipped = BigInt(res.skippedOlder || '0');
        slot.done = true;
      },
      (err: grpc.ServiceError) => this.abort(err.code === grpc.status.INVALID_ARGUMENT ? grpc.status.INVALID_ARGUMENT : grpc.status.UNAVAILABLE, `import into the target's storage node failed: ${err.details || err.message}`),
    ).finally(() => {
      this.inFlight--;
      if (!this.ended && !this.failure && this.inFlight < DEFAULT_IMPORT_WINDOW) this.call.resume();
      this.advance();
    });
    this.settled.push(p);
    if (this.settled.length > 64) this.settled.splice(0, 32);
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
    this.call.write({ appliedSeq: this.appliedSeq.toString(), snapshotDone: this.snapshotDone, chunks: String(this.chunks), skippedOlder: this.skippedOlder.toString(), ready });
  }

  /** Ends the stream with an error status (the source sees its copy fail). */
  abort(code: grpc.status, message: string): void {
    if (this.ended || this.failure) return;
    this.failure = message;
    this.log.warn({ migration: this.migrationId, message }, 'inbound copy stopped');
    this.call.emit('error', { code, details: message, metadata: new grpc.Metadata() });
    this.ended = true;
  }

  /** Stops this stream and waits until none of its imports is still running. */
  async stop(reason: string): Promise<void> {
    this.abort(grpc.status.ABORTED, reason);
    await Promise.allSettled(this.settled);
  }
}
