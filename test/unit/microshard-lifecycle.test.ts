// The microshard lifecycle's transition table and its one owner change; migration admission's
// refusals (reason and status class, the same messages the Admin RPCs answer).
import test from 'ava';
import { MICROSHARD_STATES, type Microshard, type MicroshardState } from '../../core/microshard.js';
import { MICROSHARD_TRANSITIONS, IllegalMicroshardTransitionError, canTransitionMicroshard, changeOwner, orphan } from '../../core/microshard-lifecycle.js';
import { admitMigration, MAX_HOLD_MS, type AdmissionView } from '../../core/migration-admission.js';

const ms = (state: MicroshardState, owner = 'a', epoch = 3n): Microshard => ({ id: '7', start: 0n, end: 100n, owner, epoch, state, createdAtMs: 0, previousOwner: 'z' });

test('the table names every state, and only its transitions are allowed', (t) => {
  t.deepEqual(Object.keys(MICROSHARD_TRANSITIONS).sort(), [...MICROSHARD_STATES].sort());
  for (const from of MICROSHARD_STATES) for (const to of MICROSHARD_STATES) t.is(canTransitionMicroshard(from, to), MICROSHARD_TRANSITIONS[from].includes(to), `${from} -> ${to}`);
  t.false(canTransitionMicroshard('ORPHANED', 'ORPHANED'));
});

test('changeOwner: new owner at epoch + 1, ACTIVE, the old owner recorded; a restore keeps the owner and previousOwner', (t) => {
  for (const s of MICROSHARD_STATES) t.like(changeOwner(ms(s), 'reassigned', 'b'), { owner: 'b', epoch: 4n, state: 'ACTIVE', previousOwner: 'a' });
  t.like(changeOwner(ms('ACTIVE', ''), 'assigned', 'b'), { owner: 'b', epoch: 4n, previousOwner: '' });
  t.like(changeOwner(ms('ORPHANED'), 'restored'), { owner: 'a', epoch: 4n, state: 'ACTIVE', previousOwner: 'z' });
  t.throws(() => changeOwner(ms('ORPHANED'), 'restored', 'b'), { instanceOf: IllegalMicroshardTransitionError, message: /restore keeps the owner a/ });
});

test('orphan keeps owner and epoch; an orphan cannot be orphaned again', (t) => {
  t.like(orphan(ms('ACTIVE')), { owner: 'a', epoch: 3n, state: 'ORPHANED' });
  t.like(orphan(ms('FENCED')), { state: 'ORPHANED' });
  t.throws(() => orphan(ms('ORPHANED')), { instanceOf: IllegalMicroshardTransitionError, message: /ORPHANED -> ORPHANED for microshard 7/ });
});

test('admission answers a reason and a code for each refusal, and the hold to record', (t) => {
  const view = (over: Partial<AdmissionView> = {}): AdmissionView => ({ microshard: ms('ACTIVE'), liveNodes: ['a', 'b', 'c'], draining: new Set(['c']), migrations: [], ...over });
  const req = (over = {}) => ({ microshardId: '7', toNode: 'b', ...over });
  t.like(admitMigration(req(), view({ microshard: undefined })), { ok: false, code: 'NOT_FOUND', reason: 'microshard 7 does not exist' });
  t.like(admitMigration(req(), view({ microshard: ms('ORPHANED') })), { ok: false, code: 'FAILED_PRECONDITION', reason: 'microshard 7 is ORPHANED: only an owned, ACTIVE microshard can be migrated' });
  t.like(admitMigration(req(), view({ liveNodes: ['b'] })), { ok: false, code: 'FAILED_PRECONDITION', reason: "microshard 7's owner a has no live session" });
  t.like(admitMigration(req({ toNode: '' }), view()), { ok: false, code: 'INVALID_ARGUMENT', reason: 'to_node is required' });
  t.like(admitMigration(req({ toNode: 'a' }), view()), { ok: false, code: 'FAILED_PRECONDITION', reason: 'microshard 7 is already on a' });
  t.like(admitMigration(req({ toNode: 'd' }), view()), { ok: false, reason: 'target node d has no live session (live: a, b, c)' });
  t.like(admitMigration(req({ toNode: 'c' }), view()), { ok: false, reason: 'target node c is being drained: it takes no new microshards' });
  const busy = admitMigration(req(), view({ migrations: [{ id: '9', phase: 'COPYING', source: 'a', target: 'c', start: 50n, end: 60n }] }));
  t.true(!busy.ok && /busy: migration 9 \(COPYING\)/.test(busy.reason));
  t.like(admitMigration(req({ holdPhase: 'DONE', holdMs: 5 }), view()), { ok: false, code: 'INVALID_ARGUMENT' });
  t.like(admitMigration(req({ holdPhase: 'CUTOVER', holdMs: 10 * MAX_HOLD_MS }), view()), { ok: true, holdPhase: 'CUTOVER', holdMs: MAX_HOLD_MS });
  t.like(admitMigration(req({ holdPhase: 'CUTOVER' }), view()), { ok: true, holdPhase: '', holdMs: 0 });
});
