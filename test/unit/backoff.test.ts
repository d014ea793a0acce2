// Backoff: jittered waits that grow to the cap and start again after a reset.
import test from 'ava';
import { Backoff } from '../../platform/backoff.js';

test('waits grow with jitter, stay under the cap, and reset', (t) => {
  for (let run = 0; run < 50; run++) {
    const b = new Backoff(100, 2_000);
    const waits = Array.from({ length: 10 }, () => b.next());
    waits.forEach((w, n) => {
      const d = Math.min(2_000, 100 * 2 ** n);
      t.true(w >= d / 2 && w <= d, `wait ${n} is ${w}, expected within [${d / 2}, ${d}]`);
    });
    b.reset();
    const w = b.next();
    t.true(w >= 50 && w <= 100);
  }
});
