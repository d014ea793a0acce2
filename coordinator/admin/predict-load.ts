// Admin.PredictLoad: a microshard's recent load and latest forecast (with its model version),
// looked up by id or by key. The load store is soft state on the leader, so a follower forwards
// the call to the leader (cluster/forward.ts), and the operator can ask any replica.
import * as grpc from '@grpc/grpc-js';
import { unary } from '../../platform/handlers.js';
import { InvalidArgumentError, NotFoundError, UnavailableError } from '../../platform/errors.js';
import type { AdminHandlers } from '../../generated/proto/shardcast/v1/Admin.js';
import type { PredictLoadRequest__Output } from '../../generated/proto/shardcast/v1/PredictLoadRequest.js';
import type { PredictLoadResponse, PredictLoadResponse__Output } from '../../generated/proto/shardcast/v1/PredictLoadResponse.js';
import { keyPosition } from '../../core/keyspace.js';
import { findRangeIndex } from '../../core/ranges.js';
import { toWire, type Microshard } from '../../core/microshard.js';
import type { Leadership } from '../cluster/leadership.js';
import type { ClusterState } from '../cluster/state.js';
import type { LoadStore } from '../cluster/load-store.js';
import type { LeaderForwarder } from '../cluster/forward.js';

/** Largest key accepted (as Sidecar.Route). */
export const MAX_PREDICT_KEY_BYTES = 64 * 1024;

const DECIMAL = /^\d{1,20}$/;

export interface PredictLoadContext {
  selfId: string;
  leadership: Leadership;
  state: ClusterState;
  loads: LoadStore;
  /** How a follower passes the call on to the leader. */
  forward: LeaderForwarder;
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
    return sorted[findRangeIndex(sorted, keyPosition(key, state.keySchema))]!;
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
  return unary(async (call) => {
    auth(call);
    const req = call.request;
    if (req.target !== 'microshardId' && req.target !== 'key') throw new InvalidArgumentError('set microshard_id or key');
    const body = req.target === 'key' ? { key: req.key, history: req.history } : { microshardId: req.microshardId, history: req.history };
    return ctx.forward.leaderOr<PredictLoadResponse__Output | PredictLoadResponse>('PredictLoad', body, call.metadata, call.getDeadline(), 'load', () => answerPredictLoad(ctx, req));
  });
}
