// Whether a migration may be planned (pure): the checks that refuse one, each answering the
// reason (and the status class the RPC layer sends it with) instead of throwing, so a caller
// can report it (an operator's request), collect it (a drain's skipped microshards) or act on
// it, in the manner of a placement filter. Scheduling (the per-node limit) is not admission: a
// migration over the limit is admitted and waits PLANNED (core/migration-schedule.ts).
import type { Microshard } from './microshard.js';
import { describeRange, type Range } from './ranges.js';
import { overlappingInFlight, type MigrationView } from './migration-schedule.js';

/** Longest test hold accepted (hold_phase/hold_ms, for the fault matrix). */
export const MAX_HOLD_MS = 30_000;
/** Phases a test may hold a migration at. */
export const HOLDABLE_PHASES = ['COPYING', 'CATCHING_UP', 'CUTOVER', 'CLEANUP'] as const;

/** The status class of a refusal (named as gRPC names it; core/ does not import gRPC). */
export type RefusalCode = 'FAILED_PRECONDITION' | 'INVALID_ARGUMENT' | 'NOT_FOUND';

export interface Refusal {
  ok: false;
  reason: string;
  code: RefusalCode;
}

/** A decision: `{ok: true}` plus what the admission found out, or why not. */
export type Admission<T extends object = object> = ({ ok: true } & T) | Refusal;

export function refusal(code: RefusalCode, reason: string): Refusal {
  return { ok: false, reason, code };
}

export interface MigrationRequest {
  microshardId: string;
  toNode: string;
  holdPhase?: string;
  holdMs?: number;
}

/** What admission reads of the cluster (the leader's mirror of etcd and its migration records). */
export interface AdmissionView {
  /** The microshard asked for; undefined when it does not exist. */
  microshard: Microshard | undefined;
  /** Nodes with a live session, sorted (named in a refusal). */
  liveNodes: readonly string[];
  /** Nodes marked as draining (a mark counts only while the node is live). */
  draining: ReadonlySet<string>;
  /** Every migration record the leader holds (finished ones are ignored). */
  migrations: readonly MigrationView[];
}

/**
 * Why `range` is busy (a migration not yet finished covers part of it), or undefined when it is
 * free. Migrations whose id is in `except` do not count.
 */
export function busyReason(migrations: readonly MigrationView[], range: Range, except: ReadonlySet<string> = new Set()): string | undefined {
  const hit = overlappingInFlight(migrations, range).filter((v) => !except.has(v.id));
  return hit.length > 0 ? `${describeRange(range)} is busy: migration ${hit[0]!.id} (${hit[0]!.phase}) covers it` : undefined;
}

/**
 * Admits moving a microshard to `toNode`: it must exist, be owned and ACTIVE with a live owner,
 * the target must be given, be another node, live and not draining, the range must be free,
 * and a test hold must name a holdable phase. Admitted: the microshard and the hold to record
 * (no hold without a duration; the duration is capped at MAX_HOLD_MS).
 */
export function admitMigration(req: MigrationRequest, view: AdmissionView): Admission<{ microshard: Microshard; holdPhase: string; holdMs: number }> {
  const m = view.microshard;
  if (!m) return refusal('NOT_FOUND', `microshard ${req.microshardId} does not exist`);
  const live = new Set(view.liveNodes);
  if (m.state !== 'ACTIVE' || !m.owner) return refusal('FAILED_PRECONDITION', `microshard ${m.id} is ${m.owner ? m.state : 'not assigned yet'}: only an owned, ACTIVE microshard can be migrated`);
  if (!live.has(m.owner)) return refusal('FAILED_PRECONDITION', `microshard ${m.id}'s owner ${m.owner} has no live session`);
  if (!req.toNode) return refusal('INVALID_ARGUMENT', 'to_node is required');
  if (req.toNode === m.owner) return refusal('FAILED_PRECONDITION', `microshard ${m.id} is already on ${m.owner}`);
  if (!live.has(req.toNode)) return refusal('FAILED_PRECONDITION', `target node ${req.toNode} has no live session (live: ${view.liveNodes.join(', ') || 'none'})`);
  if (view.draining.has(req.toNode)) return refusal('FAILED_PRECONDITION', `target node ${req.toNode} is being drained: it takes no new microshards`);
  const busy = busyReason(view.migrations, m);
  if (busy) return refusal('FAILED_PRECONDITION', busy);
  let holdPhase = req.holdPhase ?? '';
  if (holdPhase && !(HOLDABLE_PHASES as readonly string[]).includes(holdPhase)) return refusal('INVALID_ARGUMENT', `hold_phase must be COPYING, CATCHING_UP, CUTOVER or CLEANUP, got "${holdPhase}"`);
  const holdMs = Math.min(req.holdMs ?? 0, MAX_HOLD_MS);
  if (!holdMs) holdPhase = '';
  return { ok: true, microshard: m, holdPhase, holdMs };
}
