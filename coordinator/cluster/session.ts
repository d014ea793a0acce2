// The Coordinator service: one Session stream per sidecar (hello, heartbeats that renew the
// node's etcd lease, route table pushed down) and GetLeader.
import * as grpc from '@grpc/grpc-js';
import type { Namespace } from 'etcd3';
import type { Logger } from '../../platform/logger.js';
import { unary } from '../../platform/handlers.js';
import { InvalidArgumentError, PermissionDeniedError } from '../../platform/errors.js';
import { callerIdentity } from '../../platform/authz.js';
import { describeIdentity } from '../../platform/identity.js';
import type { SidecarMessage__Output } from '../../generated/proto/shardcast/v1/SidecarMessage.js';
import type { CoordinatorMessage } from '../../generated/proto/shardcast/v1/CoordinatorMessage.js';
import type { Hello__Output } from '../../generated/proto/shardcast/v1/Hello.js';
import type { CoordinatorHandlers } from '../../generated/proto/shardcast/v1/Coordinator.js';
import type { RouteUpdateWire } from '../../core/route-table.js';
import type { Leadership } from './leadership.js';
import type { ClusterState, NodeRecord } from './state.js';
import { NodeLeases, LeaseExpiredError } from './node-leases.js';
import type { LeaderDuties } from './leader.js';
import { nodeKey } from './keys.js';
import type { LoadStore, IngestOutcome } from './load-store.js';
import type { Bid__Output } from '../../generated/proto/shardcast/v1/Bid.js';
import type { AnomalyReport__Output } from '../../generated/proto/shardcast/v1/AnomalyReport.js';

/** A session that has not said hello within this time is closed. */
export const DEFAULT_HELLO_TIMEOUT_MS = 5_000;

const NODE_ID = /^[A-Za-z0-9._-]{1,64}$/;
const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

type SessionCall = grpc.ServerDuplexStream<SidecarMessage__Output, CoordinatorMessage>;

interface LiveSession {
  nodeId: string;
  leaseId: string;
  call: SessionCall;
  close(code: grpc.status, message: string): void;
  /** Writes on this session (dropped once it closed). */
  send(msg: CoordinatorMessage): void;
}

/** Where load reports go (the leader's load store) and who hears about each one (metrics). */
export interface LoadSink {
  loads: LoadStore;
  onReport?: (outcome: IngestOutcome | 'invalid') => void;
}

export interface SessionOptions {
  nodeLeaseTtlMs: number;
  heartbeatIntervalMs: number;
  leaderId: string;
}

export class SessionService {
  private readonly sessions = new Map<string, LiveSession>();
  /** Where bids go (the leader's auction house, coordinator/planner/auction.ts). */
  private onBid: ((nodeId: string, bid: Bid__Output) => void) | undefined;
  /** Where anomaly reports go (the leader's anomaly store and what acts on it). */
  private onAnomaly: ((nodeId: string, report: AnomalyReport__Output) => void) | undefined;

  constructor(
    private readonly ns: Namespace,
    private readonly leadership: Leadership,
    private readonly state: ClusterState,
    private readonly leases: NodeLeases,
    private readonly duties: LeaderDuties,
    private readonly opts: SessionOptions,
    private readonly log: Logger,
    private readonly loadSink?: LoadSink,
  ) {}

  get liveSessions(): number {
    return this.sessions.size;
  }

  handlers(): CoordinatorHandlers {
    return {
      Session: (call: SessionCall) => this.onSession(call),
      GetLeader: unary(() => {
        const l = this.leadership.leader;
        return { leaderId: l?.id ?? '', address: l?.address ?? '', answeredByLeader: this.leadership.isLeader };
      }),
    };
  }

  /** Routes Bid messages to `handler` (it may throw InvalidArgumentError to end the session). */
  setBidHandler(handler: (nodeId: string, bid: Bid__Output) => void): void {
    this.onBid = handler;
  }

  /** Routes AnomalyReport messages to `handler` (it may throw InvalidArgumentError to end the session). */
  setAnomalyHandler(handler: (nodeId: string, report: AnomalyReport__Output) => void): void {
    this.onAnomaly = handler;
  }

  /** Nodes with a live session on this replica. */
  sessionNodeIds(): string[] {
    return [...this.sessions.keys()];
  }

  /** Writes `msg` on the node's session; false when it has none here. */
  send(nodeId: string, msg: CoordinatorMessage): boolean {
    const s = this.sessions.get(nodeId);
    if (!s) return false;
    s.send(msg);
    return true;
  }

  /** Ends every session (leadership lost or stopping): sidecars reconnect to the new leader. */
  closeAll(reason: string): void {
    for (const s of [...this.sessions.values()]) s.close(grpc.status.UNAVAILABLE, reason);
  }

  private onSession(call: SessionCall): void {
    let session: LiveSession | undefined;
    let closed = false;
    let lastMessageAt = Date.now();
    const onRoutes = (u: RouteUpdateWire) => write({ routes: u });
    const cleanup = () => {
      if (closed) return;
      closed = true;
      clearTimeout(helloTimer);
      clearInterval(idleTimer);
      this.state.off('routes', onRoutes);
      if (session && this.sessions.get(session.nodeId) === session) this.sessions.delete(session.nodeId);
    };
    const close = (code: grpc.status, message: string) => {
      if (closed) return;
      cleanup();
      call.emit('error', { code, details: message });
      call.destroy(Object.assign(new Error(message), { code, details: message }));
    };
    const write = (msg: CoordinatorMessage) => {
      if (!closed && !call.destroyed && call.writable) call.write(msg);
    };
    const helloTimer = setTimeout(() => close(grpc.status.INVALID_ARGUMENT, `no hello within ${DEFAULT_HELLO_TIMEOUT_MS} ms`), DEFAULT_HELLO_TIMEOUT_MS);
    // A silent sidecar (half-open connection) is dropped so its lease can lapse.
    const idleTimer = setInterval(() => {
      if (Date.now() - lastMessageAt > this.opts.nodeLeaseTtlMs) close(grpc.status.DEADLINE_EXCEEDED, 'no heartbeat within the node lease TTL');
    }, this.opts.heartbeatIntervalMs);
    idleTimer.unref();
    call.on('error', () => cleanup());
    call.on('cancelled', () => cleanup());
    call.on('end', () => {
      cleanup();
      call.end();
    });
    call.on('data', (msg: SidecarMessage__Output) => {
      lastMessageAt = Date.now();
      void (async () => {
        if (msg.hello) {
          if (session) throw new InvalidArgumentError('hello sent twice on one session');
          clearTimeout(helloTimer);
          session = await this.start(call, msg.hello, write, close);
          if (!session) return;
          this.state.on('routes', onRoutes);
          write({ routes: this.state.snapshot() });
        } else if (msg.heartbeat) {
          if (!session) throw new InvalidArgumentError('heartbeat before hello');
          const ttl = await this.leases.keepAlive(session.leaseId);
          write({ heartbeatAck: { seq: msg.heartbeat.seq, leaseTtlMs: String(ttl) } });
        } else if (msg.load) {
          if (!session) throw new InvalidArgumentError('load report before hello');
          // Into the leader's load store (what the planner and PredictLoad read). Nonsense ends the
          // session with INVALID_ARGUMENT naming it; the sidecar reconnects and resumes its lease.
          if (this.loadSink) {
            let outcome: IngestOutcome;
            try {
              outcome = this.loadSink.loads.ingest(session.nodeId, msg.load);
            } catch (err) {
              this.loadSink.onReport?.('invalid');
              this.log.warn({ node: session.nodeId, err: String(err) }, 'invalid load report');
              throw err;
            }
            this.loadSink.onReport?.(outcome);
          }
        } else if (msg.bid) {
          if (!session) throw new InvalidArgumentError('bid before hello');
          this.onBid?.(session.nodeId, msg.bid);
        } else if (msg.anomaly) {
          if (!session) throw new InvalidArgumentError('anomaly report before hello');
          this.onAnomaly?.(session.nodeId, msg.anomaly);
        } else {
          throw new InvalidArgumentError('empty session message: set one of hello, heartbeat, load, bid, anomaly');
        }
      })().catch((err: unknown) => {
        if (err instanceof LeaseExpiredError) close(grpc.status.UNAVAILABLE, `${err.message}: reconnect to start a new session`);
        else if (err instanceof InvalidArgumentError || err instanceof PermissionDeniedError) close(err.code, err.message);
        else close(grpc.status.UNAVAILABLE, err instanceof Error ? err.message : String(err));
      });
    });
  }

  private async start(call: SessionCall, hello: Hello__Output, write: (m: CoordinatorMessage) => void, close: (code: grpc.status, message: string) => void): Promise<LiveSession | undefined> {
    if (!NODE_ID.test(hello.nodeId)) throw new InvalidArgumentError(`hello.node_id must be 1-64 of A-Z a-z 0-9 . _ -, got "${hello.nodeId}"`);
    if (!HOST_PORT.test(hello.datastoreAddress)) throw new InvalidArgumentError(`hello.datastore_address must be host:port, got "${hello.datastoreAddress}"`);
    if (!HOST_PORT.test(hello.sidecarAddress)) throw new InvalidArgumentError(`hello.sidecar_address must be host:port, got "${hello.sidecarAddress}"`);
    if (!(hello.capacityOpsPerS >= 0)) throw new InvalidArgumentError('hello.capacity_ops_per_s must be >= 0');
    // With mutual TLS a sidecar speaks only for the node its certificate names.
    const caller = callerIdentity(call);
    if (caller && caller.nodeId !== hello.nodeId) throw new PermissionDeniedError(`a session for node ${hello.nodeId} needs the sidecar of ${hello.nodeId}; the caller is ${describeIdentity(caller)}`);
    if (!this.leadership.isLeader) {
      const l = this.leadership.leader;
      write({ redirect: { leaderId: l?.id ?? '', address: l?.address ?? '', answeredByLeader: false } });
      call.end();
      return undefined;
    }
    const other = this.sessions.get(hello.nodeId);
    if (other) {
      close(grpc.status.ALREADY_EXISTS, `node ${hello.nodeId} already has a live session with this leader`);
      return undefined;
    }
    // Resume the node's lease when it is still alive (reconnect, or a new leader adopting it).
    const existing = this.state.nodes.get(hello.nodeId)?.value;
    let leaseId = '';
    let resumed = false;
    if (existing?.leaseId) {
      try {
        await this.leases.keepAlive(existing.leaseId);
        leaseId = existing.leaseId;
        resumed = true;
      } catch {
        leaseId = '';
      }
    }
    if (!leaseId) leaseId = await this.leases.grant(this.opts.nodeLeaseTtlMs);
    const record: NodeRecord = {
      id: hello.nodeId,
      datastoreAddress: hello.datastoreAddress,
      sidecarAddress: hello.sidecarAddress,
      zone: hello.zone,
      region: hello.region,
      capacityOpsPerS: hello.capacityOpsPerS,
      leaseId,
      sessionStartedAtMs: resumed && existing ? existing.sessionStartedAtMs : String(Date.now()),
      labels: hello.labels ?? {},
    };
    const changed = !existing || JSON.stringify({ ...existing }) !== JSON.stringify(record);
    if (changed || !resumed) {
      const events = resumed ? [] : [{ kind: 'node_joined', nodeIds: [hello.nodeId], reason: `node ${hello.nodeId} started a session (datastore ${hello.datastoreAddress})`, actor: `leader:${this.opts.leaderId}`, inputs: { ...record } }];
      await this.duties.commitWithEvents([this.ns.put(nodeKey(hello.nodeId)).value(JSON.stringify(record)).lease(leaseId)], events);
    }
    if (this.sessions.has(hello.nodeId)) {
      close(grpc.status.ALREADY_EXISTS, `node ${hello.nodeId} already has a live session with this leader`);
      return undefined;
    }
    const session: LiveSession = { nodeId: hello.nodeId, leaseId, call, close, send: write };
    this.sessions.set(hello.nodeId, session);
    write({ welcome: { leaderId: this.opts.leaderId, leaseTtlMs: String(this.opts.nodeLeaseTtlMs), heartbeatIntervalMs: String(this.opts.heartbeatIntervalMs), leaseId } });
    this.log.info({ node: hello.nodeId, leaseId, resumed }, 'sidecar session started');
    return session;
  }
}
