// On the leader: polls every live sidecar's Topics.GetTopicLoads each period (one call per
// sidecar, with a deadline), fills the prediction cache with the merged per-topic loads and
// forecasts, and rebuilds the filter index (every topic or filter with live subscriptions) that
// the pointer table routes publishes with. A sidecar that does not answer is logged and skipped:
// its topics expire from the cache unless it answers again before their TTL.
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../../platform/proto.js';
import { deadline } from '../../platform/server.js';
import { ClientCache } from '../../platform/client-cache.js';
import { channelCredentials, type TransportSecurity } from '../../platform/security.js';
import type { Logger } from '../../platform/logger.js';
import { TopicIndex } from '../../core/topics/index.js';
import type { TopicsClient } from '../../generated/proto/shardcast/v1/Topics.js';
import type { TopicLoads__Output } from '../../generated/proto/shardcast/v1/TopicLoads.js';
import type { ClusterState } from '../cluster/state.js';
import { PredictionCache, type TopicReport } from './prediction-cache.js';

/** How often the leader polls the sidecars' topic loads (the sidecars' default interval). */
export const DEFAULT_TOPIC_POLL_MS = 10_000;
/** Deadline of one GetTopicLoads call. */
export const DEFAULT_TOPIC_POLL_DEADLINE_MS = 3_000;
/** A cache entry lives this many polls after its last report. */
export const DEFAULT_TOPIC_TTL_POLLS = 3;

export interface TopicCollectorOptions {
  pollMs: number;
  security: TransportSecurity;
  deadlineMs?: number;
  ttlMs?: number;
}

export class TopicCollector {
  readonly cache: PredictionCache;
  /** Filters (and concrete topics) with live subscriptions, as of the last poll. */
  index = new TopicIndex();
  private readonly clients: ClientCache<TopicsClient>;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  /** Bumped by stop(): a poll that started before it does not refill the cache. */
  private generation = 0;
  lastPollAtMs = 0;
  /** Errors of the last poll by node (cleared when the node answers). */
  readonly failures = new Map<string, string>();

  constructor(
    private readonly state: ClusterState,
    private readonly opts: TopicCollectorOptions,
    private readonly log: Logger,
  ) {
    this.clients = new ClientCache((address) => new v1.Topics(address, channelCredentials(opts.security)));
    this.cache = new PredictionCache(opts.ttlMs ?? DEFAULT_TOPIC_TTL_POLLS * Math.max(opts.pollMs, 1_000));
  }

  /** Starts polling (leader only); 0 = off. */
  start(): void {
    if (this.opts.pollMs <= 0 || this.timer) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.opts.pollMs);
    this.timer.unref();
  }

  /** Leadership lost or stopping: stop polling and forget everything. */
  stop(): void {
    this.generation++;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.cache.clear();
    this.index = new TopicIndex();
    this.failures.clear();
  }

  close(): void {
    this.stop();
    this.clients.close();
  }

  /** One poll round (public for tests and for a caller that wants fresh data now). */
  poll(): Promise<void> {
    this.inFlight ??= this.pollOnce().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async pollOnce(): Promise<void> {
    const generation = this.generation;
    const nodes = [...this.state.nodes.values()].map((v) => v.value).filter((n) => n.sidecarAddress);
    const answers = await Promise.all(
      nodes.map(
        (n) =>
          new Promise<{ nodeId: string; loads?: TopicLoads__Output }>((resolve) => {
            this.clients.get(n.sidecarAddress).GetTopicLoads({ prefix: '', limit: 0 }, new grpc.Metadata(), { deadline: deadline(this.opts.deadlineMs ?? DEFAULT_TOPIC_POLL_DEADLINE_MS) }, (err, res) => {
              if (err) {
                if (this.failures.get(n.id) !== err.details) this.log.warn({ node: n.id, err: err.details || err.message }, 'cannot read topic loads from the sidecar');
                this.failures.set(n.id, err.details || err.message);
                resolve({ nodeId: n.id });
              } else {
                this.failures.delete(n.id);
                resolve({ nodeId: n.id, loads: res! });
              }
            });
          }),
      ),
    );
    const byTopic = new Map<string, TopicReport[]>();
    const index = new TopicIndex();
    for (const a of answers) {
      for (const t of a.loads?.topics ?? []) {
        let list = byTopic.get(t.topic);
        if (!list) byTopic.set(t.topic, (list = []));
        list.push({ nodeId: a.nodeId, load: t });
        if (Number(t.subscriptions) > 0 && !index.has(t.topic)) {
          try {
            index.add(t.topic);
          } catch (err) {
            // A sidecar validated it; a bad one here is a bug to see, not a reason to stop.
            this.log.warn({ topic: t.topic.slice(0, 100), err: String(err) }, 'sidecar reported an invalid topic filter');
          }
        }
      }
    }
    if (generation !== this.generation) return;
    const now = Date.now();
    this.cache.update(byTopic, now);
    this.index = index;
    this.lastPollAtMs = now;
  }
}
