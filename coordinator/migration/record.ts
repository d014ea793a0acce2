// A migration as stored in etcd under migrations/<id>: JSON in the shape of the proto
// `Migration` message (camelCase, 64-bit integers as decimal strings, times as numbers), plus a
// few orchestrator-only fields the proto does not show.
import { parsePhase, type MigrationPhase } from '../../core/migration-phases.js';
import type { MigrationView } from '../../core/migration-schedule.js';
import { parsePosition } from '../../core/keyspace.js';
import type { Migration } from '../../generated/proto/shardcast/v1/Migration.js';

export interface MigrationRecord {
  id: string;
  phase: MigrationPhase;
  microshardId: string;
  start: string;
  end: string;
  source: string;
  target: string;
  /** Owner epoch when planned: fenced at the cutover; the commit sets epoch + 1. */
  epoch: string;
  snapshotSeq: string;
  appliedSeq: string;
  fenceSeq: string;
  plannedAtMs: number;
  startedAtMs: number;
  phaseAtMs: number;
  /** 0 until the copy starts. */
  deadlineMs: number;
  fencedAtMs: number;
  committedAtMs: number;
  finishedAtMs: number;
  /** -1: unknown. */
  pauseMs: number;
  fenceToCommitMs: number;
  error: string;
  requestedBy: string;
  reason: string;
  bytes: string;
  entries: string;
  attempt: number;
  maxBytesPerS: number;
  /** Copy at exactly maxBytesPerS instead of adapting to the foreground (absent in older records: adaptive). */
  fixedRate?: boolean;
  verifyChecksums: boolean;
  hasMerge: boolean;
  mergeWith: string;
  merged: boolean;
  mergedInto: string;
  sourceChecksum: string;
  targetChecksum: string;
  abortRequested: boolean;
  holdPhase: string;
  holdMs: number;
  droppedEntries: string;
  copyMbS: number;
  skippedOlder: string;
  // ---- orchestrator-only ----
  /** How long after the copy starts the cutover must commit (sets deadlineMs at start). */
  deadlineBudgetMs: number;
  /** Range kept busy (no other migration, split or merge): the range, or with a merge both. */
  lockStart: string;
  lockEnd: string;
  /** The merge step ran and could not commit (the reason is in `error`). */
  mergeSkipped: boolean;
}

export function newRecord(fields: Pick<MigrationRecord, 'id' | 'microshardId' | 'start' | 'end' | 'source' | 'target' | 'epoch' | 'requestedBy' | 'reason' | 'maxBytesPerS' | 'verifyChecksums' | 'deadlineBudgetMs'> & Partial<MigrationRecord>, nowMs: number): MigrationRecord {
  return {
    phase: 'PLANNED',
    snapshotSeq: '0',
    appliedSeq: '0',
    fenceSeq: '0',
    plannedAtMs: nowMs,
    startedAtMs: 0,
    phaseAtMs: nowMs,
    deadlineMs: 0,
    fencedAtMs: 0,
    committedAtMs: 0,
    finishedAtMs: 0,
    pauseMs: -1,
    fenceToCommitMs: -1,
    error: '',
    bytes: '0',
    entries: '0',
    attempt: 0,
    hasMerge: false,
    mergeWith: '0',
    merged: false,
    mergedInto: '0',
    sourceChecksum: '',
    targetChecksum: '',
    abortRequested: false,
    holdPhase: '',
    holdMs: 0,
    droppedEntries: '0',
    copyMbS: 0,
    skippedOlder: '0',
    lockStart: fields.start,
    lockEnd: fields.end,
    mergeSkipped: false,
    ...fields,
  };
}

/** Parses a record read from etcd; throws a RangeError naming what is wrong. */
export function parseRecord(json: string): MigrationRecord {
  const r = JSON.parse(json) as MigrationRecord;
  if (typeof r !== 'object' || r === null) throw new RangeError('migration record is not an object');
  if (!/^\d{1,20}$/.test(String(r.id))) throw new RangeError(`migration id must be decimal, got "${String(r.id)}"`);
  r.phase = parsePhase(String(r.phase));
  parsePosition(String(r.start));
  parsePosition(String(r.end), true);
  parsePosition(String(r.lockStart ?? r.start));
  parsePosition(String(r.lockEnd ?? r.end), true);
  r.lockStart ??= r.start;
  r.lockEnd ??= r.end;
  return r;
}

/** The view the scheduler works on (the busy range is the lock range). */
export function toView(r: MigrationRecord): MigrationView {
  return { id: r.id, phase: r.phase, source: r.source, target: r.target, start: parsePosition(r.lockStart), end: parsePosition(r.lockEnd, true) };
}

/** The proto shape for the Admin API. */
export function toProto(r: MigrationRecord): Migration {
  return {
    id: r.id,
    phase: r.phase,
    microshardId: r.microshardId,
    start: r.start,
    end: r.end,
    source: r.source,
    target: r.target,
    epoch: r.epoch,
    snapshotSeq: r.snapshotSeq,
    appliedSeq: r.appliedSeq,
    fenceSeq: r.fenceSeq,
    plannedAtMs: r.plannedAtMs,
    startedAtMs: r.startedAtMs,
    phaseAtMs: r.phaseAtMs,
    deadlineMs: r.deadlineMs,
    fencedAtMs: r.fencedAtMs,
    committedAtMs: r.committedAtMs,
    finishedAtMs: r.finishedAtMs,
    pauseMs: r.pauseMs,
    fenceToCommitMs: r.fenceToCommitMs,
    error: r.error,
    requestedBy: r.requestedBy,
    reason: r.reason,
    bytes: r.bytes,
    entries: r.entries,
    attempt: r.attempt,
    maxBytesPerS: String(r.maxBytesPerS),
    verifyChecksums: r.verifyChecksums,
    hasMerge: r.hasMerge,
    mergeWith: r.mergeWith,
    merged: r.merged,
    mergedInto: r.mergedInto,
    sourceChecksum: r.sourceChecksum,
    targetChecksum: r.targetChecksum,
    abortRequested: r.abortRequested,
    holdPhase: r.holdPhase,
    holdMs: r.holdMs,
    droppedEntries: r.droppedEntries,
    copyMbS: r.copyMbS,
    skippedOlder: r.skippedOlder,
  };
}
