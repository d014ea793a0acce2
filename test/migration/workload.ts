// The workload of the migration checks: one sequential writer per key through the client library
// (unique values, request ids; a write is retried with the SAME request id until acknowledged),
// recording every acknowledgement with the node and epoch it was accepted under.
import { randomUUID } from 'node:crypto';
import type { ShardcastClient } from '../../client/index.js';
import { keyPosition } from '../../core/keyspace.js';
import type { FinalRead, WriteRecord } from './checker.js';

/** Pause between attempts of an unacknowledged write. */
export const RETRY_DELAY_MS = 25;
/** Pause between two writes of one key (keeps the load modest on 2 cores). */
export const WRITE_GAP_MS = 5;

export class Workload {
  readonly writes: WriteRecord[] = [];
  private stopped = false;
  private loops: Array<Promise<void>> = [];
  attempts = 0;
  failedAttempts = 0;
  lastError = '';

  constructor(
    private readonly client: ShardcastClient,
    readonly keys: readonly string[],
  ) {}

  start(): this {
    this.loops = this.keys.map((k) => this.writer(k));
    return this;
  }

  private async writer(key: string): Promise<void> {
    for (let seq = 1; !this.stopped; seq++) {
      const value = `${key}#${seq}`;
      const requestId = `${value}#${randomUUID().slice(0, 8)}`;
      const rec: WriteRecord = { key, seq, value, acked: false };
      this.writes.push(rec);
      while (!rec.acked) {
        this.attempts++;
        try {
          const r = await this.client.put(key, value, requestId);
          Object.assign(rec, { acked: true, version: Number(r.version), node: r.node, epoch: r.epoch, microshardId: r.microshardId, duplicate: r.duplicate });
        } catch (err) {
          this.failedAttempts++;
          this.lastError = (err as Error).message;
          if (this.stopped) return;
          await sleep(RETRY_DELAY_MS);
        }
      }
      await sleep(WRITE_GAP_MS);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  get acked(): number {
    return this.writes.filter((w) => w.acked).length;
  }

  /** Reads every key back (retrying while routes settle). */
  async readFinal(timeoutMs = 15_000): Promise<Map<string, FinalRead>> {
    const out = new Map<string, FinalRead>();
    const stopAt = Date.now() + timeoutMs;
    await Promise.all(
      this.keys.map(async (k) => {
        for (;;) {
          try {
            const g = await this.client.get(k);
            out.set(k, { found: g.found, value: g.value.toString(), version: Number(g.version) });
            return;
          } catch (err) {
            if (Date.now() > stopAt) throw new Error(`cannot read ${k} back: ${(err as Error).message}`);
            await sleep(50);
          }
        }
      }),
    );
    return out;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** `count` keys (named prefix-i) whose positions fall in [start, end). */
export function keysInRange(prefix: string, start: bigint, end: bigint, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    if (i > 50_000_000) throw new Error(`no keys found in the range for ${prefix}`);
    const k = `${prefix}-${i}`;
    const p = keyPosition(k);
    if (p >= start && p < end) out.push(k);
  }
  return out;
}
