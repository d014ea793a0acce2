// The source side of a copy: Export (snapshot, then change tail) from the local storage node,
// forwarded chunk by chunk, as received, into a Transfer stream to the target sidecar; the
// target's acknowledgements say how far it has applied. Back-pressure runs end to end: when the
// Transfer stream will not take more (gRPC flow control: the target is not reading because its
// imports are behind) the Export stream is paused, so the storage node's write() returns false
// and it waits; the bytes/s budget pauses it the same way.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../platform/logger.js';
import type { TransferAck__Output } from '../../generated/proto/shardcast/v1/TransferAck.js';
import type { CopyStatusResponse } from '../../generated/proto/shardcast/v1/CopyStatusResponse.js';
import { EXPORT, TRANSFER, identity, type RawClients } from './raw.js';
import { scanChunk } from './wire.js';
import { TokenBucket } from './rate.js';
import { CopyRateController, DEFAULT_COPY_RATE_TICK_MS, type CopyRateStep } from '../../core/migration-rate.js';
import type { ForegroundProbe } from './foreground.js';

/** Entries per Export chunk asked for (the storage node also closes chunks at about 1 MiB). */
export const DEFAULT_COPY_CHUNK_ENTRIES = 10_000;
/** A throttled copy asks for chunks of about this share of a second of its budget (assuming 1 KiB entries), so the budget is smooth. */
export const THROTTLED_CHUNK_SECONDS = 0.1;
/** Smallest chunk (entries) a throttled copy asks for. */
export const MIN_THROTTLED_CHUNK_ENTRIES = 16;

/** Entries per Export chunk for a copy limited to `bytesPerS` (0: unlimited). */
export function chunkEntriesFor(bytesPerS: number): number {
  if (bytesPerS <= 0) return DEFAULT_COPY_CHUNK_ENTRIES;
  return Math.max(MIN_THROTTLED_CHUNK_ENTRIES, Math.min(DEFAULT_COPY_CHUNK_ENTRIES, Math.floor((bytesPerS * THROTTLED_CHUNK_SECONDS) / 1024)));
}
/** A tail chunk smaller than this (and under the entry count) means the tail reached the head. */
export const DEFAULT_PARTIAL_CHUNK_BYTES = 256 * 1024;
/**
 * A tail read that covers fewer change-log records than this was not cut short by the storage
 * node's scan limit (the reference node examines at most 20,000 records per read), so it ended at
 * the head.
 */
export const TAIL_SCAN_SPAN = 20_000n;
/** The copy's own rate (fed to the controller) is measured over this many controller ticks. */
const OBSERVED_TICKS = 5;
/** An Export stream silent this long (and not held back by us) is waiting at the head. */
export const DEFAULT_IDLE_AT_HEAD_MS = 200;

export interface OutboundSpec {
  migrationId: string;
  microshardId: string;
  start: string;
  end: string;
  sourceNode: string;
  targetNode: string;
  targetAddress: string;
  /** 0: from scratch; otherwise resume the tail after this seq. */
  resumeAfterSeq: bigint;
  maxBytesPerS: number;
  /** true: exactly maxBytesPerS; false: adapted to the foreground (maxBytesPerS the cap). */
  fixedRate: boolean;
  attempt: number;
  /** Wall-clock ms the streams give up. */
  deadlineMs: number;
}

interface Sent {
  seq: bigint;
  /** Snapshot chunk (not the one ending it): applying it does not advance applied_seq. */
  partial: boolean;
  readAt: number;
}

export class CopyFailedError extends Error {}

export class OutboundCopy {
  state: 'copying' | 'failed' | 'stopped' = 'copying';
  error = '';
  snapshotSeq: bigint;
  snapshotDone: boolean;
  appliedSeq: bigint;
  sourceSeq: bigint;
  bytes = 0n;
  entries = 0n;
  snapshotBytes = 0n;
  skippedOlder = 0n;
  readonly startedAtMs = Date.now();
  snapshotDoneAtMs = 0;
  private inSnapshot: boolean;
  private readonly sent: Sent[] = [];
  private lastReadAtHead = false;
  private lastReadAt = performance.now();
  private export: grpc.ClientReadableStream<Buffer> | undefined;
  private transfer: grpc.ClientDuplexStream<Buffer, TransferAck__Output> | undefined;
  private bucket: TokenBucket;
  private readonly chunkEntries: number;
  private blockedByDrain = false;
  private blockedByRate = false;
  private rateTimer: NodeJS.Timeout | undefined;
  private waiters: Array<() => void> = [];
  /** Chunks the target acknowledged on this stream. */
  private ackedChunks = 0;
  /** The adaptive rate (undefined: a fixed budget, or none). */
  private controller: CopyRateController | undefined;
  private controlTimer: NodeJS.Timeout | undefined;
  /** Bytes read at each of the last ticks (ms, cumulative bytes): the rate the copy really runs at. */
  private readonly moved: Array<[number, number]> = [];
  /** Latest foreground pressure the target reported in its acks. */
  private targetPressure = 0;
  /** The local foreground's level before the copy (µs per op; NaN: no foreground seen). */
  private foregroundLevel = NaN;

  constructor(
    readonly spec: OutboundSpec,
    private readonly datastoreAddress: string,
    private readonly clients: RawClients,
    private readonly log: Logger,
    private readonly foreground?: ForegroundProbe,
  ) {
    const resume = spec.resumeAfterSeq > 0n;
    this.snapshotSeq = resume ? spec.resumeAfterSeq : 0n;
    this.snapshotDone = resume;
    this.appliedSeq = resume ? spec.resumeAfterSeq : 0n;
    this.sourceSeq = this.appliedSeq;
    this.inSnapshot = !resume;
    if (!spec.fixedRate && foreground) {
      this.controller = new CopyRateController({ maxBytesPerS: spec.maxBytesPerS });
      this.foregroundLevel = foreground.level();
    }
    this.bucket = new TokenBucket(this.controller ? this.controller.bytesPerS : spec.maxBytesPerS, performance.now());
    this.chunkEntries = chunkEntriesFor(this.controller ? 0 : spec.maxBytesPerS);
  }

  /** One controller tick: the worse of the two sides' foreground pressure sets the next rate. */
  private control(): void {
    if (!this.controller || this.state !== 'copying') return;
    const local = this.foreground!.pressure(this.foregroundLevel);
    const now = performance.now();
    this.moved.push([now, Number(this.bytes)]);
    if (this.moved.length > OBSERVED_TICKS) this.moved.shift();
    const [t0, b0] = this.moved[0]!;
    const observed = now - t0 >= 500 ? ((Number(this.bytes) - b0) * 1000) / (now - t0) : NaN;
    const before = this.controller.last;
    const step = this.controller.update(Math.max(local, this.targetPressure), now, observed);
    if (step.reason !== before.reason) this.log.debug({ migration: this.spec.migrationId, bytesPerS: Math.round(step.bytesPerS), reason: step.reason, pressure: step.pressure }, 'copy rate');
    this.bucket.setRate(step.bytesPerS, performance.now());
  }

  private get rateStep(): CopyRateStep {
    if (this.controller) return this.controller.last;
    return { bytesPerS: this.spec.maxBytesPerS, reason: 'start', pressure: 0 };
  }

  start(): void {
    const { spec } = this;
    const deadline = new Date(Math.max(spec.deadlineMs, Date.now() + 1000));
    const transfer = this.clients.get(spec.targetAddress).makeBidiStreamRequest(TRANSFER.path, identity, TRANSFER.responseDeserialize as (b: Buffer) => TransferAck__Output, new grpc.Metadata(), { deadline });
    this.transfer = transfer;
    transfer.on('data', (ack: TransferAck__Output) => this.onAck(ack));
    transfer.on('error', (err: grpc.ServiceError) => this.fail(`transfer to ${spec.targetNode} (${spec.targetAddress}) failed: ${err.details || err.message}`));
    transfer.on('end', () => this.fail(`target ${spec.targetNode} ended the transfer`));
    transfer.on('drain', () => {
      this.blockedByDrain = false;
      this.maybeResume();
    });
    transfer.write(
      TRANSFER.requestSerialize({
        start: { migrationId: spec.migrationId, start: spec.start, end: spec.end, sourceNode: spec.sourceNode, fresh: spec.resumeAfterSeq === 0n, resumeAfterSeq: spec.resumeAfterSeq.toString(), attempt: spec.attempt },
      }),
    );

    const req = { start: spec.start, end: spec.end, follow: true, afterSeq: spec.resumeAfterSeq.toString(), chunkEntries: this.chunkEntries };
    const exp = this.clients.get(this.datastoreAddress).makeServerStreamRequest(EXPORT.path, EXPORT.requestSerialize, identity, req, new grpc.Metadata(), { deadline });
    this.export = exp;
    exp.on('data', (buf: Buffer) => this.onChunk(buf));
    exp.on('error', (err: grpc.ServiceError) => this.fail(`export from the local storage node failed: ${err.details || err.message}`));
    exp.on('end', () => this.fail('the local storage node ended the export'));
    if (this.controller) {
      this.controlTimer = setInterval(() => this.control(), DEFAULT_COPY_RATE_TICK_MS);
      this.controlTimer.unref();
    }
    this.log.info({ migration: spec.migrationId, target: spec.targetNode, resumeAfterSeq: spec.resumeAfterSeq.toString(), attempt: spec.attempt, maxBytesPerS: spec.maxBytesPerS, rate: this.controller ? 'adaptive' : 'fixed', foregroundLevelUs: this.foregroundLevel }, 'copy started');
  }

  private onChunk(buf: Buffer): void {
    if (this.state !== 'copying') return;
    let info;
    try {
      info = scanChunk(buf);
    } catch (err) {
      this.fail(`unreadable export chunk: ${(err as Error).message}`);
      return;
    }
    if (this.inSnapshot && this.snapshotSeq === 0n) this.snapshotSeq = info.seq;
    const partialSnapshot = this.inSnapshot && !info.snapshotDone;
    const tail = !this.inSnapshot;
    if (info.snapshotDone) this.inSnapshot = false;
    // A tail chunk read at the head: the progress chunk (no entries: the storage node sends it
    // only once the tail has caught up), or a small one whose read was not cut short.
    this.lastReadAtHead = tail && (info.entries === 0 || (info.entries < this.chunkEntries && info.entryBytes < DEFAULT_PARTIAL_CHUNK_BYTES && info.seq - this.sourceSeq < TAIL_SCAN_SPAN));
    if (!partialSnapshot) this.sourceSeq = info.seq > this.sourceSeq ? info.seq : this.sourceSeq;
    this.lastReadAt = performance.now();
    this.sent.push({ seq: info.seq, partial: partialSnapshot, readAt: performance.now() });
    this.bytes += BigInt(buf.length);
    this.entries += BigInt(info.entries);
    if (partialSnapshot || info.snapshotDone) this.snapshotBytes += BigInt(info.entryBytes);
    if (!this.transfer!.write(buf)) {
      this.blockedByDrain = true;
      this.export!.pause();
    }
    const wait = this.bucket.take(buf.length, performance.now());
    if (wait > 0) {
      this.blockedByRate = true;
      this.export!.pause();
      this.rateTimer = setTimeout(() => {
        this.blockedByRate = false;
        this.maybeResume();
      }, wait);
    }
  }

  /** Lifts the bytes/s budget (the cutover: writes wait for the final tail). */
  unthrottle(): void {
    if (this.controlTimer) clearInterval(this.controlTimer);
    this.controller = undefined;
    this.bucket = new TokenBucket(0, performance.now());
    if (this.rateTimer) clearTimeout(this.rateTimer);
    this.blockedByRate = false;
    this.maybeResume();
  }

  private maybeResume(): void {
    if (this.state === 'copying' && !this.blockedByDrain && !this.blockedByRate) this.export?.resume();
  }

  private onAck(ack: TransferAck__Output): void {
    if (this.state !== 'copying') return;
    this.skippedOlder = BigInt(ack.skippedOlder || '0');
    if (ack.foregroundPressure > 0) this.targetPressure = ack.foregroundPressure;
    if (ack.ready) return;
    // Acks come in chunk order: `chunks` counts every chunk applied on this stream.
    const applied = Number(ack.chunks);
    while (this.ackedChunks < applied && this.sent.length > 0) {
      this.sent.shift();
      this.ackedChunks++;
    }
    if (ack.snapshotDone && !this.snapshotDone) {
      this.snapshotDone = true;
      this.snapshotDoneAtMs = Date.now();
      this.log.info({ migration: this.spec.migrationId, snapshotSeq: this.snapshotSeq.toString(), bytes: this.snapshotBytes.toString(), ms: this.snapshotDoneAtMs - this.startedAtMs }, 'snapshot applied on the target');
    }
    const seq = BigInt(ack.appliedSeq || '0');
    if (seq > this.appliedSeq) this.appliedSeq = seq;
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /**
   * The snapshot is applied, the tail reached the source's head and the target acknowledged all
   * of it: the last chunk read was read at the head, or the Export stream has been silent (it
   * only waits when it is at the head) while nothing held it back.
   */
  get caughtUp(): boolean {
    // While we hold the Export stream back, chunks pile up unread: nothing says where the head is.
    if (this.state !== 'copying' || !this.snapshotDone || this.sent.length > 0 || this.blockedByDrain || this.blockedByRate) return false;
    return this.lastReadAtHead || performance.now() - this.lastReadAt >= DEFAULT_IDLE_AT_HEAD_MS;
  }

  /** Resolves once the target applied everything through `seq`; rejects when the copy fails or time runs out. */
  async waitApplied(seq: bigint, timeoutMs: number): Promise<void> {
    const stopAt = performance.now() + timeoutMs;
    for (;;) {
      if (this.state !== 'copying') throw new CopyFailedError(this.error || `copy ${this.state}`);
      if (this.snapshotDone && this.appliedSeq >= seq) return;
      const left = stopAt - performance.now();
      if (left <= 0) throw new CopyFailedError(`the target had applied through seq ${this.appliedSeq}, not ${seq}, after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  status(): CopyStatusResponse {
    const lagMs = this.sent.length > 0 ? Math.round(performance.now() - this.sent[0]!.readAt) : 0;
    return {
      migrationId: this.spec.migrationId,
      known: true,
      state: this.state,
      snapshotDone: this.snapshotDone,
      snapshotSeq: this.snapshotSeq.toString(),
      appliedSeq: this.appliedSeq.toString(),
      sourceSeq: this.sourceSeq.toString(),
      bytes: this.bytes.toString(),
      entries: this.entries.toString(),
      lagSeq: (this.sourceSeq > this.appliedSeq ? this.sourceSeq - this.appliedSeq : 0n).toString(),
      lagMs,
      caughtUp: this.caughtUp,
      error: this.error,
      attempt: this.spec.attempt,
      skippedOlder: this.skippedOlder.toString(),
      startedAtMs: String(this.startedAtMs),
      snapshotDoneAtMs: String(this.snapshotDoneAtMs),
      snapshotBytes: this.snapshotBytes.toString(),
      rateBytesPerS: String(Math.round(this.bucket.unlimited ? 0 : this.rateStep.bytesPerS)),
      rateReason: this.controller ? this.rateStep.reason : 'fixed',
      foregroundPressure: this.rateStep.pressure,
    };
  }

  private fail(reason: string): void {
    if (this.state !== 'copying') return;
    this.state = 'failed';
    this.error = reason;
    this.log.warn({ migration: this.spec.migrationId, reason }, 'copy failed');
    this.close();
  }

  /** Stops copying (cleanup, abort, replaced by a new attempt). */
  stop(reason: string): void {
    if (this.state === 'copying') {
      this.state = 'stopped';
      this.error = reason;
    }
    this.close();
  }

  private close(): void {
    if (this.rateTimer) clearTimeout(this.rateTimer);
    if (this.controlTimer) clearInterval(this.controlTimer);
    this.export?.cancel();
    this.transfer?.cancel();
    this.wake();
  }
}
