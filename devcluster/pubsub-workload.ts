// A pub/sub workload for the demo and the capacity tests: brokers whose subscription state lives
// in shardcast's storage nodes. Each topic has subscribers and a publish rate that changes over
// time (daily cycles, ramps). Acting as the brokers, it reports, to the sidecar of the node that
// owns each topic's microshard (found in the client library's route table, so it follows
// migrations):
//   - Topics.ReportSubscriptions: the subscriptions, then publish counts every tick;
//   - Sidecar.ReportAccess: one read of the topic's subscriber list per publish (key = topic), and
//     one read per publish at the shard of each wildcard filter group that matches.
// It counts the ops each node had to serve per second, so the caller can compare with capacity.
import { INSECURE } from '../platform/security.js';
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../platform/proto.js';
import { deadline } from '../platform/server.js';
import { ClientCache } from '../platform/client-cache.js';
import { keyPosition } from '../core/keyspace.js';
import { TopicIndex } from '../core/topics/index.js';
import { ShardcastClient } from '../client/index.js';
import type { SidecarClient } from '../generated/proto/shardcast/v1/Sidecar.js';
import type { TopicsClient } from '../generated/proto/shardcast/v1/Topics.js';
import type { SubscriptionEvent } from '../generated/proto/shardcast/v1/SubscriptionEvent.js';
import type { AccessRecord } from '../generated/proto/shardcast/v1/AccessRecord.js';

/** How often publishes are reported. */
export const DEFAULT_PUBSUB_TICK_MS = 200;

export interface TopicProfile {
  topic: string;
  subscribers: number;
  /** Publishes per second at `tS` seconds since start. */
  rate: (tS: number) => number;
}

export interface PubSubOptions {
  sidecars: string[];
  topics: TopicProfile[];
  /** Wildcard filters subscribed (one subscriber each); a matching publish also reads their group's shard. */
  filters?: string[];
  tickMs?: number;
}

/** Ops per node over the last second (a sliding one-second window). */
export interface NodeRates {
  opsPerS: Map<string, number>;
  publishesPerS: number;
}

export class PubSubWorkload {
  readonly client: ShardcastClient;
  private readonly index = new TopicIndex();
  private timer: NodeJS.Timeout | undefined;
  private started = 0;
  private readonly sidecarClients = new ClientCache<SidecarClient>((address) => new v1.Sidecar(address, grpc.credentials.createInsecure()));
  private readonly topicClients = new ClientCache<TopicsClient>((address) => new v1.Topics(address, grpc.credentials.createInsecure()));
  private readonly window: Array<{ at: number; ops: Map<string, number>; publishes: number }> = [];
  private subscribedOn = new Map<string, string>();
  errors = 0;
  lastError: string | undefined;

  constructor(private readonly opts: PubSubOptions) {
    this.client = new ShardcastClient({ sidecars: opts.sidecars, security: INSECURE });
    for (const f of opts.filters ?? []) this.index.add(f);
  }

  async start(): Promise<void> {
    await this.client.start(30_000);
    this.started = Date.now();
    await this.subscribeAll();
    const tick = this.opts.tickMs ?? DEFAULT_PUBSUB_TICK_MS;
    let ticking = false;
    this.timer = setInterval(() => {
      if (ticking) return; // a slow tick is not stacked behind
      ticking = true;
      void this.tick(tick)
        .catch((err) => this.fail(err))
        .finally(() => {
          ticking = false;
        });
    }, tick);
  }

  /** Seconds since start. */
  get elapsedS(): number {
    return (Date.now() - this.started) / 1000;
  }

  private fail(err: unknown): void {
    this.errors++;
    this.lastError = err instanceof Error ? err.message : String(err);
  }

  /** The node owning a key's microshard and its sidecar address. */
  owner(key: string): { node: string; sidecar: string } | undefined {
    const m = this.client.table.lookup(keyPosition(key));
    if (!m?.owner) return undefined;
    const n = this.client.table.node(m.owner);
    return n?.sidecarAddress ? { node: m.owner, sidecar: n.sidecarAddress } : undefined;
  }

  private report(address: string, events: SubscriptionEvent[]): Promise<void> {
    return new Promise((resolve) => {
      const call = this.topicClients.get(address).ReportSubscriptions({ deadline: deadline(5000) }, (e, r) => {
        if (e) this.fail(e);
        else if (Number(r!.rejected) > 0) this.fail(new Error(r!.errors.join('; ')));
        resolve();
      });
      for (const e of events) call.write(e);
      call.end();
    });
  }

  private access(address: string, records: AccessRecord[]): Promise<void> {
    return new Promise((resolve) => {
      const call = this.sidecarClients.get(address).ReportAccess({ deadline: deadline(5000) }, (e) => {
        if (e) this.fail(e);
        resolve();
      });
      call.write({ atMs: Date.now(), records });
      call.end();
    });
  }

  /** Subscriptions go to the sidecar of the node holding the topic (or filter home). */
  private async subscribeAll(): Promise<void> {
    const bySidecar = new Map<string, SubscriptionEvent[]>();
    const add = (home: string, e: SubscriptionEvent) => {
      const o = this.owner(home);
      if (!o) return;
      this.subscribedOn.set(e.topic!, o.sidecar);
      bySidecar.set(o.sidecar, [...(bySidecar.get(o.sidecar) ?? []), e]);
    };
    for (const t of this.opts.topics) for (let i = 0; i < t.subscribers; i++) add(t.topic, { topic: t.topic, action: 'SUBSCRIBE', clientId: `${t.topic}#${i}` });
    for (const f of this.opts.filters ?? []) add(this.index.get(f)!.home.key, { topic: f, action: 'SUBSCRIBE', clientId: `wild:${f}` });
    await Promise.all([...bySidecar].map(([a, evs]) => this.report(a, evs)));
  }

  private async tick(tickMs: number): Promise<void> {
    const tS = this.elapsedS;
    const ops = new Map<string, number>();
    const publishes = new Map<string, SubscriptionEvent[]>();
    const reads = new Map<string, AccessRecord[]>();
    let total = 0;
    for (const t of this.opts.topics) {
      const expected = Math.max(0, t.rate(tS)) * (tickMs / 1000);
      // Whole publishes per tick, the fraction carried by chance (mean stays exact).
      const n = Math.floor(expected) + (Math.random() < expected - Math.floor(expected) ? 1 : 0);
      if (n === 0) continue;
      total += n;
      const o = this.owner(t.topic);
      if (!o) continue;
      // Subscriptions moved with their microshard: re-subscribe on the new owner's sidecar once.
      if (this.subscribedOn.get(t.topic) !== o.sidecar) {
        this.subscribedOn.set(t.topic, o.sidecar);
        const evs = Array.from({ length: t.subscribers }, (_, i): SubscriptionEvent => ({ topic: t.topic, action: 'SUBSCRIBE', clientId: `${t.topic}#${i}` }));
        await this.report(o.sidecar, evs);
      }
      publishes.set(o.sidecar, [...(publishes.get(o.sidecar) ?? []), { topic: t.topic, action: 'PUBLISH', publishes: n, publishBytes: n * 256 }]);
      reads.set(o.sidecar, [...(reads.get(o.sidecar) ?? []), { key: Buffer.from(t.topic), reads: n, bytesRead: n * 64, latencyUs: n * 200 }]);
      ops.set(o.node, (ops.get(o.node) ?? 0) + n);
      // Each matching wildcard group is read once per publish at its home shard.
      const homes = new Set(this.index.matchEntries(t.topic).filter((e) => e.wildcard).map((e) => e.home.key));
      for (const home of homes) {
        const h = this.owner(home);
        if (!h) continue;
        reads.set(h.sidecar, [...(reads.get(h.sidecar) ?? []), { key: Buffer.from(home), reads: n, bytesRead: n * 64, latencyUs: n * 200 }]);
        ops.set(h.node, (ops.get(h.node) ?? 0) + n);
      }
    }
    const now = Date.now();
    this.window.push({ at: now, ops, publishes: total });
    while (this.window.length > 0 && this.window[0]!.at <= now - 1000) this.window.shift();
    await Promise.all([...[...publishes].map(([a, evs]) => this.report(a, evs)), ...[...reads].map(([a, rs]) => this.access(a, rs))]);
  }

  /** Ops per node and publishes over the last second. */
  rates(): NodeRates {
    const opsPerS = new Map<string, number>();
    let publishesPerS = 0;
    for (const w of this.window) {
      publishesPerS += w.publishes;
      for (const [n, v] of w.ops) opsPerS.set(n, (opsPerS.get(n) ?? 0) + v);
    }
    return { opsPerS, publishesPerS };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sidecarClients.close();
    this.topicClients.close();
    this.client.close();
  }
}
