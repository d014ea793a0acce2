import test from 'ava';
import { IntervalClock, startRolloverTimer, type RollsOver } from '../../sidecar/telemetry/interval-clock.js';

test('the clock closes every interval that ended, oldest first, and jumps past a long suspension', (t) => {
  const c = new IntervalClock(1000, 3, 10_500);
  t.is(c.openStartMs, 10_000);
  t.deepEqual(c.rollover(10_999, (s) => s), []);
  t.deepEqual(c.rollover(12_000, (s) => s), [10_000, 11_000]);
  // 10 intervals later: 3 are emitted, then the clock jumps to now's interval (the rest is a gap).
  t.deepEqual(c.rollover(22_400, (s) => s), [12_000, 13_000, 14_000]);
  t.is(c.openStartMs, 22_000);
});

test('the rollover timer fires after each boundary, and poke() closes at once without a second close later', async (t) => {
  let now = 1_000;
  const clock = new IntervalClock(60_000, 6, now);
  const closed: number[] = [];
  const target: RollsOver<number> = {
    intervalMs: 60_000,
    get openIntervalStartMs() {
      return clock.openStartMs;
    },
    rollover: (n) => clock.rollover(n, (s) => s),
  };
  const timer = startRolloverTimer(target, { onClosed: (s) => closed.push(s), now: () => now });
  t.teardown(() => timer.stop());
  timer.poke(); // nothing ended yet
  t.deepEqual(closed, []);
  now = 60_010; // past the boundary; the real timer is a minute away
  timer.poke();
  t.deepEqual(closed, [0]);
  timer.poke();
  t.deepEqual(closed, [0], 'an interval closes once');
  // A throwing onClosed is reported and the timer carries on.
  const errors: unknown[] = [];
  const bad = startRolloverTimer(target, { onClosed: () => { throw new Error('boom'); }, onError: (e) => errors.push(e), now: () => now });
  now = 120_010;
  bad.poke();
  bad.stop();
  t.is(errors.length, 1);
  bad.poke(); // stopped: nothing more
  t.is(errors.length, 1);
});
