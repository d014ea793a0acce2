// The inter-region latency matrix (CSV or JSON) and how it weighs remote accesses for proximity.
import test from 'ava';
import { parseRegionLatency, regionLatency, remoteWeight } from '../../core/region-latency.js';

const CSV = 'from,eu,us,ap\neu,2,80,160\nus,80,2,120\nap,160,120,2\n';

test('CSV and JSON give the same matrix', (t) => {
  const a = parseRegionLatency(CSV, 'm.csv');
  const b = parseRegionLatency(JSON.stringify({ eu: { eu: 2, us: 80, ap: 160 }, us: { eu: 80, us: 2, ap: 120 }, ap: { eu: 160, us: 120, ap: 2 } }), 'm.json');
  for (const x of ['eu', 'us', 'ap']) for (const y of ['eu', 'us', 'ap']) t.is(a.ms(x, y), b.ms(x, y));
  t.is(a.maxMs, 160);
  t.is(a.remoteMs, (80 + 160 + 80 + 120 + 160 + 120) / 6);
  t.is(a.ms('eu', 'mars'), undefined);
});

test('bad matrices are refused naming the file and the problem', (t) => {
  t.throws(() => parseRegionLatency('', 'm.csv'), { message: /m\.csv: empty file/ });
  t.throws(() => parseRegionLatency('from,eu,us\neu,0,5\n', 'm.csv'), { message: /region "us" is in the header but has no row/ });
  t.throws(() => parseRegionLatency('from,eu\neu,-1\n', 'm.csv'), { message: /line 2: latency from "eu" to "eu" must be a number >= 0, got "-1"/ });
  t.throws(() => parseRegionLatency('{"eu": {"eu": 0, "us": 3}}', 'm.json'), { message: /row "eu" names region "us", which has no row/ });
  t.throws(() => parseRegionLatency('{"eu": 3}', 'm.json'), { message: /JSON must be an object of objects/ });
  t.throws(() => parseRegionLatency('{nope', 'm.json'), { message: /not valid JSON/ });
  t.throws(() => regionLatency({ eu: { eu: 0 }, us: { us: 0 } }), { message: /no latency from "eu" to "us"/ });
});

test('remote weight: remote ops without a matrix, latency-weighted with one', (t) => {
  const m = parseRegionLatency(CSV);
  const ops = { eu: 85, us: 10, ap: 5 };
  t.is(remoteWeight(ops, 100, 'eu'), 15);
  t.is(remoteWeight(ops, 100, undefined), 0, 'a node without a region is neither near nor far');
  t.is(remoteWeight(undefined, 0, 'eu'), 0);
  const home = remoteWeight(ops, 100, 'eu', m);
  const far = remoteWeight(ops, 100, 'ap', m);
  t.true(home < remoteWeight(ops, 100, 'us', m) && remoteWeight(ops, 100, 'us', m) < far, 'nearer regions weigh less');
  t.true(Math.abs(home - (85 * 2 + 10 * 80 + 5 * 160) / m.remoteMs) < 1e-9);
});
