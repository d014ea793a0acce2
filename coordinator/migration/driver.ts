// Drives one migration through its phases on the leader. Every phase transition is one guarded
// commit (leadership + the record's mod revision); every step it asks of a sidecar is idempotent,
// so after a failover the next leader's driver simply runs the current phase's step again.
import type * as grpc from '@grpc/grpc-js';
import type { IOperation, Namespace } from 'etcd3';
import type { Logger } from '../../platform/logger.js';
import { NotLeaderError } from '../../platform/errors.js';
import { Backoff } from '../../platform/backoff.js';
import { assertTransition, canAbort, isTerminal, type MigrationPhase } from '../../core/migration-phases.js';
import { fromWire, toWire, type Microshard, type MicroshardWire } from '../../core/microshard.js';
import { changeOwner } from '../../core/microshard-lifecycle.js';
import { planMerge, LifecycleRefusal } from '../../core/split.js';
import type { ClusterState } from '../cluster/state.js';
import type { NewEvent } from '../cluster/events.js';
import { META_NEXT_MICROSHARD_ID, microshardKey } from '../cluster/keys.js';
import type { AgentClients } from './agents.js';
import type { MigrationRecord } from './record.js';
import type { CopyStatusResponse__Output } from '../../generated/proto/shardcast/v1/CopyStatusResponse.js';

/** How often a copy's progress is polled. */
export const DEFAULT_POLL_MS = 100;
/** Longest wait before a failed step is tried again (the first is DEFAULT_POLL_MS; jittered). */
export const DEFAULT_RETRY_MAX_MS = 2_000;
/** How long the target may take to apply the final tail after the fence. */
export const DEFAULT_CUTOVER_TAIL_TIMEOUT_MS = 5_000;
/** At the cutover, a copy found not running may be resumed once if it catches up within this. */
export const DEFAULT_CUTOVER_RECOPY_MS = 3_000;
/** At a resumed cutover, how long to wait for both sidecars to follow the new leader. */
export const DEFAULT_FOLLOW_WAIT_MS = 5_000;
/**
 * How long the target stays armed for the cutover's epoch: the final tail's timeout, the commit
 * and the route push, with room to spare (a later cutover arms it again).
 */
export const DEFAULT_CUTOVER_ARM_MS = DEFAULT_CUTOVER_TAIL_TIMEOUT_MS + 5_000;
/** How long the driver asks the target's sidecar when it started serving (the pause measure). */
export const DEFAULT_PAUSE_PROBE_MS = 5_000;
/** After the commit, the source's drop is retried this long before the migration ends without it. */
export const DEFAULT_CLEANUP_GIVE_UP_MS = 60_000;
/** How long an abort keeps trying to drop the target's partial copy (any later copy to it drops the range first anyway). */
export const DEFAULT_ABORT_TARGET_MS = 5_000;

export type Compare = [string, 'Create' | 'Mod' | 'Version' | 'Value', '==' | '!=' | '<' | '>', string | number];

export interface Entry {
  rec: MigrationRecord;
  modRev: string;
}

export interface DriverContext {
  ns: Namespace;
  state: ClusterState;
  agents: AgentClients;
  log: Logger;
  /** This leader's id (sidecars report which leader they follow). */
  leaderId: string;
  cleanupGraceMs: number;
  /** Still leading (the same term) and not stopping. */
  alive(): boolean;
  /** Bytes/s this migration may copy at (from the node budgets). */
  budgetFor(r: MigrationRecord): number;
  /**
   * Commits `next` in place of entry.rec, guarded by leadership, the record's mod revision and
   * `compares`, with `ops` and `events` in the same transaction. false: a compare failed.
   */
  commit(entry: Entry, next: MigrationRecord, extra?: { ops?: IOperation[]; compares?: Compare[]; events?: NewEvent[] }): Promise<boolean>;
  /** Re-reads the record from etcd. */
  reload(entry: Entry): Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function grpcMessage(err: unknown): string {
  const e = err as grpc.ServiceError;
  return e?.details || (err as Error)?.message || String(err);
}

export class MigrationDriver {
  private pauseProbed = false;
  private resumeFailures = 0;
  private cutoverRecopied = false;
  private commitReturnedAt = 0;
  private mergeConflicts = 0;

  constructor(
    private readonly ctx: DriverContext,
    readonly entry: Entry,
  ) {}

  get rec(): MigrationRecord {
    return this.entry.rec;
  }

  private get actor(): string {
    return this.rec.requestedBy || 'leader';
  }

  /** Runs until the migration is DONE or ABORTED, or this leader stops leading. */
  async run(): Promise<void> {
    const backoff = new Backoff(DEFAULT_POLL_MS, DEFAULT_RETRY_MAX_MS);
    while (this.ctx.alive() && !isTerminal(this.rec.phase)) {
      const r = this.rec;
      try {
        if (r.abortRequested) await this.abort();
        else if (canAbort(r.phase) && r.deadlineMs > 0 && Date.now() > r.deadlineMs) await this.requestAbort(`deadline passed: not cut over ${Math.round((Date.now() - r.startedAtMs) / 1000)} s after the copy started`);
        else await this.step();
        backoff.reset();
      } catch (err) {
        if (err instanceof NotLeaderError || !this.ctx.alive()) return;
        this.ctx.log.warn({ migration: r.id, phase: r.phase, err: grpcMessage(err) }, 'migration step failed; retrying');
        await backoff.wait();
      }
    }
  }

  private async step(): Promise<void> {
    switch (this.rec.phase) {
      case 'PLANNED':
        return this.start();
      case 'COPYING':
        return this.copying();
      case 'CATCHING_UP':
        return this.catchingUp();
      case 'CUTOVER':
        return this.cutover();
      case 'CLEANUP':
        return this.cleanup();
      default:
        return;
    }
  }

  // ---- helpers ----

  private sidecar(node: string): string | undefined {
    return this.ctx.state.nodes.get(node)?.value.sidecarAddress || undefined;
  }

  private need(node: string, role: string): string {
    const a = this.sidecar(node);
    if (!a) throw new Error(`${role} node ${node} has no live session`);
    return a;
  }

  private async transition(to: MigrationPhase, patch: Partial<MigrationRecord>, extra: { ops?: IOperation[]; compares?: Compare[]; events?: NewEvent[] } = {}): Promise<boolean> {
    assertTransition(this.rec.phase, to);
    const next: MigrationRecord = { ...this.rec, ...patch, phase: to, phaseAtMs: Date.now() };
    const ok = await this.ctx.commit(this.entry, next, extra);
    if (ok) this.ctx.log.info({ migration: next.id, microshard: next.microshardId, phase: to, source: next.source, target: next.target }, 'migration phase');
    else await this.ctx.reload(this.entry);
    return ok;
  }

  private async update(patch: Partial<MigrationRecord>, events: NewEvent[] = []): Promise<boolean> {
    const ok = await this.ctx.commit(this.entry, { ...this.rec, ...patch }, { events });
    if (!ok) await this.ctx.reload(this.entry);
    return ok;
  }

  /** Records the decision to abort; the abort steps run next. */
  private async requestAbort(reason: string, events: NewEvent[] = []): Promise<void> {
    if (!canAbort(this.rec.phase)) throw new Error(`cannot abort a migration in ${this.rec.phase}: ${reason}`);
    this.ctx.log.warn({ migration: this.rec.id, phase: this.rec.phase, reason }, 'aborting migration');
    await this.update({ abortRequested: true, error: reason }, events);
  }

  /** Waits out the test hold of `phase` (once: counted from when the phase was entered). */
  private async hold(phase: MigrationPhase): Promise<void> {
    const r = this.rec;
    if (r.holdPhase !== phase || r.holdMs <= 0) return;
    const left = r.phaseAtMs + r.holdMs - Date.now();
    if (left > 0) {
      this.ctx.log.warn({ migration: r.id, phase, ms: left }, 'test hold');
      await sleep(left);
    }
  }

  private async readMicroshard(id: string): Promise<{ ms: Microshard; modRev: string } | undefined> {
    const res = await this.ctx.ns.get(microshardKey(id)).exec();
    const kv = res.kvs[0];
    if (!kv) return undefined;
    return { ms: fromWire(JSON.parse(kv.value.toString()) as MicroshardWire), modRev: kv.mod_revision };
  }

  /** Why the migration can no longer go ahead as planned (undefined: it can). */
  private staleness(ms: Microshard | undefined): string | undefined {
    const r = this.rec;
    if (!ms) return `microshard ${r.microshardId} no longer exists`;
    if (ms.owner !== r.source) return `microshard ${r.microshardId} is now owned by ${ms.owner || 'nobody'}, not ${r.source}`;
    if (ms.epoch.toString() !== r.epoch) return `microshard ${r.microshardId} moved to epoch ${ms.epoch} (planned at ${r.epoch})`;
    if (ms.state !== 'ACTIVE') return `microshard ${r.microshardId} is ${ms.state}`;
    return undefined;
  }

  private nodesProblem(): string | undefined {
    const r = this.rec;
    if (!this.sidecar(r.source)) return `source node ${r.source} has no live session`;
    if (!this.sidecar(r.target)) return `target node ${r.target} has no live session`;
    return undefined;
  }

  private async startCopy(resumeAfterSeq: string, attempt: number): Promise<CopyStatusResponse__Output> {
    const r = this.rec;
    return this.ctx.agents.startCopy(this.need(r.source, 'source'), {
      migrationId: r.id,
      microshardId: r.microshardId,
      start: r.start,
      end: r.end,
      targetNode: r.target,
      targetSidecarAddress: this.need(r.target, 'target'),
      resumeAfterSeq,
      maxBytesPerS: String(r.maxBytesPerS),
      fixedRate: r.fixedRate ?? false,
      attempt,
      deadlineMs: String(r.deadlineMs),
    });
  }

  /** Starts a new attempt of the copy (counted in the record). */
  private async restartCopy(resumeAfterSeq: string, why: string): Promise<void> {
    const attempt = this.rec.attempt + 1;
    this.ctx.log.warn({ migration: this.rec.id, attempt, resumeAfterSeq, why }, 'restarting the copy');
    await sleep(Math.min(200 * this.rec.attempt, 2_000));
    if (!(await this.update({ attempt }))) return;
    await this.startCopy(resumeAfterSeq, attempt);
  }

  private async status(): Promise<CopyStatusResponse__Output> {
    return this.ctx.agents.copyStatus(this.need(this.rec.source, 'source'), this.rec.id);
  }

  /** Which of source and target has no live session with this leader (undefined: both do). */
  private async notFollowing(sourceLeader: string): Promise<string | undefined> {
    const r = this.rec;
    if (sourceLeader !== this.ctx.leaderId) return `source ${r.source}`;
    const target = this.sidecar(r.target);
    if (!target) return `target ${r.target}`;
    try {
      const s = await this.ctx.agents.servingStatus(target, r.microshardId, r.epoch);
      return s.leaderId === this.ctx.leaderId ? undefined : `target ${r.target}`;
    } catch {
      return `target ${r.target}`;
    }
  }

  private logged = new Set<string>();
  private logOnce(msg: string): void {
    if (this.logged.has(msg)) return;
    this.logged.add(msg);
    this.ctx.log.info({ migration: this.rec.id }, msg);
  }

  // ---- phases ----

  private async start(): Promise<void> {
    const problem = this.staleness(this.ctx.state.microshards.get(this.rec.microshardId)?.value) ?? this.nodesProblem();
    if (problem) return this.requestAbort(problem);
    const now = Date.now();
    await this.transition('COPYING', { startedAtMs: now, deadlineMs: now + this.rec.deadlineBudgetMs, attempt: 1, maxBytesPerS: this.ctx.budgetFor(this.rec) });
  }

  private async copying(): Promise<void> {
    const problem = this.nodesProblem();
    if (problem) return this.requestAbort(problem);
    let st = await this.status();
    if (!st.known) {
      await this.startCopy('0', this.rec.attempt);
      st = await this.status();
    } else if (st.state !== 'copying') {
      await this.restartCopy('0', st.error);
      return;
    }
    await this.hold('COPYING');
    if (st.snapshotDone) {
      const ms = Number(st.snapshotDoneAtMs) - Number(st.startedAtMs);
      const mbS = ms > 0 ? Number(st.snapshotBytes) / 1e6 / (ms / 1000) : 0;
      await this.transition('CATCHING_UP', { snapshotSeq: st.snapshotSeq, appliedSeq: st.appliedSeq, bytes: st.bytes, entries: st.entries, copyMbS: Math.round(mbS * 10) / 10 });
      return;
    }
    await sleep(DEFAULT_POLL_MS);
  }

  private async catchingUp(): Promise<void> {
    await this.hold('CATCHING_UP');
    const problem = this.nodesProblem();
    if (problem) return this.requestAbort(problem);
    const st = await this.status();
    if (!st.known || st.state !== 'copying') {
      // Resume the tail from what the target is known to hold; when that fails too (the source's
      // change log was trimmed past it), copy again from a snapshot.
      if (st.known && /truncated|ahead of/.test(st.error)) this.resumeFailures = 2;
      if (this.resumeFailures >= 2) {
        this.resumeFailures = 0;
        await this.transition('COPYING', { attempt: this.rec.attempt + 1, snapshotSeq: '0', appliedSeq: '0' });
        if (this.rec.phase === 'COPYING') await this.startCopy('0', this.rec.attempt);
        return;
      }
      if (st.known) this.resumeFailures++;
      await this.restartCopy(this.rec.appliedSeq, st.error || 'the source sidecar has no copy (restarted)');
      return;
    }
    if (st.caughtUp) {
      // Cut over only while both sidecars follow this leader: the commit's route update must reach
      // them at once (a sidecar still reconnecting after a failover would stretch the pause).
      const lagging = await this.notFollowing(st.leaderId);
      if (lagging) {
        this.logOnce(`waiting for ${lagging} to follow this leader before the cutover`);
        await sleep(DEFAULT_POLL_MS);
        return;
      }
      await this.transition('CUTOVER', { appliedSeq: st.appliedSeq, bytes: st.bytes, entries: st.entries, skippedOlder: st.skippedOlder });
      return;
    }
    await sleep(DEFAULT_POLL_MS);
  }

  private async cutover(): Promise<void> {
    const r = this.rec;
    const cur = await this.readMicroshard(r.microshardId);
    const stale = this.staleness(cur?.ms);
    if (stale || !cur) return this.requestAbort(stale ?? 'microshard vanished');
    const nodes = this.nodesProblem();
    if (nodes) return this.requestAbort(nodes);
    const source = this.need(r.source, 'source');

    let st = await this.status();
    if (!st.known || st.state !== 'copying') {
      // A copy lost at the cutover (sidecar restart): resume it once, if it catches up quickly.
      if (this.cutoverRecopied) return this.requestAbort(`the copy stopped at the cutover: ${st.error || 'the source sidecar restarted'}`);
      this.cutoverRecopied = true;
      await this.restartCopy(r.appliedSeq, st.error || 'the source sidecar has no copy (restarted)');
      const stopAt = Date.now() + DEFAULT_CUTOVER_RECOPY_MS;
      for (;;) {
        st = await this.status();
        if (st.caughtUp) break;
        if (Date.now() > stopAt || st.state !== 'copying') return this.requestAbort(`the resumed copy did not catch up within ${DEFAULT_CUTOVER_RECOPY_MS} ms at the cutover`);
        await sleep(DEFAULT_POLL_MS);
      }
    }

    // Resumed by a new leader: give the sidecars a moment to reconnect to it first.
    for (const stopAt = Date.now() + DEFAULT_FOLLOW_WAIT_MS; Date.now() < stopAt; ) {
      const lagging = await this.notFollowing(st.leaderId);
      if (!lagging) break;
      this.logOnce(`waiting for ${lagging} to follow this leader before the cutover`);
      await sleep(DEFAULT_POLL_MS);
      st = await this.status();
    }
    const holdMs = r.holdPhase === 'CUTOVER' ? Math.max(0, r.phaseAtMs + r.holdMs - Date.now()) : 0;
    await this.armTarget(DEFAULT_CUTOVER_ARM_MS + Math.round(holdMs));
    let res;
    try {
      res = await this.ctx.agents.cutover(
        source,
        { migrationId: r.id, microshardId: r.microshardId, epoch: r.epoch, checksum: r.verifyChecksums, timeoutMs: DEFAULT_CUTOVER_TAIL_TIMEOUT_MS, holdAfterFenceMs: Math.round(holdMs) },
        DEFAULT_CUTOVER_TAIL_TIMEOUT_MS + holdMs + (r.verifyChecksums ? 120_000 : 5_000),
      );
    } catch (err) {
      return this.requestAbort(`cutover failed: ${grpcMessage(err)}`);
    }
    const fencedAtMs = Number(res.fencedAtMs);
    let sourceChecksum = '';
    let targetChecksum = '';
    if (r.verifyChecksums) {
      const src = res.sourceChecksum;
      let tgt;
      try {
        tgt = await this.ctx.agents.checksum(this.need(r.target, 'target'), r.start, r.end);
      } catch (err) {
        return this.requestAbort(`checksum on the target failed: ${grpcMessage(err)}`);
      }
      sourceChecksum = src ? `${src.digest}/${src.entries}` : '';
      targetChecksum = `${tgt.digest}/${tgt.entries}`;
      if (!src || src.digest !== tgt.digest || src.entries !== tgt.entries) {
        const reason = `checksums differ after the final tail: source ${sourceChecksum || '(none)'}, target ${targetChecksum}`;
        return this.requestAbort(reason, [
          { kind: 'migration_checksum_mismatch', microshardIds: [r.microshardId], nodeIds: [r.source, r.target], reason: `migration ${r.id}: ${reason}; the ${r.hasMerge ? 'merge' : 'move'} is aborted`, actor: this.actor, inputs: { migration: r.id, source: src, target: tgt, fenceSeq: res.lastSeq } },
        ]);
      }
    }
    // staleness() above holds: cur.ms is ACTIVE, owned by r.source at r.epoch.
    const after = changeOwner(cur.ms, 'migrated', r.target);
    const now = Date.now();
    const ok = await this.transition(
      'CLEANUP',
      { fenceSeq: res.lastSeq, fencedAtMs, committedAtMs: now, fenceToCommitMs: now - fencedAtMs, sourceChecksum, targetChecksum },
      {
        ops: [this.ctx.ns.put(microshardKey(r.microshardId)).value(JSON.stringify(toWire(after)))],
        compares: [[microshardKey(r.microshardId), 'Mod', '==', cur.modRev]],
        events: [
          {
            kind: 'microshard_migrated',
            microshardIds: [r.microshardId],
            nodeIds: [r.source, r.target],
            reason: `migration ${r.id}: microshard ${r.microshardId} moved from ${r.source} to ${r.target} at epoch ${after.epoch} (${r.reason})`,
            actor: this.actor,
            inputs: { migration: r.id, epochBefore: r.epoch, epochAfter: after.epoch.toString(), fenceSeq: res.lastSeq, finalTailMs: res.finalTailMs, bytes: r.bytes, copyMbS: r.copyMbS, checksums: r.verifyChecksums ? { source: sourceChecksum, target: targetChecksum } : undefined },
          },
        ],
      },
    );
    if (ok) {
      this.commitReturnedAt = Date.now();
      return;
    }
    if (this.rec.phase === 'CUTOVER' && !this.rec.abortRequested) await this.requestAbort('the microshard changed during the cutover (its record moved on in etcd)');
  }

  /**
   * Before the fence: tells the target's storage node it is about to own the microshard at
   * epoch + 1, so writes the fenced source redirects there wait for the commit's routes instead
   * of being refused. Best effort: without it, those writes are refused and retried as before.
   */
  private async armTarget(ttlMs: number): Promise<void> {
    const r = this.rec;
    const target = this.sidecar(r.target);
    if (!target) return;
    try {
      await this.ctx.agents.arm(target, { migrationId: r.id, microshardId: r.microshardId, epoch: (BigInt(r.epoch) + 1n).toString(), ttlMs });
    } catch (err) {
      this.ctx.log.warn({ migration: r.id, err: grpcMessage(err) }, 'could not arm the target before the cutover; going ahead (the pause may be longer)');
    }
  }

  private async cleanup(): Promise<void> {
    const r = this.rec;
    if (!this.pauseProbed) {
      this.pauseProbed = true;
      await this.measurePause();
    }
    if (this.rec.hasMerge && !this.rec.merged && !this.rec.mergeSkipped) {
      await this.merge();
      return;
    }
    await this.hold('CLEANUP');
    const notBefore = r.committedAtMs + this.ctx.cleanupGraceMs;
    if (Date.now() < notBefore) await sleep(notBefore - Date.now());
    if (!this.ctx.alive()) return;
    let dropped = '0';
    let note = '';
    try {
      const res = await this.ctx.agents.cleanup(this.need(r.source, 'source'), { migrationId: r.id, microshardId: r.microshardId, start: r.start, end: r.end, waitMs: 10_000 });
      dropped = res.dropped;
    } catch (err) {
      if (Date.now() < r.committedAtMs + this.ctx.cleanupGraceMs + DEFAULT_CLEANUP_GIVE_UP_MS) throw err;
      note = `source range not dropped: ${grpcMessage(err)} (a later copy to ${r.source} drops it first)`;
    }
    const cur = this.rec;
    const fenceToCommitMs = this.commitReturnedAt > 0 ? this.commitReturnedAt - cur.fencedAtMs : cur.fenceToCommitMs;
    await this.transition('DONE', { droppedEntries: String(dropped ?? '0'), finishedAtMs: Date.now(), fenceToCommitMs, error: note || cur.error }, {
      events: [
        {
          kind: 'migration_done',
          microshardIds: [cur.microshardId, ...(cur.merged ? [cur.mergedInto] : [])],
          nodeIds: [cur.source, cur.target],
          reason: `migration ${cur.id} of microshard ${cur.microshardId} ${cur.source} -> ${cur.target} done: write pause ${cur.pauseMs >= 0 ? `${cur.pauseMs} ms` : 'unknown'}, ${Number(cur.bytes) / 1e6} MB copied${note ? `; ${note}` : ''}`,
          actor: this.actor,
          inputs: { migration: cur.id, pauseMs: cur.pauseMs, fenceToCommitMs, fenceSeq: cur.fenceSeq, bytes: cur.bytes, entries: cur.entries, copyMbS: cur.copyMbS, attempts: cur.attempt, droppedEntries: dropped, merged: cur.merged ? cur.mergedInto : undefined },
        },
      ],
    });
  }

  /** The write pause: from the fence until the target's sidecar served the new route. */
  private async measurePause(): Promise<void> {
    const r = this.rec;
    if (r.pauseMs >= 0 || r.fencedAtMs <= 0) return;
    const target = this.sidecar(r.target);
    if (!target) return;
    const epoch = (BigInt(r.epoch) + 1n).toString();
    const stopAt = Date.now() + DEFAULT_PAUSE_PROBE_MS;
    while (Date.now() < stopAt && this.ctx.alive()) {
      try {
        const s = await this.ctx.agents.servingStatus(target, r.microshardId, epoch);
        if (s.serving) {
          // since 0: the target's sidecar restarted and cannot tell when it began serving.
          if (Number(s.sinceMs) > 0) await this.update({ pauseMs: Math.max(0, Number(s.sinceMs) - r.fencedAtMs) });
          return;
        }
      } catch {
        // the target's sidecar may be restarting: ask again
      }
      await sleep(50);
    }
  }

  /** Merge step: the moved microshard and its neighbour, now on one node, become one. */
  private async merge(): Promise<void> {
    const r = this.rec;
    const a = await this.readMicroshard(r.mergeWith);
    const b = await this.readMicroshard(r.microshardId);
    const next = await this.ctx.ns.get(META_NEXT_MICROSHARD_ID).exec();
    const nextKv = next.kvs[0];
    let merged: Microshard | undefined;
    let why = '';
    if (!a || !b) why = `microshard ${!a ? r.mergeWith : r.microshardId} no longer exists`;
    else if (!nextKv) why = 'meta/next_microshard_id is missing';
    else {
      try {
        merged = planMerge(a.ms, b.ms, BigInt(nextKv.value.toString()), Date.now());
      } catch (err) {
        if (!(err instanceof LifecycleRefusal)) throw err;
        why = err.message;
      }
    }
    if (!merged || !a || !b || !nextKv) {
      await this.update({ mergeSkipped: true, error: `merge not committed: ${why}` }, [
        { kind: 'merge_skipped', microshardIds: [r.mergeWith, r.microshardId], nodeIds: [r.target], reason: `merge of ${r.mergeWith} and ${r.microshardId} not committed after migration ${r.id}: ${why}`, actor: this.actor, inputs: { migration: r.id } },
      ]);
      return;
    }
    const extra = {
      ops: [
        this.ctx.ns.delete().key(microshardKey(a.ms.id)),
        this.ctx.ns.delete().key(microshardKey(b.ms.id)),
        this.ctx.ns.put(microshardKey(merged.id)).value(JSON.stringify(toWire(merged))),
        this.ctx.ns.put(META_NEXT_MICROSHARD_ID).value((BigInt(merged.id) + 1n).toString()),
      ],
      compares: [
        [microshardKey(a.ms.id), 'Mod', '==', a.modRev],
        [microshardKey(b.ms.id), 'Mod', '==', b.modRev],
        [META_NEXT_MICROSHARD_ID, 'Mod', '==', nextKv.mod_revision],
      ] as Compare[],
      events: [
        {
          kind: 'microshards_merged',
          microshardIds: [a.ms.id, b.ms.id, merged.id],
          nodeIds: [merged.owner],
          reason: `microshards ${a.ms.id} and ${b.ms.id} merged into ${merged.id} on ${merged.owner} at epoch ${merged.epoch} (after migration ${r.id}; checksums agreed at the cutover)`,
          actor: this.actor,
          inputs: { migration: r.id, epochs: { [a.ms.id]: a.ms.epoch.toString(), [b.ms.id]: b.ms.epoch.toString() }, mergedEpoch: merged.epoch.toString(), range: [merged.start.toString(16), merged.end.toString(16)], sourceChecksum: r.sourceChecksum, targetChecksum: r.targetChecksum },
        },
      ],
    };
    if (await this.ctx.commit(this.entry, { ...r, merged: true, mergedInto: merged.id }, extra)) {
      this.ctx.log.info({ migration: r.id, merged: merged.id, from: [a.ms.id, b.ms.id] }, 'microshards merged');
      return;
    }
    await this.ctx.reload(this.entry);
    // A neighbour changed under us (a concurrent write): try again from fresh state, a few times.
    if (++this.mergeConflicts >= 3) {
      await this.update({ mergeSkipped: true, error: 'merge not committed: the microshards kept changing' });
    }
  }

  /** The abort steps (idempotent), then ABORTED. */
  private async abort(): Promise<void> {
    const r = this.rec;
    const notes: string[] = [];
    const started = r.phase === 'COPYING' || r.phase === 'CATCHING_UP' || r.phase === 'CUTOVER';
    if (started) {
      // Source: stop the copy and lift the fence. At CUTOVER the fence may be set: keep trying
      // until it is lifted or moot (the microshard moved on: a newer epoch, another owner, or
      // no longer ACTIVE, so the fence no longer decides anything).
      for (let tries = 0; this.ctx.alive(); tries++) {
        const address = this.sidecar(r.source);
        if (address) {
          try {
            await this.ctx.agents.abort(address, { migrationId: r.id, role: 'source', microshardId: r.microshardId, epoch: r.epoch });
            break;
          } catch (err) {
            if (tries === 0 || tries % 10 === 0) this.ctx.log.warn({ migration: r.id, err: grpcMessage(err) }, 'cannot lift the fence on the source yet');
            if (r.phase !== 'CUTOVER') {
              notes.push(`source not told: ${grpcMessage(err)}`);
              break;
            }
          }
        }
        const ms = this.ctx.state.microshards.get(r.microshardId)?.value;
        if (!ms || ms.epoch.toString() !== r.epoch || ms.owner !== r.source || ms.state !== 'ACTIVE') {
          notes.push('source fence moot: the microshard moved on');
          break;
        }
        await sleep(Math.min(100 * (tries + 1), 1_000));
      }
      if (!this.ctx.alive()) return;
      // Target: drop the partial copy (best effort: any later copy to it drops the range first).
      const giveUpAt = Date.now() + DEFAULT_ABORT_TARGET_MS;
      for (let tries = 0; this.ctx.alive(); tries++) {
        const address = this.sidecar(r.target);
        try {
          if (!address) throw new Error(`target node ${r.target} has no live session`);
          await this.ctx.agents.abort(address, { migrationId: r.id, role: 'target', microshardId: r.microshardId, start: r.start, end: r.end });
          break;
        } catch (err) {
          if (Date.now() >= giveUpAt) {
            notes.push(`partial copy on ${r.target} not dropped: ${grpcMessage(err)}`);
            break;
          }
          await sleep(Math.min(100 * (tries + 1), 500));
        }
      }
    }
    if (!this.ctx.alive()) return;
    const error = [r.error, ...notes].filter(Boolean).join('; ');
    await this.transition('ABORTED', { finishedAtMs: Date.now(), error }, {
      events: [
        {
          kind: 'migration_aborted',
          microshardIds: [r.microshardId],
          nodeIds: [r.source, r.target],
          reason: `migration ${r.id} of microshard ${r.microshardId} ${r.source} -> ${r.target} aborted in ${r.phase}: ${error}`,
          actor: this.actor,
          inputs: { migration: r.id, phase: r.phase, attempts: r.attempt, error },
        },
      ],
    });
  }
}
