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
  /** Acknowledged operations whose owner node is in another region than the client (clients with a region only). */
  crossRegion: number;
}

/** Share of a region's client operations that go to tenants homed in that region (the rest: elsewhere). */
export const DEFAULT_HOME_SHARE = 0.85;
/** Tenants in the regions workload (keys `tenantN/itemM` under the prefix key schema). */
export const DEFAULT_TENANTS = 30;

/**
 * Keys of the regions demo: a client in region `r` (of `regions`) works 85 % of the time on the
 * tenants homed there (tenant i lives in region i mod regions), Zipf-skewed, the rest on any other.
 */
export function tenantKeys(region: number, regions: number, opts: { tenants?: number; itemsPerTenant?: number; homeShare?: number } = {}): () => string {
  const tenants = opts.tenants ?? DEFAULT_TENANTS;
  const home = Array.from({ length: tenants }, (_, i) => i).filter((i) => i % regions === region);
  const away = Array.from({ length: tenants }, (_, i) => i).filter((i) => i % regions !== region);
  const pickHome = zipfSampler(home.length);
  const pickAway = zipfSampler(Math.max(1, away.length));
  const item = zipfSampler(opts.itemsPerTenant ?? 200);
  const share = opts.homeShare ?? DEFAULT_HOME_SHARE;
  return () => {
    const t = away.length === 0 || Math.random() < share ? home[pickHome()]! : away[pickAway()]!;
    return `tenant${t}/item${item()}`;
  };
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
  readonly stats: WorkloadStats = { okByNode: new Map(), errors: 0, lastError: undefined, redirects: 0, crossRegion: 0 };
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly client: ShardcastClient,
    private readonly opts: { keys?: number; concurrency?: number; writeFraction?: number; nextKey?: () => string; region?: string } = {},
  ) {}

  start(): void {
    this.running = true;
    const zipf = zipfSampler(this.opts.keys ?? DEFAULT_WORKLOAD_KEYS);
    const nextKey = this.opts.nextKey ?? (() => `user:${zipf()}`);
    const writeFraction = this.opts.writeFraction ?? DEFAULT_WRITE_FRACTION;
    for (let i = 0; i < (this.opts.concurrency ?? DEFAULT_WORKLOAD_CONCURRENCY); i++) {
      this.loops.push(
        (async () => {
          while (this.running) {
            const key = nextKey();
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
    if (this.opts.region && this.client.table.node(node)?.region !== this.opts.region) this.stats.crossRegion++;
  }

  /** Counts since the last call (and resets them). */
  drain(): WorkloadStats {
    const out = { okByNode: new Map(this.stats.okByNode), errors: this.stats.errors, lastError: this.stats.lastError, redirects: this.stats.redirects, crossRegion: this.stats.crossRegion };
    this.stats.okByNode.clear();
    this.stats.errors = 0;
    this.stats.redirects = 0;
    this.stats.crossRegion = 0;
    return out;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.allSettled(this.loops);
  }
}
