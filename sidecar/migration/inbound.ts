// The target side of a copy, as its sidecar follows it: one Transfer stream from the source
// sidecar, control only. The agent has already cleared the range (a fresh copy) and armed the
// local storage node to accept the source storage node's Ingest; this answers `ready` with the
// storage node's address, then reports this node's foreground pressure every controller tick
// (the source's rate controller backs off when either side slows). When the stream ends, or the
// copy is stopped, the storage node is disarmed: no more of this migration's data is written.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../platform/logger.js';
import type { TransferAck } from '../../generated/proto/shardcast/v1/TransferAck.js';
import type { TransferMessage__Output } from '../../generated/proto/shardcast/v1/TransferMessage.js';
import type { TransferStart__Output } from '../../generated/proto/shardcast/v1/TransferStart.js';
import { DEFAULT_COPY_RATE_TICK_MS } from '../../core/migration-rate.js';
import type { ForegroundLevel, ForegroundProbe } from './foreground.js';

export type TransferCall = grpc.ServerDuplexStream<TransferMessage__Output, TransferAck>;

export class InboundCopy {
  private ended = false;
  private timer: NodeJS.Timeout | undefined;
  private disarmed: Promise<void> | undefined;
  /** This node's foreground before the transfer (NaN fields: none seen). */
  private readonly foregroundLevel: ForegroundLevel;

  constructor(
    readonly start: TransferStart__Output,
    private readonly call: TransferCall,
    /** host:port of this node's storage node, as the source's storage node reaches it. */
    private readonly datastoreAddress: string,
    /** Disarms the local storage node's Ingest of this migration (resolves once no import runs). */
    private readonly disarm: () => Promise<void>,
    private readonly log: Logger,
    private readonly foreground?: ForegroundProbe,
  ) {
    this.foregroundLevel = foreground ? foreground.level() : { latencyUs: NaN, opsPerS: NaN };
  }

  get migrationId(): string {
    return this.start.migrationId;
  }

  /** Called once the storage node is armed: answers ready, then reports until the stream ends. */
  run(): Promise<void> {
    this.report(true);
    this.timer = setInterval(() => this.report(false), DEFAULT_COPY_RATE_TICK_MS);
    this.timer.unref();
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        this.ended = true;
        if (this.timer) clearInterval(this.timer);
        this.stopIngest().then(resolve, resolve);
      };
      this.call.on('data', () => undefined);
      this.call.on('end', () => {
        this.call.end();
        finish();
      });
      this.call.on('cancelled', finish);
      this.call.on('error', finish);
      this.call.resume();
    });
  }

  private report(ready: boolean): void {
    if (this.ended) return;
    const pressure = this.foreground?.pressure(this.foregroundLevel) ?? 0;
    if (!ready && pressure <= 0) return;
    this.call.write({ ready, datastoreAddress: ready ? this.datastoreAddress : '', foregroundPressure: pressure });
  }

  private stopIngest(): Promise<void> {
    this.disarmed ??= this.disarm().catch((err: Error) => this.log.warn({ migration: this.migrationId, reason: err.message }, 'disarming the storage node failed'));
    return this.disarmed;
  }

  /** Ends this stream with an error status (the source sees its copy fail) and disarms. */
  async stop(reason: string, code: grpc.status = grpc.status.ABORTED): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      if (this.timer) clearInterval(this.timer);
      this.log.warn({ migration: this.migrationId, reason }, 'inbound copy stopped');
      this.call.emit('error', { code, details: reason, metadata: new grpc.Metadata() });
    }
    await this.stopIngest();
  }
}
