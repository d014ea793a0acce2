// Admin.PredictLoad: a microshard's recent load and latest forecast (with its model version),
// looked up by id or by key. The load store is soft state on the leader, so a follower forwards
// the call to the leader (once: a forwarded call that lands on a non-leader answers
// FAILED_PRECONDITION naming the leader), and the operator can ask any replica.
import * as grpc from '@grpc/grpc-js';
import { unary } from '../platform/handlers.js';
import { v1 } from '../platform/proto.js';
import { deadline } from '../platform/server.js';
import { channelCredentials, type TransportSecurity } from '../platform/security.js';
import { InvalidArgumentError, NotFoundError, NotLeaderError, ShardcastError, UnavailableError } from '../platform/errors.js';
import type { AdminClient, AdminHandlers } from '../generated/proto/shardcast/v1/Admin.js';
import type { PredictLoadRequest__Output } from '../generated/proto/shardcast/v1/PredictLoadRequest.js';
import type { PredictLoadResponse, PredictLoadResponse__Output } from '../generated/proto/shardcast/v1/PredictLoadResponse.js';
import { keyPosition } from '../core/keyspace.js';
import { findRangeIndex } from '../core/ranges.js';
import { toWire, type Microshard } from '../core/microshard.js';
import type { Leadership } from './leadership.js';
import type { ClusterState } from './state.js';
import type { LoadStore } from './load-store.js';

/** Metadata a follower sets when it forwards the call, so it is forwarded at most once. */
export const FORWARDED_HEADER = 'x-shardcast-forwarded-by';
/** Deadline of the forwarded call (capped by the caller's own). */
export const DEFAULT_FORWARD_DEADLINE_MS = 4_000;
/** Largest key accepted (as Sidecar.Route). */
export const MAX_PREDICT_KEY_BYTES = 64 * 1024;

const DECIMAL = /^\d{1,20}$/;

export interface PredictLoadContext {
  selfId: string;
  leadership: Leadership;
  state: ClusterState;
  loads: LoadStore;
  security: TransportSecurity;
  /** Clients to the leader for forwarded calls, owned (and closed on stop) by the coordinator. */
  forwardClients?: Map<string, AdminClient>;
}

/** An error the leader answered, passed through with its status. */
class ForwardedError extends ShardcastError {
  override readonly code: grpc.status;
  constructor(code: grpc.status, message: string) {
    super(message);
    this.code = code;
  }
}

function microshardFor(state: ClusterState, req: PredictLoadRequest__Output): Microshard {
  if (req.target === 'microshardId') {
    const id = req.microshardId ?? '';
    if (!DECIMAL.test(id)) throw new InvalidArgumentError(`microshard_id must be a decimal id, got "${id}"`);
    const m = state.microshards.get(BigInt(id).toString())?.value;
    if (!m) throw new NotFoundError(`microshard ${id} does not exist`);
    return m;
  }
  if (req.target === 'key') {
    const key = req.key ?? Buffer.alloc(0);
    if (key.length === 0) throw new InvalidArgumentError('key must not be empty');
    if (key.length > MAX_PREDICT_KEY_BYTES) throw new InvalidArgumentError(`key is ${key.length} bytes; the limit is ${MAX_PREDICT_KEY_BYTES}`);
    const sorted = state.microshardList();
    if (sorted.length === 0) throw new NotFoundError('the cluster has no microshards yet');
    return sorted[findRangeIndex(sorted, keyPosition(key))]!;
  }
  throw new InvalidArgumentError('set microshard_id or key');
}

/** The leader's answer from its load store. */
export function answerPredictLoad(ctx: PredictLoadContext, req: PredictLoadRequest__Output): PredictLoadResponse {
  const m = microshardFor(ctx.state, req);
  const f = ctx.loads.forecast(m.id);
  if (!f) {
    const load = ctx.loads.load(m.id);
    throw new UnavailableError(
      `no forecast yet for microshard ${m.id} (owner ${m.owner || 'none'}${load ? `; its latest load report carried none` : ''}): forecasts arrive with the owner's load reports, one per interval; retry shortly`,
    );
  }
  const n = req.history > 0 ? Math.min(req.history, ctx.loads.recentIntervals) : ctx.loads.recentIntervals;
  return {
    microshard: toWire(m),
    reportedBy: f.nodeId,
    history: ctx.loads.history(m.id, n).map((p) => ({ intervalStartMs: String(p.intervalStartMs), reads: String(p.reads), writes: String(p.writes), ops: String(p.reads + p.writes) })),
    forecast: {
      microshardId: f.microshardId,
      quantiles: [...f.quantiles],
      values: f.values.map((v) => ({ values: Array.from(v) })),
      modelVersion: f.modelVersion,
      method: f.method,
      intervalMs: String(f.intervalMs),
      startMs: String(f.startMs),
      season: f.season,
      historyPoints: f.historyPoints,
    },
    asOfMs: String(f.receivedAtMs),
    answeredBy: ctx.selfId,
  };
}

export function predictLoadHandler(ctx: PredictLoadContext, auth: (call: { metadata: grpc.Metadata }) => void): AdminHandlers['PredictLoad'] {
  const clients = ctx.forwardClients ?? new Map<string, AdminClient>();
  const forward = (address: string, req: PredictLoadRequest__Output, incoming: grpc.Metadata, callDeadline: grpc.Deadline): Promise<PredictLoadResponse__Output> => {
    let c = clients.get(address);
    if (!c) {
      c = new v1.Admin(address, channelCredentials(ctx.security));
      clients.set(address, c);
    }
    const md = new grpc.Metadata();
    const auth = incoming.get('authorization')[0];
    if (auth) md.set('authorization', auth);
    md.set(FORWARDED_HEADER, ctx.selfId);
    const mine = deadline(DEFAULT_FORWARD_DEADLINE_MS);
    const theirs = callDeadline instanceof Date ? callDeadline : Number.isFinite(callDeadline) ? new Date(callDeadline as number) : mine;
    const body = req.target === 'key' ? { key: req.key, history: req.history } : { microshardId: req.microshardId, history: req.history };
    return new Promise((resolve, reject) =>
      c.PredictLoad(body, md, { deadline: theirs < mine ? theirs : mine }, (err, res) => (err ? reject(new ForwardedError(err.code, err.details || err.message)) : resolve(res!))),
    );
  };
  return unary(async (call) => {
    auth(call);
    const req = call.request;
    if (req.target !== 'microshardId' && req.target !== 'key') throw new InvalidArgumentError('set microshard_id or key');
    if (ctx.leadership.isLeader) return answerPredictLoad(ctx, req);
    const leader = ctx.leadership.leader;
    // No leader, or this replica is still named leader while stepping down: an election is under way.
    if (!leader?.address || leader.id === ctx.selfId) throw new UnavailableError(`no coordinator leads right now (election under way); retry shortly`);
    const forwardedBy = call.metadata.get(FORWARDED_HEADER)[0];
    if (forwardedBy) {
      throw new NotLeaderError(`${ctx.selfId} is not the leader and load is held by the leader only; ask ${leader.id} at ${leader.address}`);
    }
    return forward(leader.address, req, call.metadata, call.getDeadline());
  });
}
