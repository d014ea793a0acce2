// Explain: the planner's records on the leader (every decision and every "no action" for a
// candidate, with its inputs), the latest N per microshard, per node and for the whole cluster,
// and Admin.Explain answering from them. Soft state like the load store: a new leader starts
// empty (decisions are also lifecycle events in etcd). A follower forwards the call to the leader
// once, as PredictLoad does.
import * as grpc from '@grpc/grpc-js';
import { unary } from '../platform/handlers.js';
import { v1 } from '../platform/proto.js';
import { deadline } from '../platform/server.js';
import { channelCredentials, type TransportSecurity } from '../platform/security.js';
import { InvalidArgumentError, NotFoundError, NotLeaderError, ShardcastError, UnavailableError } from '../platform/errors.js';
import type { AdminClient, AdminHandlers } from '../generated/proto/shardcast/v1/Admin.js';
import type { ExplainRecord } from '../generated/proto/shardcast/v1/ExplainRecord.js';
import type { ExplainRequest__Output } from '../generated/proto/shardcast/v1/ExplainRequest.js';
import type { ExplainResponse, ExplainResponse__Output } from '../generated/proto/shardcast/v1/ExplainResponse.js';
import type { Leadership } from './leadership.js';
import type { ClusterState } from './state.js';
import { DEFAULT_FORWARD_DEADLINE_MS, FORWARDED_HEADER } from './predict-load.js';

/** Records of the cluster and of the owner node returned as context with a microshard's. */
export const DEFAULT_EXPLAIN_CONTEXT = 4;
/** Records of a microshard that no longer exists are dropped this long after its last one. */
export const DEFAULT_EXPLAIN_RETENTION_MS = 3_600_000;

const DECIMAL = /^\d{1,20}$/;

/** One stored record (the proto shape with numbers, before encoding). */
export interface StoredExplain {
  atMs: number;
  round: number;
  microshardId: string;
  nodeId: string;
  outcome: 'decision' | 'no-action';
  candidate: string;
  reason: string;
  operatorId: string;
  kind: string;
  execution: string;
  policy: string;
  gain: number;
  cost: number;
  load: number;
  forecastP50: number;
  forecastP90: number;
  inputs: Record<string, unknown>;
}

/** JSON with bigints as decimal strings (planner inputs may carry positions). */
export function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

export function recordToProto(r: StoredExplain): ExplainRecord {
  return {
    atMs: String(r.atMs),
    round: String(Math.max(0, r.round)),
    microshardId: r.microshardId,
    nodeId: r.nodeId,
    outcome: r.outcome,
    candidate: r.candidate,
    reason: r.reason,
    operatorId: r.operatorId,
    kind: r.kind,
    execution: r.execution,
    policy: r.policy,
    gain: r.gain,
    cost: r.cost,
    load: r.load,
    forecastP50: r.forecastP50,
    forecastP90: r.forecastP90,
    inputsJson: toJson(r.inputs),
  };
}

/** A bounded ring of records per key. */
export class ExplainStore {
  private readonly byKey = new Map<string, StoredExplain[]>();

  constructor(readonly perKey: number) {}

  private static keyOf(r: Pick<StoredExplain, 'microshardId' | 'nodeId'>): string {
    if (r.microshardId) return `m:${r.microshardId}`;
    if (r.nodeId) return `n:${r.nodeId}`;
    return 'cluster';
  }

  add(r: StoredExplain): void {
    const key = ExplainStore.keyOf(r);
    let list = this.byKey.get(key);
    if (!list) this.byKey.set(key, (list = []));
    list.push(r);
    if (list.length > this.perKey) list.splice(0, list.length - this.perKey);
  }

  /** The microshard's records, oldest first (at most `limit`; 0 = all kept). */
  forMicroshard(id: string, limit = 0): StoredExplain[] {
    const list = this.byKey.get(`m:${id}`) ?? [];
    return limit > 0 ? list.slice(-limit) : [...list];
  }

  has(id: string): boolean {
    return this.byKey.has(`m:${id}`);
  }

  /** The latest records about a node and about the whole cluster, oldest first. */
  context(nodeId: string | undefined, n = DEFAULT_EXPLAIN_CONTEXT): StoredExplain[] {
    const out = [...(this.byKey.get('cluster') ?? []).slice(-n), ...(nodeId ? (this.byKey.get(`n:${nodeId}`) ?? []).slice(-n) : [])];
    return out.sort((a, b) => a.atMs - b.atMs);
  }

  /** Drops records of microshards that no longer exist once they are older than `retentionMs`. */
  prune(exists: (id: string) => boolean, nowMs: number, retentionMs = DEFAULT_EXPLAIN_RETENTION_MS): void {
    for (const [key, list] of this.byKey) {
      if (!key.startsWith('m:') || exists(key.slice(2))) continue;
      if (nowMs - (list[list.length - 1]?.atMs ?? 0) > retentionMs) this.byKey.delete(key);
    }
  }

  clear(): void {
    this.byKey.clear();
  }

  get keys(): number {
    return this.byKey.size;
  }
}

/** What Explain reports about the loop besides the records. */
export interface PlannerStatus {
  intervalMs: number;
  policy: string;
  lastRoundAtMs: number;
  skippedBecause: string;
}

export interface ExplainContext {
  selfId: string;
  leadership: Leadership;
  state: ClusterState;
  security: TransportSecurity;
  /** Clients to the leader for forwarded calls, owned (and closed on stop) by the coordinator. */
  forwardClients?: Map<string, AdminClient>;
  store: ExplainStore;
  status: () => PlannerStatus;
}

/** An error the leader answered, passed through with its status. */
class ForwardedError extends ShardcastError {
  override readonly code: grpc.status;
  constructor(code: grpc.status, message: string) {
    super(message);
    this.code = code;
  }
}

/** The leader's answer from its explain store. */
export function answerExplain(ctx: ExplainContext, req: ExplainRequest__Output): ExplainResponse {
  const raw = req.microshardId ?? '';
  if (!DECIMAL.test(raw)) throw new InvalidArgumentError(`microshard_id must be a decimal id, got "${raw}"`);
  const id = BigInt(raw).toString();
  const m = ctx.state.microshards.get(id)?.value;
  if (!m && !ctx.store.has(id)) throw new NotFoundError(`microshard ${id} does not exist (and the leader holds no planner record of it)`);
  const st = ctx.status();
  return {
    microshardId: id,
    records: ctx.store.forMicroshard(id, req.limit).map(recordToProto),
    context: ctx.store.context(m?.owner).map(recordToProto),
    plannerIntervalMs: String(st.intervalMs),
    policy: st.policy,
    lastRoundAtMs: String(st.lastRoundAtMs),
    skippedBecause: st.skippedBecause,
    answeredBy: ctx.selfId,
  };
}

export function explainHandler(ctx: ExplainContext, auth: (call: { metadata: grpc.Metadata }) => void): AdminHandlers['Explain'] {
  const clients = ctx.forwardClients ?? new Map<string, AdminClient>();
  const forward = (address: string, req: ExplainRequest__Output, incoming: grpc.Metadata, callDeadline: grpc.Deadline): Promise<ExplainResponse__Output> => {
    let c = clients.get(address);
    if (!c) {
      c = new v1.Admin(address, channelCredentials(ctx.security));
      clients.set(address, c);
    }
    const md = new grpc.Metadata();
    const token = incoming.get('authorization')[0];
    if (token) md.set('authorization', token);
    md.set(FORWARDED_HEADER, ctx.selfId);
    const mine = deadline(DEFAULT_FORWARD_DEADLINE_MS);
    const theirs = callDeadline instanceof Date ? callDeadline : Number.isFinite(callDeadline) ? new Date(callDeadline as number) : mine;
    return new Promise((resolve, reject) =>
      c.Explain({ microshardId: req.microshardId, limit: req.limit }, md, { deadline: theirs < mine ? theirs : mine }, (err, res) => (err ? reject(new ForwardedError(err.code, err.details || err.message)) : resolve(res!))),
    );
  };
  return unary(async (call) => {
    auth(call);
    const req = call.request;
    if (!DECIMAL.test(req.microshardId ?? '')) throw new InvalidArgumentError(`microshard_id must be a decimal id, got "${req.microshardId}"`);
    if (ctx.leadership.isLeader) return answerExplain(ctx, req);
    const leader = ctx.leadership.leader;
    if (!leader?.address || leader.id === ctx.selfId) throw new UnavailableError('no coordinator leads right now (election under way); retry shortly');
    if (call.metadata.get(FORWARDED_HEADER)[0]) {
      throw new NotLeaderError(`${ctx.selfId} is not the leader and planner records are held by the leader only; ask ${leader.id} at ${leader.address}`);
    }
    return forward(leader.address, req, call.metadata, call.getDeadline());
  });
}
