// The sidecar's side of the Session stream: finds the leader from any coordinator, says hello,
// heartbeats, and reports how long its node lease is certainly valid (measured from when the
// acknowledged heartbeat was SENT: the leader renewed the lease after that, so the lease lasts
// at least until send time + TTL).
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../platform/proto.js';
import { channelCredentials, type TransportSecurity } from '../platform/security.js';
import { deadline } from '../platform/server.js';
import { ClientCache } from '../platform/client-cache.js';
import { Backoff } from '../platform/backoff.js';
import type { Logger } from '../platform/logger.js';
import type { CoordinatorClient } from '../generated/proto/shardcast/v1/Coordinator.js';
import type { CoordinatorMessage__Output } from '../generated/proto/shardcast/v1/CoordinatorMessage.js';
import type { SidecarMessage } from '../generated/proto/shardcast/v1/SidecarMessage.js';
import type { Hello } from '../generated/proto/shardcast/v1/Hello.js';
import type { LoadReport } from '../generated/proto/shardcast/v1/LoadReport.js';
import type { AuctionOpen__Output } from '../generated/proto/shardcast/v1/AuctionOpen.js';
import type { Bid } from '../generated/proto/shardcast/v1/Bid.js';
import type { AnomalyReport } from '../generated/proto/shardcast/v1/AnomalyReport.js';
import type { RouteUpdateWire } from '../core/route-table.js';

/** Backoff between attempts to reach a leader (jittered: platform/backoff.ts). */
export const DEFAULT_RECONNECT_MIN_MS = 100;
export const DEFAULT_RECONNECT_MAX_MS = 2_000;
/** Deadline of a GetLeader call. */
export const DEFAULT_GET_LEADER_DEADLINE_MS = 1_000;

type Events = {
  routes: [update: RouteUpdateWire];
  /** The node lease is valid at least until this performance.now() instant. */
  leaseRenewed: [validUntil: number, ttlMs: number];
  connected: [leaderId: string];
  disconnected: [reason: string];
  /** The leader opened an auction: answer with sendBid() before its deadline. */
  auction: [open: AuctionOpen__Output];
};

export class SessionClient extends EventEmitter<Events> {
  private readonly clients: ClientCache<CoordinatorClient>;
  private call: grpc.ClientDuplexStream<SidecarMessage, CoordinatorMessage__Output> | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private seq = 0;
  private readonly sentAt = new Map<number, number>();
  private leaderHint: string | undefined;
  leaderId = '';
  connected = false;

  constructor(
    private readonly coordinators: readonly string[],
    private readonly hello: Hello,
    security: TransportSecurity,
    private readonly log: Logger,
  ) {
    super();
    this.clients = new ClientCache((address) => new v1.Coordinator(address, channelCredentials(security)));
  }

  start(): void {
    void this.loop();
  }

  /** Ends the current session so a new one starts (e.g. to get a fresh full route table). */
  restart(reason: string): void {
    this.log.warn({ reason }, 'restarting coordinator session');
    this.call?.cancel();
  }

  private async findLeader(): Promise<string | undefined> {
    if (this.leaderHint) {
      const hint = this.leaderHint;
      this.leaderHint = undefined;
      return hint;
    }
    for (const address of this.coordinators) {
      try {
        const info = await new Promise<{ address: string; answeredByLeader: boolean }>((resolve, reject) =>
          this.clients.get(address).GetLeader({}, { deadline: deadline(DEFAULT_GET_LEADER_DEADLINE_MS) }, (err, res) => (err ? reject(err) : resolve(res!))),
        );
        if (info.answeredByLeader) return address;
        if (info.address) return info.address;
      } catch {
        // try the next replica
      }
    }
    return undefined;
  }

  private async loop(): Promise<void> {
    const backoff = new Backoff(DEFAULT_RECONNECT_MIN_MS, DEFAULT_RECONNECT_MAX_MS);
    while (!this.stopped) {
      const address = await this.findLeader();
      if (address && !this.stopped) {
        const reason = await this.runSession(address);
        if (this.connected) backoff.reset();
        this.connected = false;
        this.emit('disconnected', reason);
        if (this.leaderHint) continue;
      }
      if (this.stopped) break;
      await backoff.wait();
    }
  }

  /** One session; resolves with why it ended. */
  private runSession(address: string): Promise<string> {
    return new Promise<string>((resolve) => {
      const call = this.clients.get(address).Session();
      this.call = call;
      let done = false;
      const finish = (reason: string) => {
        if (done) return;
        done = true;
        if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
        this.heartbeatTimer = undefined;
        this.sentAt.clear();
        if (this.call === call) this.call = undefined;
        call.cancel();
        resolve(reason);
      };
      call.on('data', (msg: CoordinatorMessage__Output) => {
        if (msg.welcome) {
          const interval = Number(msg.welcome.heartbeatIntervalMs) || 1000;
          const ttl = Number(msg.welcome.leaseTtlMs);
          this.leaderId = msg.welcome.leaderId;
          this.connected = true;
          this.log.info({ leader: this.leaderId, address, ttl, interval }, 'session established');
          this.emit('connected', this.leaderId);
          const beat = () => {
            const seq = ++this.seq;
            this.sentAt.set(seq, performance.now());
            if (this.sentAt.size > 64) this.sentAt.delete(this.sentAt.keys().next().value!);
            call.write({ heartbeat: { seq } });
          };
          beat();
          this.heartbeatTimer = setInterval(beat, interval);
          this.heartbeatTimer.unref();
          (call as unknown as { leaseTtlMs: number }).leaseTtlMs = ttl;
        } else if (msg.heartbeatAck) {
          const seq = Number(msg.heartbeatAck.seq);
          const sent = this.sentAt.get(seq);
          const ttl = (call as unknown as { leaseTtlMs: number }).leaseTtlMs;
          if (sent !== undefined && ttl > 0) this.emit('leaseRenewed', sent + ttl, ttl);
        } else if (msg.routes) {
          this.emit('routes', msg.routes as unknown as RouteUpdateWire);
        } else if (msg.auction) {
          this.emit('auction', msg.auction);
        } else if (msg.redirect) {
          this.leaderHint = msg.redirect.address || undefined;
          finish(`redirected to ${msg.redirect.address || 'no leader yet'}`);
        }
      });
      call.on('error', (err: grpc.ServiceError) => finish(`session ended: ${err.details || err.message}`));
      call.on('end', () => finish('session closed by coordinator'));
      call.write({ hello: this.hello });
    });
  }

  /**
   * Sends a load report on the current session. Returns false (dropped, not queued) when no
   * session is established: a report is about one interval and the next one supersedes it.
   */
  sendLoad(report: LoadReport): boolean {
    const call = this.call;
    if (!call || !this.connected || call.destroyed || !call.writable) return false;
    call.write({ load: report });
    return true;
  }

  /** Sends the anomalies of one interval; false (dropped) when no session is up: the next interval's report supersedes it. */
  sendAnomalies(report: AnomalyReport): boolean {
    const call = this.call;
    if (!call || !this.connected || call.destroyed || !call.writable) return false;
    call.write({ anomaly: report });
    return true;
  }

  /** Answers an auction on the current session; false when no session is up (the bid is lost: "not willing"). */
  sendBid(bid: Bid): boolean {
    const call = this.call;
    if (!call || !this.connected || call.destroyed || !call.writable) return false;
    call.write({ bid });
    return true;
  }

  stop(): void {
    this.stopped = true;
    this.call?.cancel();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.clients.close();
  }
}
