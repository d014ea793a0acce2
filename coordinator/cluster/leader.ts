// What only the leader does: bootstrap the microshard table, keep ownership reconciled with the
// live nodes (orphan policy), and commit every change as a guarded transaction with its event.
// All leader writes go through one queue, so they never race each other.
import type { IOperation, Namespace } from 'etcd3';
import type { Logger } from '../../platform/logger.js';
import { evenRanges } from '../../core/ranges.js';
import { toWire, type Microshard } from '../../core/microshard.js';
import { changeOwner } from '../../core/microshard-lifecycle.js';
import { reconcileOwnership, type OwnershipChange, type OrphanPolicy } from '../../core/ownership.js';
import { NotLeaderError, NotFoundError, FailedPreconditionError } from '../../platform/errors.js';
import type { Leadership } from './leadership.js';
import type { ClusterState } from './state.js';
import type { EventLog, NewEvent } from './events.js';
import { META_LAYOUT, META_NEXT_MICROSHARD_ID, microshardKey } from './keys.js';
import { keySchemaMismatch, layoutKeySchema, type ClusterLayout } from './state.js';
import type { KeySchema } from '../../core/keyspace.js';

/** etcd's default --max-txn-ops is 128: stay well below with room for events. */
export const MAX_CHANGES_PER_TXN = 50;
/** Coalesces bursts of node changes into one reconciliation. */
export const DEFAULT_RECONCILE_DEBOUNCE_MS = 50;

export interface LeaderOptions {
  microshards: number;
  orphanPolicy: OrphanPolicy;
  bootstrapNodes: number;
  leaderId: string;
  /** The key schema a new cluster is created with; an existing cluster's must match. */
  keySchema: KeySchema;
}

export class LeaderDuties {
  private queue: Promise<unknown> = Promise.resolve();
  private reconcileTimer: NodeJS.Timeout | undefined;
  private active = false;

  constructor(
    private readonly ns: Namespace,
    private readonly leadership: Leadership,
    private readonly state: ClusterState,
    private readonly events: EventLog,
    private readonly opts: LeaderOptions,
    private readonly log: Logger,
  ) {
    state.on('nodesChanged', () => this.scheduleReconcile());
    state.on('layout', () => this.scheduleReconcile());
  }

  get actor(): string {
    return `leader:${this.opts.leaderId}`;
  }

  /** Runs `fn` in the leader's write queue (other leader writers, e.g. the migration orchestrator, commit through it). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.enqueue(fn);
  }

  /** Serialises leader writes. */
  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async onElected(): Promise<void> {
    this.active = true;
    await this.enqueue(async () => {
      await this.events.load();
      await this.bootstrap();
      await this.commitWithEventsNow([], [{ kind: 'leader_elected', reason: `${this.opts.leaderId} became leader`, actor: this.actor, inputs: { revision: this.state.revision.toString() } }]);
    });
    await this.reconcile();
  }

  onDeposed(): void {
    this.active = false;
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
  }

  private scheduleReconcile(): void {
    if (!this.active) return;
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    this.reconcileTimer = setTimeout(() => {
      this.reconcile().catch((err) => this.log.warn({ err: String(err) }, 'reconcile failed'));
    }, DEFAULT_RECONCILE_DEBOUNCE_MS);
  }

  /** Creates the microshard table once per cluster (resumable in chunks: ids are deterministic). */
  private async bootstrap(): Promise<void> {
    const layout = await this.ns.get(META_LAYOUT).string();
    let state = layout ? (JSON.parse(layout) as ClusterLayout) : undefined;
    // The schema is written with the first layout record and never changed (a replica started
    // with another one stops at start-up; this catches one that raced to a fresh cluster).
    if (state && layoutKeySchema(state) !== this.opts.keySchema) throw keySchemaMismatch(layoutKeySchema(state), this.opts.keySchema);
    if (state?.state === 'complete') return;
    const count = state?.microshards ?? this.opts.microshards;
    const keySchema = this.opts.keySchema;
    if (!state) {
      await this.leadership.commit([this.ns.put(META_LAYOUT).value(JSON.stringify({ state: 'creating', microshards: count, keySchema }))], [[META_LAYOUT, 'Version', '==', 0]]);
      state = { state: 'creating', microshards: count, keySchema };
    }
    const now = Date.now();
    const ranges = evenRanges(count);
    for (let i = 0; i < ranges.length; i += MAX_CHANGES_PER_TXN * 2) {
      const ops = ranges.slice(i, i + MAX_CHANGES_PER_TXN * 2).map((r) => {
        const m: Microshard = { id: r.id.toString(), start: r.start, end: r.end, owner: '', epoch: 0n, state: 'ACTIVE', createdAtMs: now, previousOwner: '' };
        return this.ns.put(microshardKey(m.id)).value(JSON.stringify(toWire(m)));
      });
      await this.leadership.commit(ops);
    }
    const ev = this.events.prepare([{ kind: 'cluster_bootstrapped', reason: `created ${count} microshards tiling the keyspace (key schema ${keySchema})`, actor: this.actor, inputs: { microshards: count, keySchema } }]);
    await this.leadership.commit([
      this.ns.put(META_NEXT_MICROSHARD_ID).value(String(count)),
      this.ns.put(META_LAYOUT).value(JSON.stringify({ state: 'complete', microshards: count, keySchema })),
      ...ev.ops,
    ]);
    ev.commit();
    this.log.info({ microshards: count }, 'cluster bootstrapped');
  }

  /** Brings ownership in line with the live nodes and the orphan policy. */
  reconcile(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.leadership.isLeader) return;
      if (this.state.layout?.state !== 'complete') return;
      const changes = reconcileOwnership({
        microshards: this.state.microshardList(),
        liveNodes: this.state.liveNodeIds(),
        policy: this.opts.orphanPolicy,
        bootstrapNodes: this.opts.bootstrapNodes,
        nowMs: Date.now(),
      });
      if (changes.length === 0) return;
      await this.commitChanges(changes, this.actor);
    });
  }

  /** Commits ownership changes in chunks, each guarded by leadership and by the microshard's mod revision. */
  private async commitChanges(changes: OwnershipChange[], actor: string): Promise<void> {
    for (let i = 0; i < changes.length; i += MAX_CHANGES_PER_TXN) {
      const chunk = changes.slice(i, i + MAX_CHANGES_PER_TXN);
      const ops: IOperation[] = [];
      const compares: Array<[string, 'Mod', '==', string]> = [];
      for (const c of chunk) {
        const cur = this.state.microshards.get(c.before.id);
        if (!cur) continue;
        compares.push([microshardKey(c.after.id), 'Mod', '==', cur.modRevision]);
        ops.push(this.ns.put(microshardKey(c.after.id)).value(JSON.stringify(toWire(c.after))));
      }
      const byKind = new Map<string, OwnershipChange[]>();
      for (const c of chunk) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
      const evs: NewEvent[] = [...byKind.entries()].map(([kind, cs]) => ({
        kind: `microshard_${kind}`,
        microshardIds: cs.map((c) => c.after.id),
        nodeIds: [...new Set(cs.flatMap((c) => [c.before.owner, c.after.owner].filter(Boolean)))],
        reason: summarise(kind, cs),
        actor,
        inputs: {
          policy: this.opts.orphanPolicy,
          liveNodes: this.state.liveNodeIds(),
          changes: cs.map((c) => ({ id: c.after.id, from: c.before.owner, to: c.after.owner, epochBefore: c.before.epoch.toString(), epochAfter: c.after.epoch.toString(), state: c.after.state, why: c.reason })),
        },
      }));
      const ev = this.events.prepare(evs);
      const res = await this.leadership.commit([...ops, ...ev.ops], compares);
      if (!res.comparesHeld) {
        // Our view was stale: the watch will catch up and trigger another reconciliation.
        this.log.info('ownership change raced a newer write; will retry from fresh state');
        this.scheduleReconcile();
        return;
      }
      ev.commit();
      this.log.info({ changes: chunk.length, kinds: [...byKind.keys()] }, 'ownership changes committed');
    }
  }

  /** Appends events with no state change (e.g. node lost), serialised with every other leader write. */
  commitEvents(events: NewEvent[]): Promise<void> {
    return this.enqueue(() => this.commitWithEventsNow([], events));
  }

  /**
   * Commits `ops` and `events` in one guarded transaction, serialised with every other leader
   * write (event sequence numbers are allocated in memory, so two concurrent writers would reuse one).
   */
  commitWithEvents(ops: IOperation[], events: NewEvent[]): Promise<void> {
    return this.enqueue(() => this.commitWithEventsNow(ops, events));
  }

  /** Only from inside the write queue. */
  private async commitWithEventsNow(ops: IOperation[], events: NewEvent[]): Promise<void> {
    const ev = this.events.prepare(events);
    await this.leadership.commit([...ops, ...ev.ops]);
    ev.commit();
  }

  /** Operator: re-own a microshard (ORPHANED, or owned by a dead node) on a live node. */
  reassign(microshardId: string, toNode: string, requestedBy: string): Promise<Microshard> {
    return this.enqueue(async () => {
      if (!this.leadership.isLeader) throw new NotLeaderError('not the leader');
      const cur = this.state.microshards.get(microshardId);
      if (!cur) throw new NotFoundError(`microshard ${microshardId} does not exist`);
      const m = cur.value;
      const live = this.state.liveNodeIds();
      if (live.includes(m.owner) && m.state === 'ACTIVE') {
        throw new FailedPreconditionError(`microshard ${microshardId} is served by live node ${m.owner}; moving live data needs a migration, not a reassignment`);
      }
      let target = toNode;
      if (!target) {
        const changes = reconcileOwnership({ microshards: [{ ...m, state: 'ACTIVE' }], liveNodes: live, policy: 'reassign', bootstrapNodes: 1, nowMs: Date.now() });
        target = changes[0]?.after.owner ?? '';
      }
      if (!target) throw new FailedPreconditionError('no live node to reassign to');
      if (!live.includes(target)) throw new FailedPreconditionError(`target node ${target} has no live session (live: ${live.join(', ') || 'none'})`);
      const after = changeOwner(m, 'reassigned', target);
      await this.commitChanges([{ before: m, after, kind: 'reassigned', reason: `operator ${requestedBy} reassigned it from ${m.owner || '(none)'} to ${target}` }], `operator:${requestedBy}`);
      const now = this.state.microshards.get(microshardId)?.value;
      return now && now.epoch >= after.epoch ? now : after;
    });
  }

  stop(): void {
    this.active = false;
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
  }
}

function summarise(kind: string, cs: OwnershipChange[]): string {
  if (cs.length === 1) return `microshard ${cs[0]!.after.id}: ${cs[0]!.reason}`;
  const owners = [...new Set(cs.map((c) => c.before.owner).filter(Boolean))];
  return `${cs.length} microshards ${kind}${owners.length ? ` (from ${owners.join(', ')})` : ''}: ${cs[0]!.reason.replace(/: placed on .*/, '')}`;
}
