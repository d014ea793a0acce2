// The Admin service: operator reads (served by any replica from its etcd mirror) and the few
// operator actions (leader only). Optionally requires a bearer token.
import type * as grpc from '@grpc/grpc-js';
import { unary, serverStream } from '../../platform/handlers.js';
import { checkAdminToken } from '../../platform/security.js';
import { InvalidArgumentError, NotLeaderError } from '../../platform/errors.js';
import type { AdminHandlers } from '../../generated/proto/shardcast/v1/Admin.js';
import type { LifecycleEvent } from '../../generated/proto/shardcast/v1/LifecycleEvent.js';
import { toWire } from '../../core/microshard.js';
import type { Leadership } from '../cluster/leadership.js';
import type { ClusterState, LifecycleEventRecord } from '../cluster/state.js';
import type { EventLog } from '../cluster/events.js';
import { matches } from '../cluster/events.js';
import type { LeaderDuties } from '../cluster/leader.js';
import { migrationToProto, type MigrationManager } from '../migration/index.js';
import { predictLoadHandler, type PredictLoadContext } from './predict-load.js';
import { topicAdminHandlers } from '../topics/admin-handlers.js';
import type { TopicService } from '../topics/service.js';
import { capacityAdminHandlers } from '../capacity/admin-handlers.js';
import type { CapacityService } from '../capacity/service.js';
import { explainHandler, type ExplainContext } from './explain.js';

/** Most past events WatchEvents sends before following. */
export const MAX_EVENTS_REPLAY = 10_000;

const DECIMAL = /^\d{1,20}$/;
const NODE_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Lifecycle event kinds are snake_case words (anomaly, planner_move, node_lost...). */
const EVENT_KIND = /^[a-z][a-z0-9_]{0,63}$/;

export interface AdminContext {
  cluster: string;
  selfId: string;
  orphanPolicy: string;
  adminToken: string | undefined;
  leadership: Leadership;
  state: ClusterState;
  events: EventLog;
  duties: LeaderDuties;
  migrations: MigrationManager;
  /** PredictLoad reads the leader's load store (admin/predict-load.ts). */
  predictLoad: PredictLoadContext;
  /** Topic pointer table and prediction cache (coordinator/topics). */
  topics: TopicService;
  /** External metrics and the scaling loop's view (coordinator/capacity). */
  capacity: CapacityService;
  /** Explain reads the leader's planner records (admin/explain.ts). */
  explain: ExplainContext;
}

export function adminHandlers(ctx: AdminContext): AdminHandlers {
  const auth = (call: { metadata: grpc.Metadata }) => checkAdminToken(call.metadata, ctx.adminToken);
  return {
    GetStatus: unary((call) => {
      auth(call);
      const ms = ctx.state.microshardList();
      const leader = ctx.leadership.leader;
      const owners = new Set(ms.map((m) => m.owner).filter(Boolean));
      return {
        cluster: ctx.cluster,
        leaderId: leader?.id ?? '',
        leaderAddress: leader?.address ?? '',
        nodesTotal: new Set([...owners, ...ctx.state.liveNodeIds()]).size,
        nodesLive: ctx.state.nodes.size,
        microshardsTotal: ms.length,
        microshardsOrphaned: ms.filter((m) => m.state === 'ORPHANED' || m.owner === '').length,
        orphanPolicy: ctx.orphanPolicy,
        revision: ctx.state.revision.toString(),
        answeredBy: ctx.selfId,
      };
    }),
    ListNodes: unary((call) => {
      auth(call);
      const counts = new Map<string, number>();
      for (const m of ctx.state.microshardList()) if (m.owner) counts.set(m.owner, (counts.get(m.owner) ?? 0) + 1);
      const nodes = ctx.state.nodeAddresses().map((n) => {
        const rec = ctx.state.nodes.get(n.id)?.value;
        return {
          node: {
            ...n,
            capacityOpsPerS: rec?.capacityOpsPerS ?? 0,
            leaseId: rec?.leaseId ?? '0',
            sessionStartedAtMs: rec?.sessionStartedAtMs ?? '0',
            labels: rec?.labels ?? {},
          },
          microshards: counts.get(n.id) ?? 0,
          draining: ctx.state.draining.has(n.id),
        };
      });
      nodes.sort((a, b) => (a.node.id < b.node.id ? -1 : 1));
      return { nodes };
    }),
    ListMicroshards: unary((call) => {
      auth(call);
      const { owner, limit } = call.request;
      if (owner && !NODE_ID.test(owner)) throw new InvalidArgumentError(`owner must be a node id, got "${owner}"`);
      let ms = ctx.state.microshardList();
      if (owner) ms = ms.filter((m) => m.owner === owner);
      if (limit > 0) ms = ms.slice(0, limit);
      return { microshards: ms.map(toWire), revision: ctx.state.revision.toString() };
    }),
    WatchEvents: serverStream(async (call) => {
      auth(call);
      const { last, follow, microshardId, nodeId, kind } = call.request;
      if (microshardId && !DECIMAL.test(microshardId)) throw new InvalidArgumentError(`microshard_id must be a decimal id, got "${microshardId}"`);
      if (nodeId && !NODE_ID.test(nodeId)) throw new InvalidArgumentError(`node_id must be a node id, got "${nodeId}"`);
      if (kind && !EVENT_KIND.test(kind)) throw new InvalidArgumentError(`kind must be an event kind (lower case letters, digits and _), got "${kind}"`);
      const filter = { microshardId: microshardId || undefined, nodeId: nodeId || undefined, kind: kind || undefined };
      let lastSeq = 0n;
      const send = (e: LifecycleEventRecord) => {
        if (BigInt(e.seq) <= lastSeq || !matches(e, filter)) return;
        lastSeq = BigInt(e.seq);
        call.write(e as LifecycleEvent);
      };
      // Subscribe before reading the past, so nothing falls between the two.
      const buffered: LifecycleEventRecord[] = [];
      let replaying = true;
      const onEvent = (e: LifecycleEventRecord) => (replaying ? buffered.push(e) : send(e));
      if (follow) ctx.state.on('event', onEvent);
      try {
        for (const e of await ctx.events.recent(Math.min(last, MAX_EVENTS_REPLAY), filter)) send(e);
        replaying = false;
        for (const e of buffered) send(e);
      } catch (err) {
        ctx.state.off('event', onEvent);
        throw err;
      }
      if (!follow) {
        call.end();
        return;
      }
      await new Promise<void>((resolve) => {
        call.on('cancelled', resolve);
        call.on('close', resolve);
        call.on('error', resolve);
      });
      ctx.state.off('event', onEvent);
    }),
    Reassign: unary(async (call) => {
      auth(call);
      const { microshardId, toNode, requestedBy } = call.request;
      if (!DECIMAL.test(microshardId)) throw new InvalidArgumentError(`microshard_id must be a decimal id, got "${microshardId}"`);
      if (toNode && !NODE_ID.test(toNode)) throw new InvalidArgumentError(`to_node must be a node id, got "${toNode}"`);
      if (!ctx.leadership.isLeader) {
        const l = ctx.leadership.leader;
        throw new NotLeaderError(`${ctx.selfId} is not the leader; send operator actions to ${l ? `${l.id} at ${l.address}` : 'the leader (none elected yet)'}`);
      }
      const m = await ctx.duties.reassign(BigInt(microshardId).toString(), toNode, requestedBy || 'unknown');
      return { microshard: toWire(m) };
    }),
    ...migrationHandlers(ctx, auth),
    PredictLoad: predictLoadHandler(ctx.predictLoad, auth),
    Explain: explainHandler(ctx.explain, auth),
    ...topicAdminHandlers(ctx.topics, auth),
    ...capacityAdminHandlers(ctx.capacity, auth),
  };
}

/** Migrate, Split, Merge, Drain (leader only) and ListMigrations (any replica). */
function migrationHandlers(ctx: AdminContext, auth: (call: { metadata: grpc.Metadata }) => void): Pick<AdminHandlers, 'Migrate' | 'Split' | 'Merge' | 'Drain' | 'Undrain' | 'ListMigrations'> {
  const leaderOnly = () => {
    if (!ctx.leadership.isLeader) {
      const l = ctx.leadership.leader;
      throw new NotLeaderError(`${ctx.selfId} is not the leader; send operator actions to ${l ? `${l.id} at ${l.address}` : 'the leader (none elected yet)'}`);
    }
  };
  const actor = (who: string) => `operator:${who || 'unknown'}`;
  const id = (v: string, field: string) => {
    if (!DECIMAL.test(v)) throw new InvalidArgumentError(`${field} must be a decimal id, got "${v}"`);
    return BigInt(v).toString();
  };
  return {
    Migrate: unary(async (call) => {
      auth(call);
      const r = call.request;
      const microshardId = id(r.microshardId, 'microshard_id');
      if (!NODE_ID.test(r.toNode)) throw new InvalidArgumentError(`to_node must be a node id, got "${r.toNode}"`);
      leaderOnly();
      const out = await ctx.migrations.migrate({
        microshardId,
        toNode: r.toNode,
        dryRun: r.dryRun,
        requestedBy: actor(r.requestedBy),
        maxBytesPerS: Number(r.maxBytesPerS),
        fixedRate: r.fixedRate,
        verifyChecksums: r.verifyChecksums,
        deadlineMs: r.deadlineMs,
        holdPhase: r.holdPhase,
        holdMs: r.holdMs,
      });
      return { migration: migrationToProto(out.migration), plan: out.plan };
    }),
    Split: unary(async (call) => {
      auth(call);
      const r = call.request;
      const microshardId = id(r.microshardId, 'microshard_id');
      if (r.at && !/^[0-9a-fA-F]{1,16}$/.test(r.at)) throw new InvalidArgumentError(`at must be a hash position (1-16 hex digits), got "${r.at}"`);
      leaderOnly();
      const out = await ctx.migrations.split({ microshardId, at: r.at, dryRun: r.dryRun, requestedBy: actor(r.requestedBy) });
      return { microshards: out.microshards.map(toWire), plan: out.plan };
    }),
    Merge: unary(async (call) => {
      auth(call);
      const r = call.request;
      const a = id(r.a, 'a');
      const b = id(r.b, 'b');
      leaderOnly();
      const out = await ctx.migrations.merge({ a, b, dryRun: r.dryRun, requestedBy: actor(r.requestedBy), holdPhase: r.holdPhase, holdMs: r.holdMs });
      return { merged: out.merged ? toWire(out.merged) : null, migration: out.migration ? migrationToProto(out.migration) : null, plan: out.plan };
    }),
    Drain: unary(async (call) => {
      auth(call);
      const r = call.request;
      if (!NODE_ID.test(r.node)) throw new InvalidArgumentError(`node must be a node id, got "${r.node}"`);
      leaderOnly();
      const out = await ctx.migrations.drain({ node: r.node, dryRun: r.dryRun, requestedBy: actor(r.requestedBy) });
      return { migrations: out.migrations.map(migrationToProto), plan: out.plan };
    }),
    Undrain: unary(async (call) => {
      auth(call);
      const r = call.request;
      if (!NODE_ID.test(r.node)) throw new InvalidArgumentError(`node must be a node id, got "${r.node}"`);
      leaderOnly();
      const was = ctx.state.draining.has(r.node);
      if (r.dryRun) return { wasDraining: was, plan: was ? `dry run: ${r.node} is draining; undrain would let it take new microshards again` : `dry run: ${r.node} is not draining: nothing to do` };
      await ctx.migrations.undrain(r.node, actor(r.requestedBy));
      return { wasDraining: was, plan: was ? `${r.node} takes new microshards again` : `${r.node} was not draining: nothing changed` };
    }),
    ListMigrations: unary(async (call) => {
      auth(call);
      const all = await ctx.migrations.list(true, 0);
      const shown = call.request.all ? all : all.filter((m) => m.phase !== 'DONE' && m.phase !== 'ABORTED');
      const limited = call.request.limit > 0 ? shown.slice(0, call.request.limit) : shown;
      return {
        migrations: limited.map(migrationToProto),
        maxPerNode: ctx.migrations.opts.maxPerNode,
        bytesPerSPerNode: String(ctx.migrations.opts.bytesPerS),
        nodes: ctx.migrations.loads(all),
      };
    }),
  };
}
