// LeaderTerm: work of an old term is not alive after a deposition or a re-election, and the
// term's timer ends with it.
import test from 'ava';
import { LeaderTerm } from '../../coordinator/cluster/leader-term.js';

test('a term is alive until it ends, a re-election, or the election disagrees', (t) => {
  let leader = true;
  const term = new LeaderTerm(() => leader);
  t.false(term.leading);
  const first = term.begin();
  t.true(term.leading);
  t.true(term.alive(first));
  leader = false;
  t.false(term.alive(first));
  leader = true;
  term.end();
  t.false(term.leading);
  t.false(term.alive(first));
  t.false(term.isCurrent(first));
  const second = term.begin();
  t.not(second, first);
  t.true(term.alive(second));
  t.false(term.alive(first));
  t.is(term.current, second);
});

test('the repeating timer stops when the term ends', async (t) => {
  const term = new LeaderTerm(() => true);
  term.begin();
  let ticks = 0;
  term.every(5, () => ticks++);
  await new Promise((r) => setTimeout(r, 40));
  term.end();
  const seen = ticks;
  t.true(seen > 0);
  await new Promise((r) => setTimeout(r, 40));
  t.is(ticks, seen);
});
