// The lifecycle of a microshard's ownership (pure): its states, the only transitions allowed
// between them, and the one way an owner changes. Every writer of a new owner (the leader's
// reconciliation, an operator's reassignment, a migration's cutover) goes through changeOwner,
// so "new owner, epoch + 1, ACTIVE" is written once and checked against the table.
//
// ACTIVE   the owner serves the range at its epoch.
// ORPHANED the owner lost its session under the `await` orphan policy: nobody serves the range
//          until the owner returns (restored) or it is reassigned; owner and epoch are kept.
// FENCED   a lifecycle step holds the range: reads are served, writes are refused.
// Any change of owner (or a restore) bumps the epoch: the fencing token of invariant 2.
import type { Microshard, MicroshardState } from './microshard.js';

/** Every allowed transition: from -> the states it may go to (ACTIVE -> ACTIVE: a new owner). */
export const MICROSHARD_TRANSITIONS: Readonly<Record<MicroshardState, readonly MicroshardState[]>> = {
  ACTIVE: ['ACTIVE', 'ORPHANED', 'FENCED'],
  ORPHANED: ['ACTIVE'],
  FENCED: ['ACTIVE', 'ORPHANED'],
};

/** Why a microshard gets an owner at a new epoch (the event kinds `microshard_<kind>`). */
export type OwnerChangeKind = 'assigned' | 'reassigned' | 'restored' | 'migrated';

export class IllegalMicroshardTransitionError extends Error {
  constructor(
    readonly id: string,
    readonly from: MicroshardState,
    readonly to: MicroshardState,
    detail = `allowed from ${from}: ${MICROSHARD_TRANSITIONS[from].join(', ') || 'none'}`,
  ) {
    super(`illegal microshard transition ${from} -> ${to} for microshard ${id} (${detail})`);
    this.name = 'IllegalMicroshardTransitionError';
  }
}

export function canTransitionMicroshard(from: MicroshardState, to: MicroshardState): boolean {
  return MICROSHARD_TRANSITIONS[from].includes(to);
}

/**
 * The microshard owned by `owner` at epoch + 1, ACTIVE. `restored` gives it back to its own
 * owner (who returned) and keeps previousOwner, since the owner did not change; every other
 * kind records the old owner as previousOwner. Throws IllegalMicroshardTransitionError when the
 * table forbids it, or when a restore names another owner.
 */
export function changeOwner(m: Microshard, kind: OwnerChangeKind, owner: string = m.owner): Microshard {
  if (!canTransitionMicroshard(m.state, 'ACTIVE')) throw new IllegalMicroshardTransitionError(m.id, m.state, 'ACTIVE');
  if (kind === 'restored') {
    if (owner !== m.owner) throw new IllegalMicroshardTransitionError(m.id, m.state, 'ACTIVE', `a restore keeps the owner ${m.owner}, not ${owner}`);
    return { ...m, state: 'ACTIVE', epoch: m.epoch + 1n };
  }
  return { ...m, owner, state: 'ACTIVE', epoch: m.epoch + 1n, previousOwner: m.owner };
}

/** The microshard marked ORPHANED: owner and epoch kept (nobody serves it until it is restored). */
export function orphan(m: Microshard): Microshard {
  if (!canTransitionMicroshard(m.state, 'ORPHANED')) throw new IllegalMicroshardTransitionError(m.id, m.state, 'ORPHANED');
  return { ...m, state: 'ORPHANED' };
}
