import test from 'ava';
import { KEYSPACE_END, positionToHex } from '../../core/keyspace.js';
import { evenRanges, findRangeIndex } from '../../core/ranges.js';
import { v1 } from '../../platform/proto.js';
import { Aggregator } from '../../sidecar/telemetry/aggregator.js';
import type { RoutedRange } from '../../sidecar/telemetry/route-cache.js';
import { splitPointFromHistogram, bucketOf } from '../../sidecar/telemetry/access-histogram.js';
import type { AccessRecord } from '../../generated/proto/shardcast/v1/AccessRecord.js';

/** A route table of `n` even microshards with ids "m0".."m(n-1)". */
function table(n: number): { ranges: RoutedRange[]; lookup: (p: bigint) => RoutedRange } {
  const ranges = evenRanges(n).map((r) => ({ id: `m${r.id}`, start: r.start, end: r.end }));
  return { ranges, lookup: (p) => ranges[findRangeIndex(ranges, p)]! };
}

const Q = KEYSPACE_END / 4n; // width of each of 4 microshards
const BUCKET = Q / 32n; // access bucket width inside one of them
const hex = (p: bigint): string => positionToHex(p);
const wire = (records: AccessRecord[]): Buffer => v1.Sidecar.service.ReportAccess.requestSerialize({ records });

test('one interval against hand-computed totals', (t) => {
  const { lookup } = table(4);
  const agg = new Aggregator({ lookup, intervalMs: 10_000, startMs: 1_000_000, sizeOf: (id) => (id === 'm0' ? 4096 : undefined) });
  t.is(agg.openIntervalStartMs, 1_000_000);
  agg.ingestWire(
    wire([
      // m0: 3 reads (3000 us total: 1000 us each), 1200 bytes read
      { keyHash: hex(5n * BUCKET + 7n), reads: 3, bytesRead: 1200, latencyUs: 3000 },
      // m0: 1 write, 1 error, 500 us
      { keyHash: hex(5n * BUCKET + 9n), writes: 1, bytesWritten: 100, latencyUs: 500, errors: 1 },
      // m2: 2 reads + 2 writes in one record
      { keyHash: hex(2n * Q + 31n * BUCKET), reads: 2, writes: 2, bytesRead: 10, bytesWritten: 20, latencyUs: 400 },
    ]),
  );
  agg.ingestBatch({ records: [{ keyHash: hex(10n), reads: 1, latencyUs: '2000', bytesRead: '1' }] }); // m0 bucket 0
  t.deepEqual(agg.rollover(1_009_999), [], 'the interval is still open 1 ms before its end');
  const [closed, ...rest] = agg.rollover(1_010_000);
  t.is(rest.length, 0);
  t.is(closed!.startMs, 1_000_000);
  t.is(closed!.intervalMs, 10_000);
  t.deepEqual(closed!.totals, { batches: 2, records: 4, ops: 9, rejected: 0, unrouted: 0 });
  t.deepEqual(closed!.microshards.map((m) => m.microshardId), ['m0', 'm2']);
  const m0 = closed!.microshards[0]!;
  t.is(m0.reads, 4);
  t.is(m0.writes, 1);
  t.is(m0.ops, 5);
  t.is(m0.records, 3);
  t.is(m0.bytesRead, 1201);
  t.is(m0.bytesWritten, 100);
  t.is(m0.errors, 1);
  t.is(m0.errorRate, 0.2);
  t.is(m0.readFraction, 0.8);
  t.is(m0.readWriteRatio, 4);
  t.is(m0.opsPerSecond, 0.5);
  t.is(m0.sizeBytes, 4096);
  // Per-op latencies: 1000, 1000, 1000, 500, 2000 us -> mean 1.1 ms, p50 1 ms, p99 2 ms (hdr, 1 %).
  t.is(m0.latencyMeanMs, 1.1);
  t.true(Math.abs(m0.latencyP50Ms - 1) <= 0.01, `p50 ${m0.latencyP50Ms}`);
  t.true(Math.abs(m0.latencyP99Ms - 2) <= 0.02, `p99 ${m0.latencyP99Ms}`);
  t.is(m0.access.buckets[5], 4);
  t.is(m0.access.buckets[0], 1);
  t.is(m0.access.buckets.reduce((a, b) => a + b, 0), 5);
  const m2 = closed!.microshards[1]!;
  t.is(m2.readWriteRatio, 1);
  t.is(m2.access.buckets[31], 4);
  t.is(m2.sizeBytes, undefined);
  t.is(m2.latencyP50Ms > 0.099 && m2.latencyP50Ms < 0.101, true, `p50 ${m2.latencyP50Ms}`);
  // The next interval starts empty.
  const [next] = agg.rollover(1_020_000);
  t.is(next!.startMs, 1_010_000);
  t.deepEqual(next!.microshards, []);
});

test('p50 and p99 come from the histogram: 99 fast ops and 1 slow, then 98 and 2', (t) => {
  const { lookup } = table(1);
  const agg = new Aggregator({ lookup, startMs: 0 });
  agg.ingestBatch({ records: [{ keyHash: '1', reads: 99, latencyUs: 99 * 1000 }, { keyHash: '2', reads: 1, latencyUs: 100_000 }] });
  const [a] = agg.rollover(10_000);
  t.true(Math.abs(a!.microshards[0]!.latencyP99Ms - 1) <= 0.01, `99 of 100 ops at 1 ms: p99 is 1 ms, got ${a!.microshards[0]!.latencyP99Ms}`);
  agg.ingestBatch({ records: [{ keyHash: '1', reads: 98, latencyUs: 98 * 1000 }, { keyHash: '2', reads: 2, latencyUs: 200_000 }] });
  const [b] = agg.rollover(20_000);
  t.true(Math.abs(b!.microshards[0]!.latencyP99Ms - 100) <= 1, `2 of 100 ops at 100 ms: p99 is 100 ms, got ${b!.microshards[0]!.latencyP99Ms}`);
  t.true(Math.abs(b!.microshards[0]!.latencyP50Ms - 1) <= 0.01);
});

test('rollover closes every elapsed interval, and jumps after a long pause', (t) => {
  const { lookup, ranges } = table(2);
  const agg = new Aggregator({ lookup, intervalMs: 1000, startMs: 5500, owned: () => ranges, maxCatchUpIntervals: 6 });
  t.is(agg.openIntervalStartMs, 5000, 'aligned down to the interval');
  agg.ingestBatch({ records: [{ keyHash: '10', reads: 1 }] });
  const three = agg.rollover(8000);
  t.deepEqual(three.map((c) => c.startMs), [5000, 6000, 7000]);
  t.is(three[0]!.totals.ops, 1);
  t.is(three[1]!.totals.ops, 0);
  // Owned microshards are reported even when idle, with zeros.
  t.deepEqual(three[1]!.microshards.map((m) => [m.microshardId, m.ops]), [['m0', 0], ['m1', 0]]);
  const capped = agg.rollover(8000 + 100 * 1000);
  t.is(capped.length, 6);
  t.is(agg.openIntervalStartMs, 108_000, 'skipped intervals are left as a gap');
});

test('records without a route are counted as unrouted, invalid ones as rejected', (t) => {
  const agg = new Aggregator({ lookup: (p) => (p < 1000n ? { id: 'low', start: 0n, end: 1000n } : undefined), startMs: 0 });
  const r = agg.ingestWire(wire([{ keyHash: '10', reads: 1 }, { keyHash: 'ffff', reads: 1 }, { keyHash: 'zz', reads: 1 }]));
  t.like(r, { records: 3, accepted: 1, unrouted: 1, rejected: 1, ops: 1 });
  t.deepEqual(r.errors, ['record 2: key_hash "zz" is not 1-16 hex digits']);
  const [c] = agg.rollover(10_000);
  t.like(c!.totals, { records: 3, ops: 1, rejected: 1, unrouted: 1 });
});

test('key bytes are hashed like the routing layer (keyPosition)', (t) => {
  const { lookup } = table(4);
  const agg = new Aggregator({ lookup, startMs: 0 });
  agg.ingestWire(wire([{ key: Buffer.from('user:42'), reads: 1 }]));
  agg.ingestBatch({ records: [{ key: 'user:42', reads: 1 }] });
  const [c] = agg.rollover(10_000);
  t.is(c!.microshards.length, 1);
  t.is(c!.microshards[0]!.ops, 2);
});

test('the wire path and the decoded-object path aggregate identically', (t) => {
  const records: AccessRecord[] = [];
  for (let i = 0; i < 500; i++) {
    records.push({
      keyHash: hex((BigInt(i) * 0x9e3779b97f4a7c15n) & (KEYSPACE_END - 1n)),
      reads: i % 3,
      writes: i % 2,
      bytesRead: i * 10,
      bytesWritten: i,
      latencyUs: 100 + i,
      errors: i % 50 === 0 ? 1 : 0,
      coAccessGroup: i % 5 === 0 ? Math.floor(i / 10) + 1 : 0,
      clientRegion: i % 7 === 0 ? 'eu' : '',
    });
  }
  const buf = wire(records);
  const { lookup } = table(16);
  const a = new Aggregator({ lookup, startMs: 0 });
  const b = new Aggregator({ lookup, startMs: 0 });
  a.ingestWire(buf);
  b.ingestBatch(v1.Sidecar.service.ReportAccess.requestDeserialize(buf));
  t.deepEqual(a.rollover(10_000), b.rollover(10_000));
});

test('the split point from the access histogram separates a hot half', (t) => {
  const { lookup } = table(4);
  const agg = new Aggregator({ lookup, startMs: 0 });
  // m1 = [Q, 2Q): 300 ops in bucket 3, 100 ops in bucket 20.
  agg.ingestBatch({ records: [{ keyHash: hex(Q + 3n * BUCKET + 1n), reads: 300 }, { keyHash: hex(Q + 20n * BUCKET + 1n), reads: 100 }] });
  const m1 = agg.rollover(10_000)[0]!.microshards[0]!;
  t.is(m1.microshardId, 'm1');
  const s = splitPointFromHistogram(m1.access);
  // Half the load (200) is 2/3 into bucket 3.
  t.true(s.point > Q + 3n * BUCKET + (2n * BUCKET) / 3n - 2n && s.point < Q + 3n * BUCKET + (2n * BUCKET) / 3n + BUCKET / 1000n);
  t.true(Math.abs(s.leftShare - 0.5) < 1e-5);
});

test('a route change mid-interval: the old id reports its part, new ids the rest', (t) => {
  let ranges: RoutedRange[] = [{ id: 'p', start: 0n, end: KEYSPACE_END }];
  const agg = new Aggregator({ lookup: (p) => ranges[findRangeIndex(ranges, p)], startMs: 0 });
  agg.ingestBatch({ records: [{ keyHash: '10', reads: 2 }, { keyHash: 'f000000000000000', reads: 1 }] });
  const half = KEYSPACE_END / 2n;
  ranges = [
    { id: 'a', start: 0n, end: half },
    { id: 'b', start: half, end: KEYSPACE_END },
  ];
  agg.invalidateRoutes();
  agg.ingestBatch({ records: [{ keyHash: '10', reads: 5 }, { keyHash: 'f000000000000000', reads: 7 }] });
  const [c] = agg.rollover(10_000);
  t.deepEqual(
    c!.microshards.map((m) => [m.microshardId, m.ops]),
    [
      ['p', 3],
      ['a', 5],
      ['b', 7],
    ],
  );
  t.is(agg.trackedMicroshards, 2, 'the retired id is forgotten after its interval closed');
  // A merge that keeps an id re-bins its access histogram over the wider range.
  ranges = [{ id: 'a', start: 0n, end: KEYSPACE_END }];
  agg.ingestBatch({ records: [{ keyHash: '10', reads: 1 }] }); // still cached as [0, half)
  agg.invalidateRoutes();
  agg.ingestBatch({ records: [{ keyHash: 'f000000000000000', reads: 1 }] });
  const [d] = agg.rollover(20_000);
  const a = d!.microshards.find((m) => m.microshardId === 'a')!;
  t.is(a.end, KEYSPACE_END);
  t.is(a.access.buckets[0], 1, 'the op recorded under the narrow range moved to the wide range bucket');
  t.is(a.access.buckets[30], 1);
});

test('co-access groups within a batch feed the pair sketch', (t) => {
  const { lookup } = table(4);
  const agg = new Aggregator({ lookup, startMs: 0 });
  const m = (i: bigint): string => hex(i * Q + 5n);
  const records: AccessRecord[] = [];
  for (let g = 1; g <= 30; g++) {
    records.push({ keyHash: m(0n), reads: 1, coAccessGroup: g }, { keyHash: m(3n), reads: 1, coAccessGroup: g });
    if (g <= 10) records.push({ keyHash: m(1n), reads: 1, coAccessGroup: g });
    records.push({ keyHash: m(0n), reads: 1, coAccessGroup: g }); // duplicate member: counted once
  }
  records.push({ keyHash: m(2n), reads: 1, coAccessGroup: 0 }); // no group
  agg.ingestWire(wire(records));
  // Group ids are per batch: the same id in another batch is another request.
  agg.ingestWire(wire([{ keyHash: m(1n), reads: 1, coAccessGroup: 1 }, { keyHash: m(2n), reads: 1, coAccessGroup: 1 }]));
  const [c] = agg.rollover(10_000);
  const top = c!.coAccess.map((p) => [p.a, p.b, p.count]);
  t.deepEqual(top[0], ['m0', 'm3', 30]);
  t.deepEqual(new Set(top.slice(1, 3).map((x) => x.join())), new Set(['m0,m1,10', 'm1,m3,10']));
  t.deepEqual(top[3], ['m1', 'm2', 1]);
  t.is(top.length, 4);
  t.is(c!.coAccess[0]!.jaccard, 1, 'm0 and m3 only ever appear together');
  t.is(agg.coAccess.groups, 31);
});

test('against a plain reference over many microshards, route changes and reused state', (t) => {
  // 300 microshards (the state arena grows several times), then a re-tiling into 120 (states
  // retire and their slots are reused), over three intervals; every figure is checked against
  // a straightforward Map-based sum with exact bigint bucketing.
  let x = 12345;
  const rnd = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  let current = table(300);
  const agg = new Aggregator({ lookup: (p) => current.lookup(p), startMs: 0 });
  for (let interval = 0; interval < 3; interval++) {
    if (interval === 2) {
      current = { ...table(120) };
      current.ranges.forEach((r) => (r.id = `t${r.id}`));
      agg.invalidateRoutes();
    }
    const ref = new Map<string, { reads: number; writes: number; bytes: number; errors: number; records: number; latSum: number; latOps: number; buckets: number[] }>();
    for (let batch = 0; batch < 4; batch++) {
      const records: AccessRecord[] = [];
      for (let i = 0; i < 2000; i++) {
        const pos = ((BigInt(rnd()) << 32n) | BigInt(rnd())) & (KEYSPACE_END - 1n);
        const rec = { keyHash: hex(pos), reads: rnd() % 3, writes: rnd() % 2, bytesRead: rnd() % 5000, bytesWritten: rnd() % 100, latencyUs: rnd() % 4000, errors: rnd() % 50 === 0 ? 1 : 0 };
        records.push(rec);
        const r = current.lookup(pos);
        const e = ref.get(r.id) ?? { reads: 0, writes: 0, bytes: 0, errors: 0, records: 0, latSum: 0, latOps: 0, buckets: new Array<number>(32).fill(0) };
        ref.set(r.id, e);
        const ops = rec.reads + rec.writes;
        e.reads += rec.reads;
        e.writes += rec.writes;
        e.bytes += rec.bytesRead + rec.bytesWritten;
        e.errors += rec.errors;
        e.records++;
        if (ops > 0 && rec.latencyUs > 0) {
          e.latSum += rec.latencyUs;
          e.latOps += ops;
        }
        if (ops > 0) e.buckets[bucketOf({ start: r.start, end: r.end, buckets: e.buckets }, pos)]! += ops;
      }
      agg.ingestWire(wire(records));
    }
    const [closed] = agg.rollover((interval + 1) * 10_000);
    t.is(closed!.microshards.length, ref.size);
    for (const m of closed!.microshards) {
      const e = ref.get(m.microshardId)!;
      t.truthy(e, m.microshardId);
      t.deepEqual(
        [m.reads, m.writes, m.bytesRead + m.bytesWritten, m.errors, m.records, m.access.buckets],
        [e.reads, e.writes, e.bytes, e.errors, e.records, e.buckets],
        `interval ${interval} microshard ${m.microshardId}`,
      );
      t.is(m.latencyMeanMs, e.latOps > 0 ? e.latSum / e.latOps / 1000 : 0);
    }
  }
  t.is(agg.trackedMicroshards, 120, 'retired microshards were forgotten');
});

test('a batch stamped past the open interval closes it before its records count (a late timer does not pull them back)', (t) => {
  const { lookup } = table(4);
  let now = 1_012_300; // the sidecar's clock: the timer for 1_010_000 is 2.3 s late
  const agg = new Aggregator({ lookup, intervalMs: 10_000, startMs: 1_000_000, batchClock: () => now });
  const at = (atMs: number, reads: number, records: Array<{ keyHash: string; reads: number }> = [{ keyHash: hex(10n), reads }]): Buffer =>
    v1.Sidecar.service.ReportAccess.requestSerialize({ atMs, records });
  agg.ingestWire(at(1_009_990, 2)); // before the boundary: the open interval
  t.is(agg.pendingClosed, 0);
  agg.ingestWire(at(1_010_200, 50)); // after it: closes [1_000_000, 1_010_000) first
  t.is(agg.pendingClosed, 1);
  agg.ingestBatch({ atMs: 1_010_250, records: [{ keyHash: hex(10n), reads: 7 }] }); // decoded path, same interval
  const closed = agg.rollover(now);
  t.deepEqual(closed.map((c) => [c.startMs, c.microshards.find((m) => m.microshardId === 'm0')?.reads]), [[1_000_000, 2]]);
  t.is(agg.pendingClosed, 0);
  now = 1_020_000;
  t.deepEqual(agg.rollover(now).map((c) => [c.startMs, c.microshards.find((m) => m.microshardId === 'm0')?.reads]), [[1_010_000, 57]]);
  // at_ms ahead of the sidecar's clock counts as its now: no jump into the future.
  agg.ingestWire(at(5_000_000_000, 1));
  t.is(agg.pendingClosed, 0);
  t.is(agg.openIntervalStartMs, 1_020_000);
  // Without a batch clock only rollover() moves time.
  const plain = new Aggregator({ lookup, intervalMs: 10_000, startMs: 1_000_000 });
  plain.ingestWire(at(1_010_200, 3));
  t.is(plain.pendingClosed, 0);
  t.deepEqual(plain.rollover(1_012_300).map((c) => [c.startMs, c.microshards.find((m) => m.microshardId === 'm0')?.reads]), [[1_000_000, 3]]);
});
