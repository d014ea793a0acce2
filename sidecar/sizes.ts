// Stored size of each microshard, read from the storage node (DataPlane.Stats) on a timer into
// a cache. Stats is a scan inside the storage node, so it is never called on an RPC path; the
// aggregator reads the cache when an interval closes.
import type * as grpc from '@grpc/grpc-js';
import { v1 } from '../platform/proto.js';
import { channelCredentials, type TransportSecurity } from '../platform/security.js';
import { deadline } from '../platform/server.js';
import type { DataPlaneClient } from '../generated/proto/shardcast/v1/DataPlane.js';
import type { StatsResponse__Output } from '../generated/proto/shardcast/v1/StatsResponse.js';

/** Deadline of one Stats call: a scan of the whole store. */
export const DEFAULT_STATS_DEADLINE_MS = 30_000;

export class SizeCache {
  private readonly client: DataPlaneClient;
  private sizes = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  private closed = false;
  /** When the cache was last filled (ms since the epoch; 0: never). */
  refreshedAtMs = 0;
  lastError: string | undefined;

  constructor(
    address: string,
    security: TransportSecurity,
    private readonly everyMs: number,
    private readonly onError: (message: string) => void = () => undefined,
  ) {
    this.client = new v1.DataPlane(address, channelCredentials(security));
  }

  /** Refreshes now and then every `everyMs` (unless 0); the timer does not keep the process up. */
  start(): void {
    if (this.everyMs <= 0) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.everyMs);
    this.timer.unref();
  }

  /** Bytes stored for a microshard, or undefined when the storage node has not said. */
  get(id: string): number | undefined {
    return this.sizes.get(id);
  }

  /** One Stats call (skipped while one is running); resolves when it answered or failed. */
  async refresh(): Promise<void> {
    if (this.inFlight || this.closed) return;
    this.inFlight = true;
    try {
      const res = await new Promise<StatsResponse__Output>((resolve, reject) =>
        this.client.Stats({}, { deadline: deadline(DEFAULT_STATS_DEADLINE_MS) }, (err: grpc.ServiceError | null, r?: StatsResponse__Output) => (err ? reject(err) : resolve(r!))),
      );
      const next = new Map<string, number>();
      for (const m of res.microshards) next.set(String(m.microshardId), Number(m.bytes));
      this.sizes = next;
      this.refreshedAtMs = Date.now();
      this.lastError = undefined;
    } catch (err) {
      const message = (err as grpc.ServiceError).details || (err as Error).message;
      if (message !== this.lastError) this.onError(message);
      this.lastError = message;
    } finally {
      this.inFlight = false;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.client.close();
  }
}
