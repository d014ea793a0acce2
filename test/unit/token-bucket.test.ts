// The copy's bytes/s budget (held by the source storage node during a Push).
import test from 'ava';
import { TokenBucket } from '../../core/token-bucket.js';

test('token bucket: unlimited at 0; otherwise the long-run rate is the budget', (t) => {
  const free = new TokenBucket(0, 0);
  t.is(free.take(1e9, 0), 0);
  const b = new TokenBucket(1000, 0, 100);
  let now = 0;
  let sent = 0;
  while (now < 10_000) {
    sent += 50;
    now += b.take(50, now) || 1;
  }
  // 10 s at 1000 B/s plus the 100 ms burst.
  t.true(sent >= 9_900 && sent <= 10_200, `sent ${sent} bytes in 10 s at 1000 B/s`);
  t.is(new TokenBucket(1000, 0, 100).take(600, 0), 500, 'a chunk beyond the burst waits for its debt');
});

test('token bucket: a new rate takes effect at once, and 0 lifts the budget (the cutover)', (t) => {
  const b = new TokenBucket(1000, 0, 100);
  t.is(b.take(1100, 0), 1000, 'a second of debt at 1000 B/s');
  b.setRate(10_000, 0);
  t.is(b.take(0, 0), 100, 'the same debt at 10,000 B/s');
  b.setRate(0, 0);
  t.is(b.take(1e9, 0), 0);
});
