import test from 'ava';
import fc from 'fast-check';
import { KEYSPACE_END } from '../../core/keyspace.js';
import {
  bucketOf,
  bucketStart,
  emptyHistogram,
  histogramTotal,
  mergeHistograms,
  rebucket,
  shareBelow,
  splitPointFromHistogram,
  type AccessHistogram,
} from '../../sidecar/telemetry/access-histogram.js';

const h32 = (start: bigint, end: bigint, fill: Record<number, number>): AccessHistogram => {
  const h = emptyHistogram({ start, end }, 32);
  for (const [i, v] of Object.entries(fill)) h.buckets[Number(i)] = v;
  return h;
};

test('bucketOf agrees with bucketStart on every boundary (exact bigint bucketing)', (t) => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: KEYSPACE_END - 2n }), fc.bigInt({ min: 2n, max: KEYSPACE_END }), fc.integer({ min: 1, max: 64 }), (start, width, n) => {
      const end = start + width > KEYSPACE_END ? KEYSPACE_END : start + width;
      if (end <= start) return true;
      const h = emptyHistogram({ start, end }, n);
      for (let i = 0; i < n; i++) {
        const bs = bucketStart(h, i);
        const be = bucketStart(h, i + 1);
        if (be <= bs) continue; // narrower than n positions: empty buckets exist
        if (bucketOf(h, bs) !== i || bucketOf(h, be - 1n) !== i) return false;
      }
      return true;
    }),
  );
  t.pass();
});

test('split point: hand-computed cases', (t) => {
  // [0, 3200) in 32 buckets of 100 positions.
  t.is(splitPointFromHistogram(h32(0n, 3200n, { 0: 10, 1: 10 })).point, 100n, 'half the load in bucket 0: split at its end');
  t.is(splitPointFromHistogram(h32(0n, 3200n, { 5: 30 })).point, 550n, 'all load in bucket 5: its middle');
  // 10 in bucket 2, 30 in bucket 3: half (20) is 10 into bucket 3's 30 -> 300 + 100/3.
  t.is(splitPointFromHistogram(h32(0n, 3200n, { 2: 10, 3: 30 })).point, 333n);
  const empty = splitPointFromHistogram(h32(0n, 3200n, {}));
  t.is(empty.point, 1600n);
  t.is(empty.basis, 'midpoint');
  // Never at the edges, so both halves are non-empty.
  t.is(splitPointFromHistogram(h32(1000n, 1002n, { 0: 5 })).point, 1001n);
  t.throws(() => splitPointFromHistogram(h32(7n, 8n, {})), { message: /cannot be split/ });
});

test('split point balances load on arbitrary histograms over the whole keyspace', (t) => {
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 32, maxLength: 32 }), (buckets) => {
      const h: AccessHistogram = { start: 0n, end: KEYSPACE_END, buckets };
      const s = splitPointFromHistogram(h);
      if (!(s.point > 0n && s.point < KEYSPACE_END)) return false;
      if (histogramTotal(h) === 0) return s.basis === 'midpoint';
      return Math.abs(shareBelow(h, s.point) - 0.5) < 1e-3;
    }),
  );
  t.pass();
});

test('shareBelow interpolates inside a bucket and falls back to width without load', (t) => {
  const h = h32(0n, 3200n, { 0: 10, 1: 30 });
  t.is(shareBelow(h, 100n), 0.25);
  t.is(shareBelow(h, 150n), 0.625);
  t.is(shareBelow(h, 0n), 0);
  t.is(shareBelow(h, 3200n), 1);
  t.is(shareBelow(h32(0n, 3200n, {}), 800n), 0.25);
});

test('rebucket conserves the mass inside the new range and drops the rest', (t) => {
  const h = h32(0n, 3200n, { 0: 10, 31: 20 });
  const narrowed = rebucket(h, { start: 0n, end: 1600n });
  t.is(histogramTotal(narrowed.histogram), 10);
  t.is(narrowed.dropped, 20);
  t.is(narrowed.histogram.buckets[0], 5); // bucket 0 of [0,1600) is [0,50): half of old bucket 0
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 100 }), { minLength: 8, maxLength: 8 }), fc.bigInt({ min: 1n, max: 7999n }), (b, cut) => {
      const src: AccessHistogram = { start: 0n, end: 8000n, buckets: b };
      const left = rebucket(src, { start: 0n, end: cut }, 8).histogram;
      const right = rebucket(src, { start: cut, end: 8000n }, 8).histogram;
      return Math.abs(histogramTotal(left) + histogramTotal(right) - histogramTotal(src)) < 1e-6;
    }),
  );
});

test('mergeHistograms joins adjacent ranges and refuses gaps', (t) => {
  const a = h32(0n, 1600n, { 0: 4 });
  const b = h32(1600n, 3200n, { 31: 6 });
  const m = mergeHistograms([b, a], 32);
  t.is(m.start, 0n);
  t.is(m.end, 3200n);
  t.is(histogramTotal(m), 10);
  t.is(m.buckets[0], 4); // a's bucket 0 is [0,50): all of it lands in the merged [0,100)
  t.is(m.buckets[31], 6); // b's bucket 31 is [3150,3200): merged [3100,3200)
  t.throws(() => mergeHistograms([a, h32(1700n, 3200n, {})]), { message: /adjacent/ });
});
