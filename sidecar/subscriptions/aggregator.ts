// Per-topic aggregation of subscription activity, in bounded memory. Each event is validated
// with core/topics (a filter must be a valid MQTT filter, a publish needs a topic name), applied
// to the live subscription set (one subscription per client and topic, as in MQTT), and counted
// in the current interval of its topic. A publish to a concrete topic also counts for every
// wildcard filter this sidecar holds that matches it (via the same TopicIndex the router uses),
// so a filter's load is the traffic it delivers. `rollover(now)` closes intervals (pure, testable).
import { TopicIndex, topicFilterProblem, topicNameProblem } from '../../core/topics/index.js';

/** Aggregation interval, ms (the sidecar uses its telemetry interval). */
export const DEFAULT_TOPIC_INTERVAL_MS = 10_000;
/**
 * Topics (and filters) tracked at once. Each carries ~14 KB of history at 10 s intervals
 * (telemetry History rings), so 2,048 topics are ~30 MB.
 */
export const DEFAULT_MAX_TOPICS = 2_048;
/** Live (client, topic) subscriptions tracked at once (~100 B each). */
export const DEFAULT_MAX_SUBSCRIPTIONS = 200_000;
/** Distinct clients counted exactly per topic per interval; beyond it the count is capped. */
export const DEFAULT_MAX_CLIENTS_PER_INTERVAL = 1_024;
/** A topic without subscriptions and without traffic for this many intervals is forgotten. */
export const DEFAULT_FORGET_AFTER_INTERVALS = 360;
/** Longest client id accepted, bytes. */
export const MAX_CLIENT_ID_BYTES = 256;
/** Intervals emitted at most when the clock jumped (the rest is a gap in history). */
export const MAX_CATCH_UP_INTERVALS = 6;

export type TopicKindName = 'concrete' | 'wildcard';
export type SubscriptionActionName = 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'PUBLISH';

/** An event as it arrives (the proto's output shape: 64-bit counts as strings). */
export interface SubscriptionEventInput {
  topic: string;
  kind: string;
  clientId: string;
  action: string;
  publishes: string | number;
  publishBytes: string | number;
}

/** One topic over one closed interval. */
export interface TopicInterval {
  topic: string;
  kind: TopicKindName;
  subscriptions: number;
  publishes: number;
  publishBytes: number;
  subscribes: number;
  unsubscribes: number;
  clients: number;
  clientsCapped: boolean;
}

export interface ClosedTopicInterval {
  startMs: number;
  intervalMs: number;
  topics: TopicInterval[];
}

export interface TopicAggregatorOptions {
  intervalMs?: number;
  maxTopics?: number;
  maxSubscriptions?: number;
  maxClientsPerInterval?: number;
  forgetAfterIntervals?: number;
  /** Called with a topic that was forgotten (its history can go too). */
  onForget?: (topic: string) => void;
}

interface Counters {
  publishes: number;
  publishBytes: number;
  subscribes: number;
  unsubscribes: number;
  clients: Set<string>;
  clientsCapped: boolean;
}

interface TopicState {
  topic: string;
  kind: TopicKindName;
  subscribers: Set<string>;
  cur: Counters;
  last: TopicInterval | undefined;
  idleIntervals: number;
}

export class SubscriptionEventError extends Error {}

const DECIMAL = /^\d{1,20}$/;
const KINDS: Record<string, TopicKindName | undefined> = { CONCRETE: 'concrete', WILDCARD: 'wildcard', TOPIC_KIND_UNSPECIFIED: undefined, '': undefined };
const ACTIONS = new Set(['SUBSCRIBE', 'UNSUBSCRIBE', 'PUBLISH']);

function counters(): Counters {
  return { publishes: 0, publishBytes: 0, subscribes: 0, unsubscribes: 0, clients: new Set(), clientsCapped: false };
}

function count(v: string | number, field: string): number {
  const s = String(v ?? '0');
  if (!DECIMAL.test(s)) throw new SubscriptionEventError(`${field} must be a non-negative integer, got "${s}"`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new SubscriptionEventError(`${field} ${s} is too large`);
  return n;
}

export class TopicAggregator {
  readonly intervalMs: number;
  readonly maxTopics: number;
  readonly maxSubscriptions: number;
  private readonly maxClients: number;
  private readonly forgetAfter: number;
  private readonly topics = new Map<string, TopicState>();
  /** Filters of the live subscriptions (reference counted), to credit wildcard filters with publishes. */
  readonly index = new TopicIndex();
  private subscriptionCount = 0;
  private curStartMs: number | undefined;
  private lastClosed: ClosedTopicInterval | undefined;
  /** Totals since start. */
  readonly totals = { events: 0, accepted: 0, rejected: 0, rejectedFull: 0, forgotten: 0 };

  constructor(private readonly opts: TopicAggregatorOptions = {}) {
    this.intervalMs = opts.intervalMs ?? DEFAULT_TOPIC_INTERVAL_MS;
    this.maxTopics = opts.maxTopics ?? DEFAULT_MAX_TOPICS;
    this.maxSubscriptions = opts.maxSubscriptions ?? DEFAULT_MAX_SUBSCRIPTIONS;
    this.maxClients = opts.maxClientsPerInterval ?? DEFAULT_MAX_CLIENTS_PER_INTERVAL;
    this.forgetAfter = opts.forgetAfterIntervals ?? DEFAULT_FORGET_AFTER_INTERVALS;
    if (!Number.isInteger(this.intervalMs) || this.intervalMs < 1) throw new RangeError(`intervalMs must be a positive integer, got ${this.intervalMs}`);
  }

  get subscriptions(): number {
    return this.subscriptionCount;
  }

  get topicCount(): number {
    return this.topics.size;
  }

  /** The last closed interval (what GetTopicLoads reports). */
  get closed(): ClosedTopicInterval | undefined {
    return this.lastClosed;
  }

  /**
   * Validates and applies one event at `nowMs`. Throws SubscriptionEventError naming what is
   * wrong (nothing is applied then).
   */
  apply(ev: SubscriptionEventInput, nowMs = Date.now()): void {
    this.totals.events++;
    try {
      this.applyValid(ev, nowMs);
      this.totals.accepted++;
    } catch (err) {
      this.totals.rejected++;
      throw err;
    }
  }

  private applyValid(ev: SubscriptionEventInput, nowMs: number): void {
    this.openInterval(nowMs);
    const action = ev.action;
    if (!ACTIONS.has(action)) throw new SubscriptionEventError(`action must be SUBSCRIBE, UNSUBSCRIBE or PUBLISH, got "${action || 'SUBSCRIPTION_ACTION_UNSPECIFIED'}"`);
    const topic = ev.topic ?? '';
    if (!(ev.kind in KINDS)) throw new SubscriptionEventError(`kind must be CONCRETE, WILDCARD or unset, got "${ev.kind}"`);
    const declared = KINDS[ev.kind];
    // A filter is a wildcard when its text has one; a declared kind must agree with the text.
    const filterProblem = topicFilterProblem(topic);
    const nameProblem = topicNameProblem(topic);
    const wildcard = filterProblem === undefined && nameProblem !== undefined;
    if (filterProblem !== undefined) throw new SubscriptionEventError(`topic: ${declared === 'concrete' || action === 'PUBLISH' ? 'topic name' : 'topic filter'} ${JSON.stringify(topic.length > 80 ? `${topic.slice(0, 77)}...` : topic)} ${filterProblem}`);
    const kind: TopicKindName = wildcard ? 'wildcard' : 'concrete';
    if (declared !== undefined && declared !== kind) {
      throw new SubscriptionEventError(declared === 'concrete' ? `topic ${JSON.stringify(topic)} is declared CONCRETE but ${nameProblem}` : `topic ${JSON.stringify(topic)} is declared WILDCARD but has no '+' or '#'`);
    }
    const publishes = count(ev.publishes, 'publishes');
    const publishBytes = count(ev.publishBytes, 'publish_bytes');
    if (publishBytes > 0 && publishes === 0) throw new SubscriptionEventError('publish_bytes without publishes');
    if (kind === 'wildcard' && (publishes > 0 || action === 'PUBLISH')) throw new SubscriptionEventError(`cannot publish to the wildcard filter ${JSON.stringify(topic)}: messages are published to topic names`);
    const client = ev.clientId ?? '';
    if (Buffer.byteLength(client, 'utf8') > MAX_CLIENT_ID_BYTES) throw new SubscriptionEventError(`client_id is longer than ${MAX_CLIENT_ID_BYTES} bytes`);
    if (action !== 'PUBLISH' && client.length === 0) throw new SubscriptionEventError(`client_id is required for ${action}`);
    if (action === 'PUBLISH' && publishes === 0) throw new SubscriptionEventError('PUBLISH needs publishes > 0');

    let st = this.topics.get(topic);
    if (action === 'UNSUBSCRIBE' && !st?.subscribers.has(client)) throw new SubscriptionEventError(`client ${JSON.stringify(client)} holds no subscription to ${JSON.stringify(topic)}`);
    if (action === 'SUBSCRIBE' && !st?.subscribers.has(client) && this.subscriptionCount >= this.maxSubscriptions) {
      this.totals.rejectedFull++;
      throw new SubscriptionEventError(`subscription table full (${this.maxSubscriptions} tracked); SUBSCRIBE of ${JSON.stringify(topic)} not counted`);
    }
    if (!st) {
      if (this.topics.size >= this.maxTopics) {
        this.totals.rejectedFull++;
        throw new SubscriptionEventError(`topic table full (${this.maxTopics} topics tracked); ${JSON.stringify(topic)} not counted`);
      }
      st = { topic, kind, subscribers: new Set(), cur: counters(), last: undefined, idleIntervals: 0 };
      this.topics.set(topic, st);
    }
    if (client.length > 0) this.seeClient(st.cur, client);
    if (action === 'SUBSCRIBE') {
      st.cur.subscribes++;
      if (!st.subscribers.has(client)) {
        st.subscribers.add(client);
        this.subscriptionCount++;
        this.index.add(topic);
      }
    } else if (action === 'UNSUBSCRIBE') {
      st.cur.unsubscribes++;
      st.subscribers.delete(client);
      this.subscriptionCount--;
      this.index.remove(topic);
    }
    if (publishes > 0) {
      st.cur.publishes += publishes;
      st.cur.publishBytes += publishBytes;
      // The wildcard filters that deliver these messages carry them too.
      for (const f of this.index.match(topic)) {
        if (f === topic) continue;
        const w = this.topics.get(f);
        if (w) {
          w.cur.publishes += publishes;
          w.cur.publishBytes += publishBytes;
        }
      }
    }
  }

  private seeClient(c: Counters, client: string): void {
    if (c.clients.has(client)) return;
    if (c.clients.size >= this.maxClients) {
      c.clientsCapped = true;
      return;
    }
    c.clients.add(client);
  }

  private openInterval(nowMs: number): void {
    if (this.curStartMs === undefined) this.curStartMs = Math.floor(nowMs / this.intervalMs) * this.intervalMs;
  }

  /**
   * Closes the current interval when `nowMs` is past its end: returns the closed intervals
   * (the one that ended, and up to MAX_CATCH_UP_INTERVALS - 1 empty ones after it when the clock
   * jumped further), oldest first; [] when the interval is still open.
   */
  rollover(nowMs = Date.now()): ClosedTopicInterval[] {
    this.openInterval(nowMs);
    const out: ClosedTopicInterval[] = [];
    const nowStart = Math.floor(nowMs / this.intervalMs) * this.intervalMs;
    while (this.curStartMs! < nowStart && out.length < MAX_CATCH_UP_INTERVALS) {
      out.push(this.closeOne(this.curStartMs!));
      this.curStartMs! += this.intervalMs;
    }
    // A longer jump leaves a gap: the next interval starts now.
    if (this.curStartMs! < nowStart) this.curStartMs = nowStart;
    if (out.length > 0) this.lastClosed = out[out.length - 1];
    return out;
  }

  private closeOne(startMs: number): ClosedTopicInterval {
    const topics: TopicInterval[] = [];
    for (const st of [...this.topics.values()]) {
      const c = st.cur;
      const iv: TopicInterval = {
        topic: st.topic,
        kind: st.kind,
        subscriptions: st.subscribers.size,
        publishes: c.publishes,
        publishBytes: c.publishBytes,
        subscribes: c.subscribes,
        unsubscribes: c.unsubscribes,
        clients: c.clients.size,
        clientsCapped: c.clientsCapped,
      };
      const active = c.publishes > 0 || c.subscribes > 0 || c.unsubscribes > 0;
      st.idleIntervals = active || st.subscribers.size > 0 ? 0 : st.idleIntervals + 1;
      st.last = iv;
      st.cur = counters();
      topics.push(iv);
      if (st.idleIntervals >= this.forgetAfter) {
        this.topics.delete(st.topic);
        this.totals.forgotten++;
        this.opts.onForget?.(st.topic);
      }
    }
    return { startMs, intervalMs: this.intervalMs, topics };
  }

  /** The latest closed interval of one topic. */
  last(topic: string): TopicInterval | undefined {
    return this.topics.get(topic)?.last;
  }

  kindOf(topic: string): TopicKindName | undefined {
    return this.topics.get(topic)?.kind;
  }

  has(topic: string): boolean {
    return this.topics.has(topic);
  }

  /** Tracked topics and filters. */
  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  /** Live subscriptions of a topic now. */
  subscriptionsOf(topic: string): number {
    return this.topics.get(topic)?.subscribers.size ?? 0;
  }
}
