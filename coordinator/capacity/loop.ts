// The proactive scaling loop on the leader. Every interval: read forecasts (the load store), build
// the capacity snapshot, decide with the capacity core, and act:
//   provision -> ask the provisioner for node(s) sized by adaptive sizing, wait until each opens
//                its session, move the hot topics' microshards onto it (the migration manager),
//                and record when the pointer table points at the new node;
//   retire    -> drain the node through the migration manager, wait until it owns nothing, ask
//                the provisioner to stop it;
//   none      -> recorded as an event when its reason changes, else at most every noActionEventEveryMs.
// Every decision is a lifecycle event carrying the forecast, timing, cost and gain. Nodes the loop
// provisioned are recorded in etcd (capacity/managed/<node>) in the same transaction as their
// event, so a new leader knows which nodes it may retire. One action at a time.
import type { Namespace } from 'etcd3';
import type { Logger } from '../../platform/logger.js';
import {
  capacityConfig,
  costModel,
  decideScale,
  planScaleMoves,
  recommendSize,
  sizingConfig,
  typeOf,
  usableCapacity,
  type CapacityConfig,
  type CostModel,
  type ScaleDecision,
  type ScaleMemory,
  type SizingConfig,
} from '../../core/capacity/index.js';
import { keyPosition } from '../../core/keyspace.js';
import { findRangeIndex } from '../../core/ranges.js';
import type { LoadStore } from '../cluster/load-store.js';
import type { ClusterState } from '../cluster/state.js';
import type { NewEvent } from '../cluster/events.js';
import { LeaderTerm } from '../cluster/leader-term.js';
import type { Provisioner } from './provisioners/provisioner.js';
import type { CapacityMetrics } from './provisioners/metrics.js';
import { buildCapacityView, type CapacityView } from './view.js';
import type { TopicCollector } from '../topics/collector.js';
import type { ExternalMetricsStore } from './metrics-store.js';
import type { CapacityOptions } from './config.js';

/** etcd prefix (in the cluster namespace) of the records of nodes the loop provisioned. */
export const MANAGED_PREFIX = 'capacity/managed/';
/** While a node drains for retirement, what it still owns is drained again this often. */
export const DEFAULT_REDRAIN_MS = 3_000;
/** How often a wait (node joining, drain, cutover) looks again. */
export const DEFAULT_WAIT_POLL_MS = 250;
/** Topics considered hot per overloaded node (the busiest by predicted p90 rate). */
export const DEFAULT_HOT_TOPICS = 5;

export interface ManagedNode {
  nodeId: string;
  provisioner: string;
  type: string;
  cpu: number;
  memoryMb: number;
  provisionedAtMs: number;
  reason: string;
}

/** The migration orchestrator, as the loop uses it (MigrationManager fits). */
export interface MigrationApi {
  migrate(input: { microshardId: string; toNode: string; dryRun: boolean; requestedBy: string; reason?: string }): Promise<{ migration: { id: string; phase: string } }>;
  drain(input: { node: string; dryRun: boolean; requestedBy: string }): Promise<{ migrations: Array<{ id: string }>; plan: string }>;
  /** Lifts a drain's "no new microshards" mark. */
  undrain(node: string, requestedBy?: string): Promise<unknown>;
}

export interface LeaderWrites {
  readonly actor: string;
  commitEvents(events: NewEvent[]): Promise<void>;
  commitWithEvents(ops: import('etcd3').IOperation[], events: NewEvent[]): Promise<void>;
}

export interface ScalerDeps {
  ns: Namespace;
  state: ClusterState;
  loads: LoadStore;
  duties: LeaderWrites;
  isLeader: () => boolean;
  migrations: MigrationApi;
  provisioner: Provisioner | undefined;
  collector: TopicCollector;
  external: ExternalMetricsStore;
  cluster: string;
  /** Coordinator addresses a new sidecar dials (this replica first). */
  coordinators: () => Promise<string[]>;
  options: CapacityOptions;
  log: Logger;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

export class CapacityLoop {
  readonly model: CostModel;
  readonly cfg: CapacityConfig;
  readonly sizing: SizingConfig;
  private memory: ScaleMemory = {};
  private readonly leaderTerm: LeaderTerm;
  private busy: Promise<void> | undefined;
  private readonly managedNodes = new Map<string, ManagedNode>();
  private readonly provisioningIds = new Set<string>();
  private readonly retiringIds = new Set<string>();
  /** Since when each managed node has had no live session (forgetGone). */
  private readonly goneSince = new Map<string, number>();
  /** Measured provisioning times (ms), newest last: the lead time uses their mean. */
  private readonly provisionTimes: number[] = [];
  private lastNoAction: { reason: string; atMs: number } | undefined;
  lastDecision: ScaleDecision | undefined;
  lastDecisionAtMs = 0;
  lastView: CapacityView | undefined;
  private autoSeq = 0;
  private metrics: CapacityMetrics | undefined;

  constructor(private readonly deps: ScalerDeps) {
    const o = deps.options;
    this.leaderTerm = new LeaderTerm(deps.isLeader);
    this.model = costModel(o.costModel);
    this.cfg = capacityConfig(o.capacity);
    this.sizing = sizingConfig(o.sizing);
  }

  attachMetrics(m: CapacityMetrics): void {
    this.metrics = m;
  }

  get provisionerKind(): string {
    return this.deps.provisioner?.kind ?? 'none';
  }

  get intervalMs(): number {
    return this.deps.options.scaleIntervalMs;
  }

  managed(): ManagedNode[] {
    return [...this.managedNodes.values()];
  }

  provisioning(): number {
    return this.provisioningIds.size;
  }

  retiring(): number {
    return this.retiringIds.size;
  }

  desiredNodes(): number | undefined {
    return this.lastDecision?.desiredNodes;
  }

  /** Elected: load the managed-node records, start the rounds (when the loop is on). */
  async onElected(): Promise<void> {
    const term = this.leaderTerm.begin();
    this.memory = {};
    this.lastNoAction = undefined;
    const kvs = await this.deps.ns.getAll().prefix(MANAGED_PREFIX).strings();
    if (!this.leaderTerm.isCurrent(term)) return;
    this.managedNodes.clear();
    for (const v of Object.values(kvs)) {
      try {
        const m = JSON.parse(v) as ManagedNode;
        this.managedNodes.set(m.nodeId, m);
      } catch {
        this.deps.log.warn('unreadable managed-node record; ignored');
      }
    }
    if (this.intervalMs > 0) this.leaderTerm.every(this.intervalMs, () => void this.round());
  }

  onDeposed(): void {
    this.leaderTerm.end();
  }

  stop(): void {
    this.onDeposed();
  }

  /** The capacity view as of now (also what GetCapacity shows). */
  view(nowMs = Date.now()): CapacityView {
    const p = this.deps.provisioner;
    return buildCapacityView({
      state: this.deps.state,
      loads: this.deps.loads,
      metrics: this.deps.external,
      model: this.model,
      sizing: this.sizing,
      managed: new Set(this.managedNodes.keys()),
      retiring: this.retiringIds,
      // Without a provisioner the loop only recommends: any node may be named.
      retirable: (id) => !p || p.canRetire(id),
      nowMs,
    });
  }

  /**
   * Forgets managed nodes that are gone: no live session for managedGoneAfterMs (a local node that
   * ended with the leader that started it, a node stopped outside shardcast). Their microshards
   * were already handled by the orphan policy; only the record and the managed count were stale.
   */
  private async forgetGone(nowMs: number, term: number): Promise<void> {
    const after = this.deps.options.managedGoneAfterMs;
    for (const [id, rec] of [...this.managedNodes]) {
      if (this.deps.state.nodes.has(id) || this.provisioningIds.has(id) || this.retiringIds.has(id)) {
        this.goneSince.delete(id);
        continue;
      }
      const since = this.goneSince.get(id) ?? nowMs;
      this.goneSince.set(id, since);
      if (nowMs - since < after || nowMs - rec.provisionedAtMs < after || !this.leaderTerm.alive(term)) continue;
      await this.deps.duties.commitWithEvents(
        [this.deps.ns.delete().key(MANAGED_PREFIX + id)],
        [{ kind: 'managed_node_gone', reason: `${id} (started by the ${rec.provisioner} provisioner) has had no live session for ${round((nowMs - since) / 1000, 1)} s: forgotten, no longer counted as managed`, actor: this.actor, nodeIds: [id], inputs: { record: rec } }],
      );
      this.managedNodes.delete(id);
      this.goneSince.delete(id);
    }
  }

  /** One round (public for tests): decide, then act in the background. */
  async round(nowMs = Date.now()): Promise<ScaleDecision | undefined> {
    const term = this.leaderTerm.current;
    if (!this.leaderTerm.alive(term) || this.busy) return undefined;
    await this.forgetGone(nowMs, term).catch((err) => this.deps.log.warn({ err: String(err) }, 'could not forget a gone managed node'));
    if (!this.leaderTerm.alive(term) || this.busy) return undefined;
    const view = this.view(nowMs);
    this.lastView = view;
    const decision = decideScale(
      {
        nowMs,
        stepMs: view.stepMs,
        horizon: view.horizon,
        nodes: view.nodes.map((n) => n.node),
        provisioning: this.provisioningIds.size,
        newNodeType: this.deps.options.newNodeType,
        measuredProvisionMs: this.provisionTimes.length > 0 ? this.provisionTimes.reduce((a, b) => a + b, 0) / this.provisionTimes.length : undefined,
      },
      this.model,
      this.cfg,
      this.memory,
    );
    this.memory = decision.memory;
    this.lastDecision = decision;
    this.lastDecisionAtMs = nowMs;
    this.metrics?.decisions.inc({ action: decision.action, reason: decision.reason });
    const inputs = this.eventInputs(decision, view);
    if (decision.action === 'none' || !this.deps.provisioner) {
      const why = decision.action === 'none' ? decision.reason : `${decision.action}-no-provisioner`;
      const last = this.lastNoAction;
      // Rate-limited: a new reason is recorded at once unless reasons flap (then at most 5 per period).
      const every = this.deps.options.noActionEventEveryMs;
      if (!last || nowMs - last.atMs >= every || (last.reason !== why && nowMs - last.atMs >= every / 5)) {
        this.lastNoAction = { reason: why, atMs: nowMs };
        const kind = decision.action === 'none' ? 'scale_no_action' : 'scale_recommended';
        const reason = decision.action === 'none' ? `no scale action: ${decision.explanation}` : `${decision.explanation} (recommendation only: no provisioner configured; the desired-nodes gauge says ${decision.desiredNodes})`;
        await this.deps.duties.commitEvents([{ kind, reason, actor: this.actor, nodeIds: decision.retireNode ? [decision.retireNode] : [], inputs }]).catch((err) => this.deps.log.warn({ err: String(err) }, 'could not record a scale decision'));
      }
      return decision;
    }
    this.lastNoAction = undefined;
    const act = decision.action === 'provision' ? this.provision(decision, view, inputs, term) : this.retire(decision, inputs, term);
    this.busy = act
      .catch((err) => this.deps.log.error({ err: String(err) }, `scale ${decision.action} failed`))
      .finally(() => {
        this.busy = undefined;
      });
    return decision;
  }

  /** Waits for an action in flight (tests). */
  async settled(): Promise<void> {
    await this.busy;
  }

  private get actor(): string {
    return `${this.deps.duties.actor}:autoscaler`;
  }

  private eventInputs(d: ScaleDecision, view: CapacityView): Record<string, unknown> {
    return {
      action: d.action,
      reason: d.reason,
      count: d.count,
      type: d.type,
      desiredNodes: d.desiredNodes,
      forecast: d.forecast,
      timing: d.timing,
      gain: d.money.gain,
      cost: d.money.cost,
      net: d.money.net,
      money: d.money,
      nodes: view.nodes.map((n) => ({ id: n.node.id, capacityOpsPerS: n.node.capacityOpsPerS, currentOpsPerS: round(n.node.currentOpsPerS), p90PeakOpsPerS: round(n.p90PeakOpsPerS), usableOpsPerS: round(usableCapacity(n.node, this.model, this.cfg)), microshards: n.microshards.length, forecasted: n.forecasted })),
      provisioner: this.provisionerKind,
    };
  }

  /** Topics whose home is on `nodes`, busiest first (from the prediction cache). */
  private hotTopics(nodes: ReadonlySet<string>): Map<string, string[]> {
    const sorted = this.deps.state.microshardList();
    const byMicroshard = new Map<string, string[]>();
    if (sorted.length === 0) return byMicroshard;
    const perNode = new Map<string, number>();
    for (const e of this.deps.collector.cache.list()) {
      if (e.kind !== 'concrete' || e.predictedRateP90 <= 0) continue;
      const m = sorted[findRangeIndex(sorted, keyPosition(e.topic))]!;
      if (!nodes.has(m.owner)) continue;
      const n = perNode.get(m.owner) ?? 0;
      if (n >= DEFAULT_HOT_TOPICS) continue;
      perNode.set(m.owner, n + 1);
      byMicroshard.set(m.id, [...(byMicroshard.get(m.id) ?? []), e.topic]);
    }
    return byMicroshard;
  }

  private async provision(d: ScaleDecision, view: CapacityView, inputs: Record<string, unknown>, term: number): Promise<void> {
    const p = this.deps.provisioner!;
    const o = this.deps.options;
    const t = typeOf(this.model, o.newNodeType);
    // Size each new node for its share of the shortfall (what moves onto it), at least its type's default.
    const share = d.forecast.peakShortfall / Math.max(1, d.count);
    const size = recommendSize({ type: t.type, currentOpsPerS: 0, forecastP90PeakOpsPerS: Math.max(share, t.type.capacityOpsPerS * this.cfg.targetUtilisation), dataBytes: d.money.detail.bytesToMove / Math.max(1, d.count) }, this.sizing);
    const ids: string[] = [];
    for (let i = 0; i < d.count; i++) {
      let id: string;
      do id = `${o.autoNodePrefix}${Date.now().toString(36)}${(this.autoSeq++).toString(36)}`;
      while (this.deps.state.nodes.has(id) || this.managedNodes.has(id));
      ids.push(id);
    }
    for (const id of ids) this.provisioningIds.add(id);
    await this.deps.duties.commitEvents([{ kind: 'scale_up', reason: `${d.explanation}; asking the ${p.kind} provisioner for ${ids.join(', ')} (${size.cpu} CPU, ${size.memoryMb} MiB each)`, actor: this.actor, nodeIds: ids, inputs: { ...inputs, size } }]);
    const started = Date.now();
    const joined: string[] = [];
    try {
      await Promise.all(
        ids.map(async (nodeId) => {
          let detail: string;
          try {
            const res = await p.provision({ nodeId, cluster: this.deps.cluster, type: t.name, cpu: size.cpu, memoryMb: size.memoryMb, capacityOpsPerS: t.type.capacityOpsPerS, coordinators: await this.deps.coordinators(), reason: d.explanation, deadlineMs: o.provisionTimeoutMs });
            detail = res.detail;
          } catch (err) {
            this.metrics?.provisions.inc({ result: 'failed' });
            await this.deps.duties.commitEvents([{ kind: 'node_provision_failed', reason: `provisioning ${nodeId} failed: ${(err as Error).message}`, actor: this.actor, nodeIds: [nodeId], inputs: { provisioner: p.kind } }]).catch(() => undefined);
            return;
          }
          const ok = await this.waitFor(() => this.deps.state.nodes.has(nodeId), o.provisionTimeoutMs - (Date.now() - started), term);
          if (!ok) {
            this.metrics?.provisions.inc({ result: 'timeout' });
            await this.deps.duties.commitEvents([{ kind: 'node_provision_failed', reason: `${nodeId} was provisioned (${detail}) but opened no session within ${o.provisionTimeoutMs} ms`, actor: this.actor, nodeIds: [nodeId], inputs: { provisioner: p.kind } }]).catch(() => undefined);
            return;
          }
          const took = Date.now() - started;
          this.provisionTimes.push(took);
          if (this.provisionTimes.length > 5) this.provisionTimes.shift();
          const rec: ManagedNode = { nodeId, provisioner: p.kind, type: t.name, cpu: size.cpu, memoryMb: size.memoryMb, provisionedAtMs: Date.now(), reason: d.explanation };
          await this.deps.duties.commitWithEvents([this.deps.ns.put(MANAGED_PREFIX + nodeId).value(JSON.stringify(rec))], [
            { kind: 'node_provisioned', reason: `${nodeId} is serving ${round(took / 1000, 1)} s after the request (lead time assumed ${round(d.timing.provisionMs / 1000, 1)} s): ${detail}`, actor: this.actor, nodeIds: [nodeId], inputs: { provisionMs: took, size, provisioner: p.kind, type: t.name } },
          ]);
          this.managedNodes.set(nodeId, rec);
          this.metrics?.provisions.inc({ result: 'ok' });
          joined.push(nodeId);
        }),
      );
    } finally {
      for (const id of ids) this.provisioningIds.delete(id);
    }
    if (joined.length === 0 || !this.leaderTerm.alive(term)) return;
    await this.moveOnto(joined, d, view, term);
  }

  /** Moves the hot topics' microshards (then the biggest) from the overloaded nodes onto `targets`. */
  private async moveOnto(targets: string[], d: ScaleDecision, view: CapacityView, term: number): Promise<void> {
    const usable = (id: string) => {
      const n = view.nodes.find((x) => x.node.id === id);
      return n ? usableCapacity(n.node, this.model, this.cfg) : typeOf(this.model, this.deps.options.newNodeType).type.capacityOpsPerS * this.cfg.targetUtilisation;
    };
    const sources = view.nodes.filter((n) => !targets.includes(n.node.id) && n.node.forecast).map((n) => ({ nodeId: n.node.id, usable: usable(n.node.id), p90: n.node.forecast!.p90 }));
    const hot = this.hotTopics(new Set(sources.map((s) => s.nodeId)));
    const candidates = [];
    for (const m of this.deps.state.microshardList()) {
      const f = view.microshardForecasts.get(m.id);
      if (!f || m.state !== 'ACTIVE') continue;
      candidates.push({ id: m.id, owner: m.owner, forecast: f, hotTopics: hot.get(m.id) ?? [] });
    }
    const plan = planScaleMoves(sources, targets.map((id) => ({ nodeId: id, usable: usable(id), p90: [] })), candidates, this.deps.options.maxMovesPerScale);
    if (plan.moves.length === 0) {
      await this.deps.duties.commitEvents([{ kind: 'scale_moves', reason: `no microshard to move onto ${targets.join(', ')}: ${plan.tooBig.length ? `${plan.tooBig.join(', ')} alone exceed a new node (split first)` : 'the forecast no longer shows an overloaded node'}`, actor: this.actor, nodeIds: targets, inputs: { plan } }]).catch(() => undefined);
      return;
    }
    const started: Array<{ move: (typeof plan.moves)[number]; migration: string }> = [];
    for (const mv of plan.moves) {
      if (!this.leaderTerm.alive(term)) return;
      try {
        const out = await this.deps.migrations.migrate({ microshardId: mv.microshardId, toNode: mv.to, dryRun: false, requestedBy: this.actor, reason: `scale-up: onto new node ${mv.to}${mv.hotTopics.length ? ` (hot topics ${mv.hotTopics.join(', ')})` : ''}; predicted p90 peak ${mv.peakOpsPerS} ops/s` });
        started.push({ move: mv, migration: out.migration.id });
      } catch (err) {
        this.deps.log.warn({ microshard: mv.microshardId, to: mv.to, err: String(err) }, 'scale-up move refused');
      }
    }
    await this.deps.duties.commitEvents([
      {
        kind: 'scale_moves',
        reason: `moving ${started.length} microshard(s) onto ${targets.join(', ')}${started.some((s) => s.move.hotTopics.length) ? `, hot topics first (${[...new Set(started.flatMap((s) => s.move.hotTopics))].join(', ')})` : ''}: peak utilisation after ${Object.entries(plan.utilisationAfter).map(([k, v]) => `${k} ${Math.round(v * 100)}%`).join(', ')}`,
        actor: this.actor,
        microshardIds: started.map((s) => s.move.microshardId),
        nodeIds: [...new Set([...targets, ...started.map((s) => s.move.from)])],
        inputs: { plan, migrations: started.map((s) => ({ id: s.migration, microshard: s.move.microshardId, from: s.move.from, to: s.move.to, hotTopics: s.move.hotTopics })), decisionGain: d.money.gain, decisionCost: d.money.cost },
      },
    ]);
    // The pointer table follows etcd: record when each hot topic points at its new node.
    const pending = new Map(started.map((s) => [s.move.microshardId, s.move]));
    const deadline = Date.now() + this.deps.options.drainTimeoutMs;
    while (pending.size > 0 && Date.now() < deadline && this.leaderTerm.alive(term)) {
      for (const [id, mv] of pending) {
        const m = this.deps.state.microshards.get(id)?.value;
        if (!m) pending.delete(id);
        else if (m.owner === mv.to && m.state === 'ACTIVE') {
          pending.delete(id);
          await this.deps.duties
            .commitEvents([
              {
                kind: 'topic_pointers_updated',
                reason: `microshard ${id} now served by ${mv.to} (was ${mv.from}) at epoch ${m.epoch}${mv.hotTopics.length ? `: topics ${mv.hotTopics.join(', ')} point at ${mv.to}` : ''}`,
                actor: this.actor,
                microshardIds: [id],
                nodeIds: [mv.from, mv.to],
                inputs: { microshard: id, from: mv.from, to: mv.to, epoch: m.epoch.toString(), topics: mv.hotTopics, datastoreAddress: this.deps.state.nodes.get(mv.to)?.value.datastoreAddress ?? '' },
              },
            ])
            .catch(() => undefined);
        }
      }
      if (pending.size > 0) await sleep(DEFAULT_WAIT_POLL_MS);
    }
  }

  private async retire(d: ScaleDecision, inputs: Record<string, unknown>, term: number): Promise<void> {
    const p = this.deps.provisioner!;
    const nodeId = d.retireNode!;
    const o = this.deps.options;
    this.retiringIds.add(nodeId);
    try {
      await this.deps.duties.commitEvents([{ kind: 'scale_down', reason: `${d.explanation}; draining ${nodeId}`, actor: this.actor, nodeIds: [nodeId], inputs }]);
      const owns = () => this.deps.state.microshardList().filter((m) => m.owner === nodeId).length;
      const drainAgain = async () => {
        const drain = await this.deps.migrations.drain({ node: nodeId, dryRun: false, requestedBy: this.actor });
        this.deps.log.info({ node: nodeId, migrations: drain.migrations.length, plan: drain.plan }, 'draining for retirement');
      };
      if (owns() > 0) await drainAgain();
      // Microshards that were busy when the drain was planned (a planner move, a split) are
      // drained on a later pass.
      let lastPass = Date.now();
      const drained = await this.waitFor(() => {
        if (owns() === 0) return true;
        if (Date.now() - lastPass >= DEFAULT_REDRAIN_MS) {
          lastPass = Date.now();
          void drainAgain().catch((err) => this.deps.log.warn({ node: nodeId, err: String(err) }, 'drain pass failed'));
        }
        return false;
      }, o.drainTimeoutMs, term);
      if (!drained) {
        await this.deps.migrations.undrain(nodeId, this.actor).catch(() => undefined);
        this.metrics?.retirements.inc({ result: 'failed' });
        await this.deps.duties.commitEvents([{ kind: 'node_retire_failed', reason: `${nodeId} still owns ${owns()} microshard(s) after ${o.drainTimeoutMs} ms of draining: not stopped`, actor: this.actor, nodeIds: [nodeId], inputs: {} }]).catch(() => undefined);
        return;
      }
      let detail: string;
      try {
        detail = (await p.retire({ nodeId, cluster: this.deps.cluster, reason: d.explanation, deadlineMs: o.provisionTimeoutMs })).detail;
      } catch (err) {
        this.metrics?.retirements.inc({ result: 'failed' });
        await this.deps.migrations.undrain(nodeId, this.actor).catch(() => undefined);
        await this.deps.duties.commitEvents([{ kind: 'node_retire_failed', reason: `${nodeId} is drained but the ${p.kind} provisioner could not stop it: ${(err as Error).message}`, actor: this.actor, nodeIds: [nodeId], inputs: {} }]).catch(() => undefined);
        return;
      }
      await this.deps.duties.commitWithEvents([this.deps.ns.delete().key(MANAGED_PREFIX + nodeId)], [{ kind: 'node_retired', reason: `${nodeId} drained and stopped: ${detail}`, actor: this.actor, nodeIds: [nodeId], inputs: { provisioner: p.kind, savings: d.money.gain, cost: d.money.cost } }]);
      this.managedNodes.delete(nodeId);
      this.metrics?.retirements.inc({ result: 'ok' });
    } finally {
      this.retiringIds.delete(nodeId);
    }
  }

  private async waitFor(cond: () => boolean, timeoutMs: number, term: number): Promise<boolean> {
    const end = Date.now() + Math.max(0, timeoutMs);
    for (;;) {
      if (cond()) return true;
      if (Date.now() >= end || !this.leaderTerm.alive(term)) return false;
      await sleep(DEFAULT_WAIT_POLL_MS);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
