// A live workload for the demo: concurrent writers and readers over Zipf-skewed keys through
// the client library, counting acknowledged operations per owner node.
import { ShardcastClient } from '../client/index.js';

/** Distinct keys the demo workload touches. */
export const DEFAULT_WORKLOAD_KEYS = 5_000;
/** Concurrent in-flight operations. */
export const DEFAULT_WORKLOAD_CONCURRENCY = 16;
/** Fraction of operations that are writes. */
export const DEFAULT_WRITE_FRACTION = 0.3;

export interface WorkloadStats {
  okByNode: Map<string, number>;
  errors: number;
  lastError: string | undefined;
  redirects: number;
}

/** Zipf(s≈1) sampler over [0, n) via the inverse of a precomputed CDF. */
function zipfSampler(n: number, s = 1.0, rand = Math.random): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  for (let i = 0; i < n; i++) cdf[i]! /= sum;
  return () => {
    const u = rand();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export class Workload {
  readonly stats: WorkloadStats = { okByNode: new Map(), errors: 0, lastError: undefined, redirects: 0 };
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly client: ShardcastClient,
    private readonly opts: { keys?: number; concurrency?: number; writeFraction?: number } = {},
  ) {}

  start(): void {
    this.running = true;
    const next = zipfSampler(this.opts.keys ?? DEFAULT_WORKLOAD_KEYS);
    const writeFraction = this.opts.writeFraction ?? DEFAULT_WRITE_FRACTION;
    for (let i = 0; i < (this.opts.concurrency ?? DEFAULT_WORKLOAD_CONCURRENCY); i++) {
      this.loops.push(
        (async () => {
          while (this.running) {
            const key = `user:${next()}`;
            try {
              const route = this.client.route(key);
              if (Math.random() < writeFraction) {
                const r = await this.client.put(key, `v${Date.now()}`);
                if (r.attempts > 1) this.stats.redirects++;
                this.count(r.node);
              } else {
                await this.client.get(key);
                this.count(route?.microshard.owner ?? '?');
              }
            } catch (err) {
              this.stats.errors++;
              this.stats.lastError = (err as Error).message;
              await new Promise((r) => setTimeout(r, 50));
            }
          }
        })(),
      );
    }
  }

  private count(node: string): void {
    this.stats.okByNode.set(node, (this.stats.okByNode.get(node) ?? 0) + 1);
  }

  /** Counts since the last call (and resets them). */
  drain(): { okByNode: Map<string, number>; errors: number; lastError: string | undefined; redirects: number } {
    const out = { okByNode: new Map(this.stats.okByNode), errors: this.stats.errors, lastError: this.stats.lastError, redirects: this.stats.redirects };
    this.stats.okByNode.clear();
    this.stats.errors = 0;
    this.stats.redirects = 0;
    return out;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.allSettled(this.loops);
  }
}
