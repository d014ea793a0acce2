// Admin.Explain: a microshard's planner records (planner/explain-store.ts) with the records of its
// node and the cluster as context. The records live on the leader; a follower forwards the call
// to the leader once (cluster/forward.ts).
import * as grpc from '@grpc/grpc-js';
import { unary } from '../../platform/handlers.js';
import { InvalidArgumentError, NotFoundError } from '../../platform/errors.js';
import type { AdminHandlers } from '../../generated/proto/shardcast/v1/Admin.js';
import type { ExplainRecord } from '../../generated/proto/shardcast/v1/ExplainRecord.js';
import type { ExplainRequest__Output } from '../../generated/proto/shardcast/v1/ExplainRequest.js';
import type { ExplainResponse, ExplainResponse__Output } from '../../generated/proto/shardcast/v1/ExplainResponse.js';
import type { Leadership } from '../cluster/leadership.js';
import type { ClusterState } from '../cluster/state.js';
import type { LeaderForwarder } from '../cluster/forward.js';
import { toJson, type ExplainStore, type PlannerStatus, type StoredExplain } from '../planner/explain-store.js';

const DECIMAL = /^\d{1,20}$/;

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
export interface ExplainContext {
  selfId: string;
  leadership: Leadership;
  state: ClusterState;
  /** How a follower passes the call on to the leader. */
  forward: LeaderForwarder;
  store: ExplainStore;
  status: () => PlannerStatus;
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
  return unary(async (call) => {
    auth(call);
    const req = call.request;
    if (!DECIMAL.test(req.microshardId ?? '')) throw new InvalidArgumentError(`microshard_id must be a decimal id, got "${req.microshardId}"`);
    return ctx.forward.leaderOr<ExplainResponse__Output | ExplainResponse>('Explain', { microshardId: req.microshardId, limit: req.limit }, call.metadata, call.getDeadline(), 'planner records', () => answerExplain(ctx, req));
  });
}
