// The migration phase table: every allowed transition passes, every other one throws.
import test from 'ava';
import { MIGRATION_PHASES, MIGRATION_TRANSITIONS, MigrationPhase, assertTransition, canAbort, isCommitted, isTerminal, parsePhase, IllegalTransitionError } from '../../core/migration-phases.js';

const ALLOWED = new Set([
  'PLANNED>COPYING', 'PLANNED>ABORTED',
  'COPYING>CATCHING_UP', 'COPYING>ABORTED',
  'CATCHING_UP>CUTOVER', 'CATCHING_UP>COPYING', 'CATCHING_UP>ABORTED',
  'CUTOVER>CLEANUP', 'CUTOVER>ABORTED',
  'CLEANUP>DONE',
]);

test('exactly the documented transitions are allowed; every other pair throws naming both phases', (t) => {
  t.deepEqual([...MIGRATION_PHASES], ['PLANNED', 'COPYING', 'CATCHING_UP', 'CUTOVER', 'CLEANUP', 'DONE', 'ABORTED']);
  let checked = 0;
  for (const from of MIGRATION_PHASES) {
    for (const to of MIGRATION_PHASES) {
      checked++;
      if (ALLOWED.has(`${from}>${to}`)) t.notThrows(() => assertTransition(from, to), `${from} -> ${to}`);
      else {
        const err = t.throws(() => assertTransition(from, to), { instanceOf: IllegalTransitionError });
        t.regex(err!.message, new RegExp(`${from} -> ${to}`));
      }
    }
  }
  t.is(checked, 49);
  t.is(Object.values(MIGRATION_TRANSITIONS).flat().length, ALLOWED.size);
});

test('unknown phases are refused', (t) => {
  t.throws(() => assertTransition('PLANNED', 'FLYING'), { instanceOf: IllegalTransitionError });
  t.throws(() => assertTransition('', 'COPYING'), { instanceOf: IllegalTransitionError });
  t.throws(() => parsePhase('copying'), { message: /unknown migration phase "copying"/ });
  t.is(parsePhase('CUTOVER'), MigrationPhase.CUTOVER);
});

test('after the cutover commits there is no abort; DONE and ABORTED are final', (t) => {
  t.true(canAbort('PLANNED') && canAbort('COPYING') && canAbort('CATCHING_UP') && canAbort('CUTOVER'));
  t.false(canAbort('CLEANUP'));
  t.false(canAbort('DONE'));
  t.true(isCommitted('CLEANUP') && isCommitted('DONE'));
  t.false(isCommitted('CUTOVER'));
  t.true(isTerminal('DONE') && isTerminal('ABORTED'));
  t.false(MIGRATION_PHASES.filter((p) => p !== 'DONE' && p !== 'ABORTED').some(isTerminal));
});
