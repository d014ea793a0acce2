// The source side of a copy, as its sidecar follows it. The bytes go storage node to storage
// node: a Transfer stream to the target sidecar (control only) has the target drop the range
// when fresh, arm its storage node and answer with that node's address; then the local storage
// node is asked to Push the range (snapshot, then change tail) into an Ingest stream to it. The
// Push stream reports every chunk sent and every acknowledgement the target gave: the sidecar
// keeps the copy's books (applied seq, caught up), runs the adaptive rate controller, and sends
// the local storage node each new bytes/s budget. The target sidecar keeps reporting its
// foreground pressure on the Transfer stream.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../platform/logger.js';
import type { TransferAck__Output } from '../../generated/proto/shardcast/v1/TransferAck.js';
import type { PushEvent__Output } from '../../generated/proto/shardcast/v1/PushEvent.js';
import type { PushChunk__Output } from '../../generated/proto/shardcast/v1/PushChunk.js';
import type { IngestAck__Output } from '../../generated/proto/shardcast/v1/IngestAck.js';
import type { CopyStatusResponse } from '../../generated/proto/shardcast/v1/CopyStatusResponse.js';
import { PUSH, TRANSFER, identity, type RawClients } from './raw.js';
import { CopyRateController, DEFAULT_COPY_RATE_TICK_MS, type CopyRateStep } from '../../core/migration-rate.js';
import type { ForegroundLevel, ForegroundProbe } from './foreground.js';

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
/** The copy's own rate (fed to the controller) is measured over this many controller ticks. */
const OBSERVED_TICKS = 5;

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
  /** The target storage node the bytes go to (known once the target sidecar is ready). */
  targetDatastore = '';
  private inSnapshot: boolean;
  /** Chunks the storage node sent and the target has not acknowledged yet, in order. */
  private readonly sent: Sent[] = [];
  /** The last chunk sent ended at the source's head. */
  private lastAtHead = false;
  private push: grpc.ClientDuplexStream<Buffer, PushEvent__Output> | undefined;
  private transfer: grpc.ClientDuplexStream<Buffer, TransferAck__Output> | undefined;
  private readonly chunkEntries: number;
  /** The budget the storage node holds (0: unlimited). */
  private rateBytesPerS: number;
  private waiters: Array<() => void> = [];
  /** Chunks the target acknowledged on this stream. */
  private ackedChunks = 0;
  /** The adaptive rate (undefined: a fixed budget, or none). */
  private controller: CopyRateController | undefined;
  private controlTimer: NodeJS.Timeout | undefined;
  /** Bytes sent at each of the last ticks (ms, cumulative bytes): the rate the copy really runs at. */
  private readonly moved: Array<[number, number]> = [];
  /** Latest foreground pressure the target reported. */
  private targetPressure = 0;
  /** The local foreground's level before the copy (NaN fields: no foreground seen). */
  private foregroundLevel: ForegroundLevel = { latencyUs: NaN, opsPerS: NaN };

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
    this.rateBytesPerS = Math.round(this.controller ? this.controller.bytesPerS : spec.maxBytesPerS);
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
    this.setRate(Math.max(1, Math.round(step.bytesPerS)));
  }

  /** Tells the storage node the new budget (only when it changed). */
  private setRate(bytesPerS: number): void {
    if (bytesPerS === this.rateBytesPerS) return;
    this.rateBytesPerS = bytesPerS;
    this.push?.write(PUSH.requestSerialize({ rateBytesPerS: String(bytesPerS) }));
  }

  private get rateStep(): CopyRateStep {
    if (this.controller) return this.controller.last;
    return { bytesPerS: this.spec.maxBytesPerS, reason: 'start', pressure: 0 };
  }

  private get deadline(): Date {
    return new Date(Math.max(this.spec.deadlineMs, Date.now() + 1000));
  }

  start(): void {
    const { spec } = this;
    const transfer = this.clients.get(spec.targetAddress).makeBidiStreamRequest(TRANSFER.path, TRANSFER.requestSerialize, TRANSFER.responseDeserialize as (b: Buffer) => TransferAck__Output, new grpc.Metadata(), { deadline: this.deadline });
    this.transfer = transfer as unknown as grpc.ClientDuplexStream<Buffer, TransferAck__Output>;
    transfer.on('data', (ack: TransferAck__Output) => this.onTargetReport(ack));
    transfer.on('error', (err: grpc.ServiceError) => this.fail(`transfer to ${spec.targetNode} (${spec.targetAddress}) failed: ${err.details || err.message}`));
    transfer.on('end', () => this.fail(`target ${spec.targetNode} ended the transfer`));
    transfer.write({
      start: { migrationId: spec.migrationId, start: spec.start, end: spec.end, sourceNode: spec.sourceNode, fresh: spec.resumeAfterSeq === 0n, resumeAfterSeq: spec.resumeAfterSeq.toString(), attempt: spec.attempt },
    });
    this.log.info({ migration: spec.migrationId, target: spec.targetNode, resumeAfterSeq: spec.resumeAfterSeq.toString(), attempt: spec.attempt, maxBytesPerS: spec.maxBytesPerS, rate: this.controller ? 'adaptive' : 'fixed', foregroundLevelUs: this.foregroundLevel.latencyUs, foregroundLevelOpsPerS: this.foregroundLevel.opsPerS }, 'copy started');
  }

  /** The target sidecar: ready (with its storage node's address), then its foreground pressure. */
  private onTargetReport(ack: TransferAck__Output): void {
    if (this.state !== 'copying') return;
    if (ack.foregroundPressure > 0) this.targetPressure = ack.foregroundPressure;
    if (!ack.ready || this.push) return;
    this.targetDatastore = ack.datastoreAddress;
    if (!this.targetDatastore) {
      this.fail(`target ${this.spec.targetNode} did not name its storage node`);
      return;
    }
    this.startPush();
  }

  private startPush(): void {
    const { spec } = this;
    const push = this.clients.get(this.datastoreAddress).makeBidiStreamRequest(PUSH.path, identity, PUSH.responseDeserialize as (b: Buffer) => PushEvent__Output, new grpc.Metadata(), { deadline: this.deadline });
    this.push = push;
    push.on('data', (ev: PushEvent__Output) => {
      if (ev.sent) this.onSent(ev.sent);
      if (ev.applied) this.onApplied(ev.applied);
    });
    push.on('error', (err: grpc.ServiceError) => this.fail(`push from the local storage node failed: ${err.details || err.message}`));
    push.on('end', () => this.fail('the local storage node ended the push'));
    push.write(
      PUSH.requestSerialize({
        start: { migrationId: spec.migrationId, start: spec.start, end: spec.end, afterSeq: spec.resumeAfterSeq.toString(), chunkEntries: this.chunkEntries, targetAddress: this.targetDatastore, targetNode: spec.targetNode, rateBytesPerS: String(this.rateBytesPerS), attempt: spec.attempt },
      }),
    );
    if (this.controller) {
      this.controlTimer = setInterval(() => this.control(), DEFAULT_COPY_RATE_TICK_MS);
      this.controlTimer.unref();
    }
  }

  private onSent(c: PushChunk__Output): void {
    if (this.state !== 'copying') return;
    const seq = BigInt(c.seq || '0');
    if (this.inSnapshot && this.snapshotSeq === 0n) this.snapshotSeq = seq;
    const partialSnapshot = this.inSnapshot && !c.snapshotDone;
    if (c.snapshotDone) this.inSnapshot = false;
    this.lastAtHead = Boolean(c.atHead);
    if (!partialSnapshot && seq > this.sourceSeq) this.sourceSeq = seq;
    this.sent.push({ seq, readAt: performance.now() });
    this.bytes += BigInt(c.bytes || '0');
    this.entries += BigInt(c.entries);
    if (partialSnapshot || c.snapshotDone) this.snapshotBytes += BigInt(c.entryBytes || '0');
  }

  /** Lifts the bytes/s budget (the cutover: writes wait for the final tail). */
  unthrottle(): void {
    if (this.controlTimer) clearInterval(this.controlTimer);
    this.controller = undefined;
    this.setRate(0);
  }

  private onApplied(ack: IngestAck__Output): void {
    if (this.state !== 'copying') return;
    this.skippedOlder = BigInt(ack.skippedOlder || '0');
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
   * The snapshot is applied, the last chunk the storage node sent ended at its head, and the
   * target acknowledged all of it.
   */
  get caughtUp(): boolean {
    return this.state === 'copying' && this.snapshotDone && this.sent.length === 0 && this.lastAtHead;
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
      rateBytesPerS: String(this.rateBytesPerS),
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
    if (this.controlTimer) clearInterval(this.controlTimer);
    this.push?.cancel();
    this.transfer?.cancel();
    this.wake();
  }
}
