// Leader election over etcd (etcd3's Election) and the guard every leader write carries: the
// campaign key's create revision. A deposed leader's transaction fails its guard (invariant 3).
import { EventEmitter } from 'node:events';
import type { Campaign, Election, ElectionObserver, Lease, Namespace, IOperation } from 'etcd3';
import type { Logger } from '../../platform/logger.js';
import { NotLeaderError } from '../../platform/errors.js';
import { ELECTION_NAME } from './keys.js';

/** Delay before campaigning again after losing or failing a campaign. */
export const DEFAULT_RECAMPAIGN_DELAY_MS = 500;
/**
 * When no keepalive answer arrived within the TTL (a stalled event loop, a busy etcd), one direct
 * keepalive gets this long to prove the lease alive before the leader steps down.
 */
export const DEFAULT_LEASE_CONFIRM_TIMEOUT_MS = 1_000;
/**
 * How often the election is read directly. etcd3 learns of a new leader through watches (the
 * observer's, and the campaign's wait for older keys to go); a watch that stalls would leave a
 * replica naming no leader, or a replica whose key is the oldest never acting as leader, with
 * nobody leading at all. The direct read bounds both by this period.
 */
export const DEFAULT_ELECTION_CHECK_MS = 1_000;

export interface LeaderIdentity {
  id: string;
  address: string;
}

type Events = { elected: []; deposed: [reason: string]; leaderChanged: [leader: LeaderIdentity | undefined] };

export class Leadership extends EventEmitter<Events> {
  private readonly election: Election;
  private campaign: Campaign | undefined;
  private observer: ElectionObserver | undefined;
  private guardKey = '';
  private guardRevision = '';
  private leading = false;
  private lastRenewedAt = 0;
  private stopped = false;
  private expiryTimer: NodeJS.Timeout | undefined;
  private confirming = false;
  private checking = false;
  /** Leader changes the observer has delivered (a direct read older than the latest one yields). */
  private observed = 0;
  private checkTimer: NodeJS.Timeout | undefined;
  private currentLeader: LeaderIdentity | undefined;

  constructor(
    private readonly ns: Namespace,
    private readonly self: { id: string; address: string },
    private readonly ttlS: number,
    private readonly log: Logger,
  ) {
    super();
    this.election = ns.election(ELECTION_NAME, ttlS);
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** The elected leader as last observed (undefined while none). */
  get leader(): LeaderIdentity | undefined {
    if (this.leading) return this.self;
    // Our own campaign seen as leader before onElected finished (or after we stepped down):
    // nobody is acting as leader yet, so name none rather than ourselves.
    if (this.currentLeader?.id === this.self.id) return undefined;
    return this.currentLeader;
  }

  /** Starts campaigning; `address` is where this replica's gRPC server can be reached. */
  start(address: string): void {
    this.self.address = address;
    this.campaignOnce();
    void this.observe();
    // etcd3 reports a lost lease only after 2 x TTL: track renewals and step down on our own,
    // unless a direct keepalive shows etcd still holds the lease (a late answer is not a lost lease).
    this.expiryTimer = setInterval(() => {
      if (this.leading && this.campaign && !this.confirming && Date.now() - this.lastRenewedAt > this.ttlS * 1000 - 250) void this.confirmOrDepose(this.campaign);
    }, 200);
    this.expiryTimer.unref();
    this.checkTimer = setInterval(() => {
      if (!this.checking && !this.stopped) void this.checkElection();
    }, DEFAULT_ELECTION_CHECK_MS);
    this.checkTimer.unref();
  }

  /**
   * Reads the oldest campaign key (the leader by etcd's election rule) and corrects what the
   * watches missed: the leader this replica names, and its own leadership when its key is the
   * oldest but its campaign never reported the election.
   */
  private async checkElection(): Promise<void> {
    this.checking = true;
    try {
      const electionNs = (this.election as unknown as { namespace: Namespace }).namespace;
      const observedBefore = this.observed;
      const res = await electionNs.getAll().sort('Create', 'Ascend').limit(1).exec();
      const first = res.kvs[0];
      if (this.stopped) return;
      const named = parseLeader(first?.value.toString());
      // The observer moved while this read was in flight: its answer may be the newer one.
      const stale = this.observed !== observedBefore;
      if (!stale && (named?.id !== this.currentLeader?.id || named?.address !== this.currentLeader?.address)) {
        this.log.warn({ was: this.currentLeader?.id ?? null, now: named?.id ?? null }, 'election watch was behind; leader read directly');
        this.currentLeader = named;
        this.emit('leaderChanged', this.leader);
      }
      const campaign = this.campaign;
      if (!first || this.leading || !campaign) return;
      const mine = await campaign.getCampaignKey().catch(() => undefined);
      const prefix = (electionNs as unknown as { prefix: Buffer }).prefix.toString();
      if (mine && prefix + first.key.toString() === mine && this.campaign === campaign && !this.leading && !this.stopped) {
        this.log.warn({ key: mine }, 'own campaign key is the oldest but the campaign did not report the election: leading');
        await this.onElected(campaign).catch((err) => this.depose(`could not read own campaign key: ${err}`));
      }
    } catch (err) {
      this.log.warn({ err: String(err) }, 'could not read the election');
    } finally {
      this.checking = false;
    }
  }

  private campaignOnce(): void {
    if (this.stopped) return;
    const campaign = this.election.campaign(JSON.stringify(this.self));
    this.campaign = campaign;
    // Campaign's lease is internal to etcd3; its keepalive events tell us when it was renewed.
    const lease = (campaign as unknown as { lease: Lease }).lease;
    lease.on('keepaliveSucceeded', () => {
      if (this.campaign === campaign) this.lastRenewedAt = Date.now();
    });
    lease.on('keepaliveFailed', (err) => this.log.warn({ err: String(err) }, 'election lease keepalive failed'));
    campaign.on('error', (err) => {
      if (this.campaign !== campaign) return;
      this.log.warn({ err: String(err) }, 'campaign failed');
      this.depose(`campaign error: ${err.message}`);
    });
    campaign.on('elected', () => {
      // The direct election check may have found it first.
      if (this.campaign !== campaign || this.stopped || this.leading) return;
      void this.onElected(campaign).catch((err) => this.depose(`could not read own campaign key: ${err}`));
    });
  }

  /**
   * Renews the election lease directly; steps down when etcd does not confirm it in time. Safety
   * does not rest on this (every write is guarded by the campaign key), only how soon a leader
   * that lost its lease stops acting.
   */
  private async confirmOrDepose(campaign: Campaign): Promise<void> {
    this.confirming = true;
    const sentAt = Date.now();
    const lateMs = sentAt - this.lastRenewedAt;
    try {
      const lease = (campaign as unknown as { lease: Lease }).lease;
      const res = await lease.keepaliveOnce({ deadline: new Date(sentAt + DEFAULT_LEASE_CONFIRM_TIMEOUT_MS) });
      if (this.campaign === campaign && this.leading && Number(res.TTL) > 0) {
        this.lastRenewedAt = sentAt;
        this.log.warn({ lateMs, ttlS: Number(res.TTL) }, 'election lease renewal was late; renewed it directly and keep leading');
        return;
      }
    } catch (err) {
      this.log.warn({ err: String(err), lateMs }, 'election lease could not be renewed directly');
    } finally {
      this.confirming = false;
    }
    if (this.campaign === campaign && this.leading) this.depose(`election lease not renewed within its TTL (${lateMs} ms since the last renewal)`);
  }

  private async onElected(campaign: Campaign): Promise<void> {
    const full = await campaign.getCampaignKey();
    const prefix = (this.ns as unknown as { prefix: Buffer }).prefix.toString();
    const key = full.startsWith(prefix) ? full.slice(prefix.length) : full;
    const res = await this.ns.get(key).exec();
    const kv = res.kvs[0];
    if (!kv || this.campaign !== campaign) throw new Error('campaign key vanished right after election');
    if (this.leading) return; // both the campaign and the direct check got here
    this.guardKey = key;
    this.guardRevision = kv.create_revision;
    this.lastRenewedAt = Date.now();
    this.leading = true;
    this.log.info({ guardKey: key, guardRevision: kv.create_revision }, 'elected leader');
    this.emit('elected');
    this.emit('leaderChanged', this.self);
  }

  /** Stops acting as leader (idempotent) and campaigns again. */
  depose(reason: string): void {
    const was = this.leading;
    this.leading = false;
    const old = this.campaign;
    this.campaign = undefined;
    old?.resign().catch(() => undefined);
    if (was) {
      this.log.warn({ reason }, 'no longer leader');
      this.emit('deposed', reason);
    }
    if (!this.stopped) setTimeout(() => this.campaignOnce(), DEFAULT_RECAMPAIGN_DELAY_MS).unref();
  }

  /**
   * Commits `ops` in one transaction guarded by leadership, plus any extra comparisons.
   * Throws NotLeaderError (and steps down) when the guard fails.
   */
  async commit(ops: IOperation[], extraCompares: Array<[string, 'Create' | 'Mod' | 'Version' | 'Value', '==' | '!=' | '<' | '>', string | number]> = []): Promise<{ revision: string; comparesHeld: boolean }> {
    if (!this.leading) throw new NotLeaderError(`${this.self.id} is not the leader${this.currentLeader ? ` (leader: ${this.currentLeader.id} at ${this.currentLeader.address})` : ''}`);
    let txn = this.ns.if(this.guardKey, 'Create', '==', this.guardRevision);
    for (const [k, col, cmp, v] of extraCompares) txn = txn.and(k, col, cmp, v);
    const res = await txn.then(...ops).commit();
    if (res.succeeded) return { revision: res.header.revision, comparesHeld: true };
    if (extraCompares.length > 0 && (await this.stillHoldsGuard())) return { revision: res.header.revision, comparesHeld: false };
    this.depose('a guarded write failed its leadership check');
    throw new NotLeaderError(`${this.self.id} lost leadership: its guarded write was rejected`);
  }

  private async stillHoldsGuard(): Promise<boolean> {
    const res = await this.ns.get(this.guardKey).exec();
    return res.kvs[0]?.create_revision === this.guardRevision;
  }

  private async observe(): Promise<void> {
    while (!this.stopped) {
      try {
        const observer = await this.election.observe();
        this.observer = observer;
        const update = (value: string | undefined) => {
          this.observed++;
          this.currentLeader = parseLeader(value);
          this.emit('leaderChanged', this.leader);
        };
        update(observer.leader());
        observer.on('change', update);
        await new Promise<void>((resolve) => {
          observer.on('error', (err) => {
            this.log.warn({ err: String(err) }, 'election observer failed; re-observing');
            resolve();
          });
          observer.on('disconnected', () => undefined);
        });
        await observer.cancel().catch(() => undefined);
      } catch (err) {
        this.log.warn({ err: String(err) }, 'cannot observe election');
      }
      if (!this.stopped) await new Promise((r) => setTimeout(r, DEFAULT_RECAMPAIGN_DELAY_MS));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.expiryTimer) clearInterval(this.expiryTimer);
    if (this.checkTimer) clearInterval(this.checkTimer);
    const wasLeading = this.leading;
    this.leading = false;
    if (wasLeading) this.emit('deposed', 'stopping');
    await this.campaign?.resign().catch(() => undefined);
    await this.observer?.cancel().catch(() => undefined);
  }
}

function parseLeader(value: string | undefined): LeaderIdentity | undefined {
  if (!value) return undefined;
  try {
    const v = JSON.parse(value) as LeaderIdentity;
    return typeof v.id === 'string' && typeof v.address === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
