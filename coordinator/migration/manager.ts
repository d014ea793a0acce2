// The migration orchestrator on the leader: loads the migration records from etcd when elected
// and drives every unfinished one (one driver each), admits PLANNED ones within the per-node
// limit, and turns operator requests (migrate, split, merge, drain) into guarded transactions.
// Every commit goes through the leader's write queue (the event log's sequence numbers are
// assigned there) and is guarded by leadership and the mod revisions it read.
import type { IOperation, Namespace } from 'etcd3';
import type { Logger } from '../../platform/logger.js';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, NotLeaderError, UnavailableError, refusalError } from '../../platform/errors.js';
import type { TransportSecurity } from '../../platform/security.js';
import { fromWire, toWire, type Microshard, type MicroshardWire } from '../../core/microshard.js';
import { parsePosition, positionToHex } from '../../core/keyspace.js';
import { describeRange } from '../../core/ranges.js';
import { isTerminal } from '../../core/migration-phases.js';
import { copyBudget, drainTargets, nodeLoads, startable } from '../../core/migration-schedule.js';
import { admitMigration, busyReason, type Admission } from '../../core/migration-admission.js';
import { checkMergeable, LifecycleRefusal, planMerge, planSplit } from '../../core/split.js';
import type { Leadership } from '../cluster/leadership.js';
import type { ClusterState } from '../cluster/state.js';
import type { EventLog, NewEvent } from '../cluster/events.js';
import type { LeaderDuties } from '../cluster/leader.js';
import { LeaderTerm } from '../cluster/leader-term.js';
import { META_EVENT_SEQ, META_NEXT_MICROSHARD_ID, META_NEXT_MIGRATION_ID, MIGRATIONS_PREFIX, drainingKey, microshardKey, migrationKey } from '../cluster/keys.js';
import { AgentClients } from './agents.js';
import { MigrationDriver, type Compare, type Entry } from './driver.js';
import { newRecord, parseRecord, toView, type MigrationRecord } from './record.js';

/** How often the scheduler looks for PLANNED migrations it can start. */
export const DEFAULT_SCHEDULE_INTERVAL_MS = 500;
/** Migration records planned per transaction (drain): each is a put, well under etcd's 128 ops. */
export const MAX_PLANS_PER_TXN = 40;

export interface MigrationOptions {
  leaderId: string;
  maxPerNode: number;
  bytesPerS: number;
  deadlineMs: number;
  cleanupGraceMs: number;
  retention: number;
  security: TransportSecurity;
}

export interface MigrateInput {
  microshardId: string;
  toNode: string;
  dryRun: boolean;
  requestedBy: string;
  maxBytesPerS?: number;
  /** Exactly the budget, not adapted to the foreground. */
  fixedRate?: boolean;
  verifyChecksums?: boolean;
  deadlineMs?: number;
  holdPhase?: string;
  holdMs?: number;
  reason?: string;
}

function refuse(err: unknown): never {
  if (err instanceof LifecycleRefusal) throw new FailedPreconditionError(err.message);
  throw err;
}

export class MigrationManager {
  private readonly agents: AgentClients;
  private readonly entries = new Map<string, Entry>();
  private readonly drivers = new Map<string, Promise<void>>();
  private readonly leaderTerm = new LeaderTerm(() => this.leadership.isLeader);
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly ns: Namespace,
    private readonly leadership: Leadership,
    private readonly state: ClusterState,
    private readonly events: EventLog,
    private readonly duties: LeaderDuties,
    readonly opts: MigrationOptions,
    private readonly log: Logger,
  ) {
    this.agents = new AgentClients(opts.security);
    state.on('nodesChanged', ({ lost }) => {
      if (lost.some((n) => state.draining.has(n))) this.clearGoneMarks();
    });
  }

  // ---- leadership ----

  /** Called once elected (after the leader's own start-up): resume every unfinished migration. */
  async onElected(): Promise<void> {
    const term = this.leaderTerm.begin();
    this.entries.clear();
    this.loaded = (async () => {
      const res = await this.ns.getAll().prefix(MIGRATIONS_PREFIX).exec();
      if (!this.leaderTerm.isCurrent(term)) return;
      for (const kv of res.kvs) {
        try {
          const rec = parseRecord(kv.value.toString());
          this.entries.set(rec.id, { rec, modRev: kv.mod_revision });
        } catch (err) {
          this.log.error({ key: kv.key.toString(), err: String(err) }, 'unreadable migration record; ignored');
        }
      }
    })();
    await this.loaded;
    if (!this.leaderTerm.isCurrent(term)) return;
    const resumed = [...this.entries.values()].filter((e) => !isTerminal(e.rec.phase) && e.rec.phase !== 'PLANNED');
    if (resumed.length > 0) this.log.info({ migrations: resumed.map((e) => `${e.rec.id}:${e.rec.phase}`) }, 'resuming migrations left by the previous leader');
    for (const e of resumed) this.drive(e, term);
    this.clearGoneMarks();
    this.schedule();
    this.leaderTerm.every(DEFAULT_SCHEDULE_INTERVAL_MS, () => this.schedule());
  }

  onDeposed(): void {
    this.leaderTerm.end();
  }

  stop(): void {
    this.onDeposed();
    this.agents.close();
  }

  private requireLeader(): void {
    if (!this.leadership.isLeader || !this.leaderTerm.leading) {
      const l = this.leadership.leader;
      throw new NotLeaderError(`${this.opts.leaderId} is not the leader; send operator actions to ${l ? `${l.id} at ${l.address}` : 'the leader (none elected yet)'}`);
    }
  }

  private drive(entry: Entry, term: number): void {
    const id = entry.rec.id;
    if (this.drivers.has(id)) return;
    const driver = new MigrationDriver(
      {
        ns: this.ns,
        state: this.state,
        agents: this.agents,
        log: this.log,
        leaderId: this.opts.leaderId,
        cleanupGraceMs: this.opts.cleanupGraceMs,
        alive: () => this.leaderTerm.alive(term),
        budgetFor: (r) => this.budgetFor(r),
        commit: (e, next, extra) => this.commit(e, next, extra),
        reload: (e) => this.reload(e),
      },
      entry,
    );
    const run = driver
      .run()
      .catch((err) => this.log.error({ migration: id, err: String(err) }, 'migration driver failed'))
      .finally(() => {
        this.drivers.delete(id);
        if (this.leaderTerm.alive(term)) {
          this.schedule();
          if (isTerminal(entry.rec.phase)) void this.trim().catch((err) => this.log.warn({ err: String(err) }, 'trimming finished migrations failed'));
        }
      });
    this.drivers.set(id, run);
  }

  /** Starts drivers for PLANNED migrations that fit under the per-node limit. */
  private schedule(): void {
    const term = this.leaderTerm.current;
    if (!this.leaderTerm.alive(term)) return;
    const views = [...this.entries.values()].map((e) => toView(e.rec));
    // A PLANNED migration whose driver already runs is about to leave PLANNED: count it as active.
    for (const v of views) if (v.phase === 'PLANNED' && this.drivers.has(v.id)) v.phase = 'COPYING';
    for (const id of startable(views, this.opts.maxPerNode)) {
      const e = this.entries.get(id);
      if (e) this.drive(e, term);
    }
  }

  private budgetFor(r: MigrationRecord): number {
    const loads = nodeLoads([...this.entries.values()].filter((e) => e.rec.id !== r.id).map((e) => toView(e.rec)));
    return copyBudget(this.opts.bytesPerS, (loads.get(r.source)?.active ?? 0) + 1, (loads.get(r.target)?.active ?? 0) + 1, r.maxBytesPerS);
  }

  // ---- commits ----

  private commit(entry: Entry, next: MigrationRecord, extra: { ops?: IOperation[]; compares?: Compare[]; events?: NewEvent[] } = {}): Promise<boolean> {
    return this.duties.exclusive(async () => {
      const res = await this.commitWithEvents([this.ns.put(migrationKey(next.id)).value(JSON.stringify(next)), ...(extra.ops ?? [])], [[migrationKey(next.id), 'Mod', '==', entry.modRev], ...(extra.compares ?? [])], extra.events ?? []);
      if (!res) return false;
      entry.rec = next;
      entry.modRev = res;
      return true;
    });
  }

  /**
   * One guarded transaction: `ops` plus the events, under `compares` (call inside the leader's
   * queue). Events are appended at the sequence number this replica believes is next; some event
   * writers commit outside the leader's queue, so that is compared too, and on a mismatch the
   * sequence is reloaded and the commit tried again, so this never overwrites another event.
   * Answers the revision, or undefined when one of `compares` failed.
   */
  private async commitWithEvents(ops: IOperation[], compares: Compare[], events: NewEvent[]): Promise<string | undefined> {
    for (let attempt = 0; ; attempt++) {
      const ev = this.events.prepare(events);
      const seqGuard: Compare[] = ev.records.length > 0 ? [[META_EVENT_SEQ, 'Value', '==', (BigInt(ev.records[0]!.seq) - 1n).toString()]] : [];
      const res = await this.leadership.commit([...ops, ...ev.ops], [...compares, ...seqGuard]);
      if (res.comparesHeld) {
        ev.commit();
        return res.revision;
      }
      if (seqGuard.length === 0 || attempt >= 3) return undefined;
      const seq = await this.ns.get(META_EVENT_SEQ).string();
      if (seq === seqGuard[0]![3]) return undefined; // another compare failed
      this.log.info({ expected: seqGuard[0]![3], found: seq }, 'event sequence moved under us; reloading it');
      await this.events.load();
    }
  }

  private async reload(entry: Entry): Promise<void> {
    const res = await this.ns.get(migrationKey(entry.rec.id)).exec();
    const kv = res.kvs[0];
    if (!kv) throw new Error(`migration ${entry.rec.id} vanished from etcd`);
    entry.rec = parseRecord(kv.value.toString());
    entry.modRev = kv.mod_revision;
  }

  /** Deletes the oldest finished records beyond the retention. */
  private async trim(): Promise<void> {
    const finished = [...this.entries.values()].filter((e) => isTerminal(e.rec.phase)).sort((a, b) => (BigInt(a.rec.id) < BigInt(b.rec.id) ? -1 : 1));
    const excess = finished.length - this.opts.retention;
    if (excess <= 0) return;
    const victims = finished.slice(0, Math.min(excess, 100));
    await this.duties.exclusive(async () => {
      const res = await this.leadership.commit(
        victims.map((e) => this.ns.delete().key(migrationKey(e.rec.id))),
        victims.map((e) => [migrationKey(e.rec.id), 'Mod', '==', e.modRev] as Compare),
      );
      if (res.comparesHeld) for (const v of victims) this.entries.delete(v.rec.id);
    });
  }

  // ---- reads ----

  private microshard(id: string): Microshard {
    const m = this.state.microshards.get(id)?.value;
    if (!m) throw new NotFoundError(`microshard ${id} does not exist`);
    return m;
  }

  private async readFresh(id: string): Promise<{ ms: Microshard; modRev: string }> {
    const res = await this.ns.get(microshardKey(id)).exec();
    const kv = res.kvs[0];
    if (!kv) throw new NotFoundError(`microshard ${id} does not exist`);
    return { ms: fromWire(JSON.parse(kv.value.toString()) as MicroshardWire), modRev: kv.mod_revision };
  }

  private busy(range: { start: bigint; end: bigint }): string | undefined {
    return busyReason(this.views(), range);
  }

  private views() {
    return [...this.entries.values()].map((e) => toView(e.rec));
  }

  private isLive(node: string): boolean {
    return this.state.nodes.has(node);
  }

  /**
   * Nodes being drained take no new microshards (drain, and the scaling loop's retirement, empty
   * them; a planner move onto one would be stopped with the node). The mark is a key in etcd
   * (`draining/<node>`, mirrored by every replica's ClusterState), so it survives a leader
   * failover; it ends with `undrain` or when the node's session ends (a node that comes back
   * starts fresh).
   */
  isDraining(node: string): boolean {
    return this.state.draining.has(node) && this.isLive(node);
  }

  /** Removes the marks of nodes without a session (on a node's loss, and once when elected). */
  private clearGoneMarks(): void {
    if (!this.leaderTerm.leading) return;
    for (const node of this.state.draining) {
      if (!this.isLive(node)) void this.setDraining(node, false, 'session ended').catch((err) => this.log.warn({ node, err: String(err) }, 'could not clear a draining mark'));
    }
  }

  /** Writes or removes the mark (leader only, guarded like every leader write). */
  private async setDraining(node: string, on: boolean, requestedBy: string): Promise<void> {
    await this.duties.exclusive(() =>
      this.leadership.commit([on ? this.ns.put(drainingKey(node)).value(JSON.stringify({ node, requestedBy, atMs: Date.now() })) : this.ns.delete().key(drainingKey(node))]),
    );
    // The mirror follows through its watch; set it now so the next check in this round sees it.
    if (on) this.state.draining.add(node);
    else this.state.draining.delete(node);
  }

  /** Lifts the mark: the node takes new microshards again. Answers whether it was draining. */
  async undrain(node: string, requestedBy = 'system'): Promise<boolean> {
    this.requireLeader();
    const was = this.state.draining.has(node);
    if (was) await this.setDraining(node, false, requestedBy);
    return was;
  }

  /** Nodes marked as draining (live ones). */
  drainingNodes(): string[] {
    return [...this.state.draining].filter((n) => this.isDraining(n)).sort();
  }

  /** Migrations from etcd, newest first (any replica can answer). */
  async list(all: boolean, limit: number): Promise<MigrationRecord[]> {
    let kvs: Record<string, string>;
    try {
      kvs = await this.ns.getAll().prefix(MIGRATIONS_PREFIX).sort('Key', 'Descend').strings();
    } catch (err) {
      // etcd slow or unreachable (or its client's circuit breaker open): retryable.
      throw new UnavailableError(`cannot read migrations from etcd: ${(err as Error).message}`);
    }
    const out: MigrationRecord[] = [];
    for (const v of Object.values(kvs)) {
      try {
        const r = parseRecord(v);
        if (all || !isTerminal(r.phase)) out.push(r);
      } catch {
        // unreadable: skipped (the leader logs it)
      }
    }
    out.sort((a, b) => (BigInt(a.id) > BigInt(b.id) ? -1 : 1));
    return limit > 0 ? out.slice(0, limit) : out;
  }

  // ---- operator actions ----

  /** Admission (core/migration-admission.ts) over this leader's view; admitted: the PLANNED record to commit. */
  private admit(input: MigrateInput): Admission<{ m: Microshard; rec: MigrationRecord }> {
    const live = this.state.liveNodeIds();
    const a = admitMigration(input, {
      microshard: this.state.microshards.get(input.microshardId)?.value,
      liveNodes: live,
      draining: new Set(live.filter((n) => this.state.draining.has(n))),
      migrations: this.views(),
    });
    if (!a.ok) return a;
    const { microshard: m, holdPhase, holdMs } = a;
    const rec = newRecord(
      {
        id: '0',
        microshardId: m.id,
        start: positionToHex(m.start),
        end: positionToHex(m.end),
        source: m.owner,
        target: input.toNode,
        epoch: m.epoch.toString(),
        requestedBy: input.requestedBy,
        reason: input.reason ?? `move ${m.id} to ${input.toNode}`,
        maxBytesPerS: input.maxBytesPerS ?? 0,
        fixedRate: input.fixedRate ?? false,
        verifyChecksums: input.verifyChecksums ?? false,
        deadlineBudgetMs: input.deadlineMs || this.opts.deadlineMs,
        holdPhase,
        holdMs,
      },
      Date.now(),
    );
    return { ok: true, m, rec };
  }

  /** Admission for an operator's request: a refusal becomes the error the caller reports (its status and reason). */
  private validateMigrate(input: MigrateInput): { m: Microshard; rec: MigrationRecord } {
    const a = this.admit(input);
    if (!a.ok) throw refusalError(a);
    return a;
  }

  /** Commits PLANNED records (new ids from meta/next_migration_id) with one event per record. */
  private async plan(recs: MigrationRecord[], events: (r: MigrationRecord) => NewEvent): Promise<MigrationRecord[]> {
    const out: MigrationRecord[] = [];
    for (let i = 0; i < recs.length; i += MAX_PLANS_PER_TXN) {
      const chunk = recs.slice(i, i + MAX_PLANS_PER_TXN);
      const planned = await this.duties.exclusive(async () => {
        this.requireLeader();
        // Re-check under the queue: nothing else planned over these ranges meanwhile.
        for (const r of chunk) {
          const b = this.busy({ start: parsePosition(r.lockStart), end: parsePosition(r.lockEnd, true) });
          if (b) throw new FailedPreconditionError(b);
        }
        const cur = await this.ns.get(META_NEXT_MIGRATION_ID).exec();
        const kv = cur.kvs[0];
        let next = kv ? BigInt(kv.value.toString()) : 1n;
        const withIds = chunk.map((r) => ({ ...r, id: (next++).toString() }));
        const revision = await this.commitWithEvents(
          [...withIds.map((r) => this.ns.put(migrationKey(r.id)).value(JSON.stringify(r))), this.ns.put(META_NEXT_MIGRATION_ID).value(next.toString())],
          [kv ? [META_NEXT_MIGRATION_ID, 'Mod', '==', kv.mod_revision] : [META_NEXT_MIGRATION_ID, 'Version', '==', 0]],
          withIds.map(events),
        );
        if (!revision) throw new FailedPreconditionError('another migration was planned at the same time; try again');
        for (const r of withIds) this.entries.set(r.id, { rec: r, modRev: revision });
        return withIds;
      });
      out.push(...planned);
    }
    this.schedule();
    return out;
  }

  private plannedEvent(r: MigrationRecord): NewEvent {
    return {
      kind: 'migration_planned',
      microshardIds: [r.microshardId],
      nodeIds: [r.source, r.target],
      reason: `migration ${r.id}: ${r.reason} (microshard ${r.microshardId} ${r.source} -> ${r.target}, epoch ${r.epoch})`,
      actor: r.requestedBy,
      inputs: { migration: r.id, range: [r.start, r.end], maxBytesPerS: r.maxBytesPerS, verifyChecksums: r.verifyChecksums, deadlineMs: r.deadlineBudgetMs, merge: r.hasMerge ? r.mergeWith : undefined },
    };
  }

  async migrate(input: MigrateInput): Promise<{ migration: MigrationRecord; plan: string }> {
    this.requireLeader();
    await this.loaded;
    const { m, rec } = this.validateMigrate(input);
    const plan = `microshard ${m.id} ${describeRange(m)} moves ${m.owner} -> ${input.toNode}: copy (snapshot + tail), fence at epoch ${m.epoch}, commit owner ${input.toNode} at epoch ${m.epoch + 1n}, then ${m.owner} drops the range`;
    if (input.dryRun) return { migration: rec, plan: `dry run: ${plan}` };
    const [planned] = await this.plan([rec], (r) => this.plannedEvent(r));
    return { migration: planned!, plan };
  }

  async split(input: { microshardId: string; at: string; dryRun: boolean; requestedBy: string }): Promise<{ microshards: Microshard[]; plan: string }> {
    this.requireLeader();
    await this.loaded;
    let at: bigint | undefined;
    if (input.at) {
      try {
        at = parsePosition(input.at);
      } catch (err) {
        throw new InvalidArgumentError(`at: ${(err as Error).message}`);
      }
    }
    const run = async (dry: boolean) => {
      const cur = await this.readFresh(input.microshardId);
      const next = await this.ns.get(META_NEXT_MICROSHARD_ID).exec();
      const kv = next.kvs[0];
      if (!kv) throw new FailedPreconditionError('the microshard table is not bootstrapped yet');
      let plan;
      try {
        plan = planSplit(cur.ms, at, BigInt(kv.value.toString()), Date.now());
      } catch (err) {
        refuse(err);
      }
      const b = this.busy(cur.ms);
      if (b) throw new FailedPreconditionError(b);
      const text = `microshard ${cur.ms.id} ${describeRange(cur.ms)} on ${cur.ms.owner} splits at ${positionToHex(plan.at)} into ${plan.halves[0].id} ${describeRange(plan.halves[0])} and ${plan.halves[1].id} ${describeRange(plan.halves[1])}, both at epoch ${plan.halves[0].epoch} (metadata only)`;
      if (dry) return { microshards: plan.halves, plan: `dry run: ${text}` };
      this.requireLeader();
      const revision = await this.commitWithEvents(
        [
          this.ns.delete().key(microshardKey(cur.ms.id)),
          ...plan.halves.map((h) => this.ns.put(microshardKey(h.id)).value(JSON.stringify(toWire(h)))),
          this.ns.put(META_NEXT_MICROSHARD_ID).value((BigInt(plan.halves[1].id) + 1n).toString()),
        ],
        [
          [microshardKey(cur.ms.id), 'Mod', '==', cur.modRev],
          [META_NEXT_MICROSHARD_ID, 'Mod', '==', kv.mod_revision],
        ],
        [
          {
            kind: 'microshard_split',
            microshardIds: [cur.ms.id, plan.halves[0].id, plan.halves[1].id],
            nodeIds: [cur.ms.owner],
            reason: text,
            actor: input.requestedBy,
            inputs: { at: positionToHex(plan.at), chosen: input.at ? 'operator' : 'midpoint', epochBefore: cur.ms.epoch.toString(), epochAfter: plan.halves[0].epoch.toString() },
          },
        ],
      );
      if (!revision) throw new FailedPreconditionError(`microshard ${cur.ms.id} changed while splitting it; try again`);
      this.log.info({ microshard: cur.ms.id, halves: plan.halves.map((h) => h.id) }, 'microshard split');
      return { microshards: plan.halves, plan: text };
    };
    return input.dryRun ? run(true) : this.duties.exclusive(() => run(false));
  }

  async merge(input: { a: string; b: string; dryRun: boolean; requestedBy: string; holdPhase?: string; holdMs?: number }): Promise<{ merged?: Microshard; migration?: MigrationRecord; plan: string }> {
    this.requireLeader();
    await this.loaded;
    const a = this.microshard(input.a);
    const b = this.microshard(input.b);
    try {
      checkMergeable(a, b);
    } catch (err) {
      refuse(err);
    }
    const union = { start: a.start < b.start ? a.start : b.start, end: a.end > b.end ? a.end : b.end };
    const busy = this.busy(union);
    if (busy) throw new FailedPreconditionError(busy);
    if (a.owner !== b.owner) {
      // b moves to a's node first, with checksums compared at its cutover; the merge commits after.
      const { rec } = this.validateMigrate({ microshardId: b.id, toNode: a.owner, dryRun: input.dryRun, requestedBy: input.requestedBy, verifyChecksums: true, reason: `merge ${b.id} into ${a.id}: move ${b.id} to ${a.owner} first`, holdPhase: input.holdPhase, holdMs: input.holdMs });
      const withMerge: MigrationRecord = { ...rec, hasMerge: true, mergeWith: a.id, lockStart: positionToHex(union.start), lockEnd: positionToHex(union.end) };
      const plan = `microshards ${a.id} (on ${a.owner}) and ${b.id} (on ${b.owner}): ${b.id} moves to ${a.owner} (checksums of the range compared on both sides at the cutover; a mismatch aborts), then one transaction replaces both by a new microshard ${describeRange(union)} at epoch ${(a.epoch > b.epoch + 1n ? a.epoch : b.epoch + 1n) + 1n}`;
      if (input.dryRun) return { migration: withMerge, plan: `dry run: ${plan}` };
      const [planned] = await this.plan([withMerge], (r) => this.plannedEvent(r));
      return { migration: planned!, plan };
    }
    const owner = a.owner;
    let checksum: unknown;
    const run = async (dry: boolean) => {
      const fa = await this.readFresh(a.id);
      const fb = await this.readFresh(b.id);
      const next = await this.ns.get(META_NEXT_MICROSHARD_ID).exec();
      const kv = next.kvs[0];
      if (!kv) throw new FailedPreconditionError('the microshard table is not bootstrapped yet');
      let merged: Microshard;
      try {
        merged = planMerge(fa.ms, fb.ms, BigInt(kv.value.toString()), Date.now());
      } catch (err) {
        refuse(err);
      }
      const text = `microshards ${a.id} and ${b.id} on ${owner} become ${merged.id} ${describeRange(merged)} at epoch ${merged.epoch} (metadata only: both already live on ${owner})`;
      if (dry) return { merged, plan: `dry run: ${text}` };
      this.requireLeader();
      const revision = await this.commitWithEvents(
        [
          this.ns.delete().key(microshardKey(a.id)),
          this.ns.delete().key(microshardKey(b.id)),
          this.ns.put(microshardKey(merged.id)).value(JSON.stringify(toWire(merged))),
          this.ns.put(META_NEXT_MICROSHARD_ID).value((BigInt(merged.id) + 1n).toString()),
        ],
        [
          [microshardKey(a.id), 'Mod', '==', fa.modRev],
          [microshardKey(b.id), 'Mod', '==', fb.modRev],
          [META_NEXT_MICROSHARD_ID, 'Mod', '==', kv.mod_revision],
        ],
        [{ kind: 'microshards_merged', microshardIds: [a.id, b.id, merged.id], nodeIds: [owner], reason: text, actor: input.requestedBy, inputs: { epochs: { [a.id]: fa.ms.epoch.toString(), [b.id]: fb.ms.epoch.toString() }, mergedEpoch: merged.epoch.toString(), checksum } }],
      );
      if (!revision) throw new FailedPreconditionError(`microshard ${a.id} or ${b.id} changed while merging them; try again`);
      return { merged, plan: text };
    };
    if (input.dryRun) return run(true);
    // A digest of the merged range on its one owner, recorded with the event (informational: the
    // owner keeps serving, a merge in place moves no data). Taken outside the write queue.
    const sidecar = this.state.nodes.get(owner)?.value.sidecarAddress;
    if (sidecar) checksum = await this.agents.checksum(sidecar, positionToHex(union.start), positionToHex(union.end)).catch((err: Error) => ({ error: err.message }));
    const out = await this.duties.exclusive(async () => {
      if (this.busy(union)) throw new FailedPreconditionError(this.busy(union)!);
      return run(false);
    });
    return out;
  }

  async drain(input: { node: string; dryRun: boolean; requestedBy: string }): Promise<{ migrations: MigrationRecord[]; plan: string }> {
    this.requireLeader();
    await this.loaded;
    const ms = this.state.microshardList();
    const owned = ms.filter((m) => m.owner === input.node);
    if (owned.length === 0) return { migrations: [], plan: `node ${input.node} owns no microshards: nothing to drain` };
    const targets = drainTargets(ms, input.node, this.state.liveNodeIds().filter((n) => !this.isDraining(n)));
    if (targets.size === 0) throw new FailedPreconditionError(`no other live node (not itself draining) to drain ${input.node} to`);
    const recs: MigrationRecord[] = [];
    const skipped: string[] = [];
    for (const m of owned) {
      const a = this.admit({ microshardId: m.id, toNode: targets.get(m.id)!, dryRun: input.dryRun, requestedBy: input.requestedBy, reason: `drain ${input.node}` });
      if (a.ok) recs.push(a.rec);
      else skipped.push(`${m.id} (${a.reason})`);
    }
    const plan = `drain ${input.node}: ${recs.length} migrations (${[...new Set(recs.map((r) => r.target))].map((t) => `${recs.filter((r) => r.target === t).length} to ${t}`).join(', ')}), at most ${this.opts.maxPerNode} at a time per node${skipped.length ? `; not now: ${skipped.join('; ')}` : ''}`;
    if (input.dryRun) return { migrations: recs, plan: `dry run: ${plan}` };
    await this.setDraining(input.node, true, input.requestedBy);
    const planned = await this.plan(recs, (r) => this.plannedEvent(r));
    return { migrations: planned, plan };
  }

  /** Per-node load for ListMigrations. */
  loads(recs: MigrationRecord[]): Array<{ node: string; active: number; queued: number }> {
    return [...nodeLoads(recs.map(toView)).entries()].map(([node, l]) => ({ node, ...l })).sort((a, b) => (a.node < b.node ? -1 : 1));
  }
}
