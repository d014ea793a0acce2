// The phases of a migration and the only transitions allowed between them (pure). The
// orchestrator checks every transition here before committing it, so an illegal one throws
// instead of reaching etcd.
//
// PLANNED -> COPYING (snapshot stream) -> CATCHING_UP (change tail until the lag is small) ->
// CUTOVER (source fenced at epoch e, final tail, one transaction: owner = target, epoch e + 1) ->
// CLEANUP (the source drops the range after a grace period) -> DONE. Before the cutover commits,
// any failure leads to ABORTED (the target drops its partial copy, the source is unfenced).
// CATCHING_UP may fall back to COPYING when the change tail cannot be resumed (the source's
// change log was trimmed past it) and the copy must start again from a snapshot.

export const MigrationPhase = {
  PLANNED: 'PLANNED',
  COPYING: 'COPYING',
  CATCHING_UP: 'CATCHING_UP',
  CUTOVER: 'CUTOVER',
  CLEANUP: 'CLEANUP',
  DONE: 'DONE',
  ABORTED: 'ABORTED',
} as const;

export type MigrationPhase = (typeof MigrationPhase)[keyof typeof MigrationPhase];

export const MIGRATION_PHASES: readonly MigrationPhase[] = Object.values(MigrationPhase);

/** Every allowed transition: from -> the phases it may go to. */
export const MIGRATION_TRANSITIONS: Readonly<Record<MigrationPhase, readonly MigrationPhase[]>> = {
  PLANNED: ['COPYING', 'ABORTED'],
  COPYING: ['CATCHING_UP', 'ABORTED'],
  CATCHING_UP: ['CUTOVER', 'COPYING', 'ABORTED'],
  CUTOVER: ['CLEANUP', 'ABORTED'],
  // Committed: the new owner serves the range; there is no way back, only forward.
  CLEANUP: ['DONE'],
  DONE: [],
  ABORTED: [],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`illegal migration transition ${from} -> ${to}${isPhase(from) ? ` (allowed from ${from}: ${MIGRATION_TRANSITIONS[from].join(', ') || 'none, it is final'})` : ''}`);
    this.name = 'IllegalTransitionError';
  }
}

export function isPhase(p: string): p is MigrationPhase {
  return (MIGRATION_PHASES as readonly string[]).includes(p);
}

/** Parses a phase name; throws a RangeError naming it when unknown. */
export function parsePhase(p: string): MigrationPhase {
  if (!isPhase(p)) throw new RangeError(`unknown migration phase "${p}" (one of ${MIGRATION_PHASES.join(', ')})`);
  return p;
}

export function canTransition(from: MigrationPhase, to: MigrationPhase): boolean {
  return MIGRATION_TRANSITIONS[from].includes(to);
}

/** Throws IllegalTransitionError unless from -> to is in the table. */
export function assertTransition(from: string, to: string): void {
  if (!isPhase(from) || !isPhase(to) || !canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/** DONE or ABORTED: nothing more happens. */
export function isTerminal(p: MigrationPhase): boolean {
  return MIGRATION_TRANSITIONS[p].length === 0;
}

/** The cutover committed (CLEANUP, DONE): the target owns the range; abort is impossible. */
export function isCommitted(p: MigrationPhase): boolean {
  return p === 'CLEANUP' || p === 'DONE';
}

/** Phases that may still abort. */
export function canAbort(p: MigrationPhase): boolean {
  return canTransition(p, 'ABORTED');
}

/** Phases that move data (count against the per-node concurrency limit). */
export function isCopying(p: MigrationPhase): boolean {
  return p === 'COPYING' || p === 'CATCHING_UP' || p === 'CUTOVER';
}
