import test from 'ava';
import { evenRanges, findRangeIndex } from '../../core/ranges.js';
import { v1 } from '../../platform/proto.js';
import { Aggregator } from '../../sidecar/telemetry/aggregator.js';
import { toLoadReport } from '../../sidecar/telemetry/load-report.js';
import { EMPTY_HOST_SNAPSHOT } from '../../sidecar/telemetry/host-metrics.js';

test('a closed interval travels as a LoadReport over the Session contract', (t) => {
  const ranges = evenRanges(4).map((r) => ({ id: String(100 + Number(r.id)), start: r.start, end: r.end }));
  const agg = new Aggregator({ lookup: (p) => ranges[findRangeIndex(ranges, p)], startMs: 1_700_000_000_000, owned: () => ranges, sizeOf: () => 12345 });
  agg.ingestBatch({
    records: [
      { keyHash: '1', reads: 3, bytesRead: 300, latencyUs: 3000, coAccessGroup: 7 },
      { keyHash: 'c000000000000001', writes: 1, bytesWritten: 10, errors: 1, coAccessGroup: 7 },
    ],
  });
  const [closed] = agg.rollover(1_700_000_010_000);
  const report = toLoadReport(closed!, { ...EMPTY_HOST_SNAPSHOT, cpuUtilisation: 0.5, memoryTotalBytes: 1024 });
  const method = v1.Coordinator.service.Session;
  const back = method.requestDeserialize(method.requestSerialize({ load: report }));
  const load = back.load!;
  t.is(load.intervalStartMs, '1700000000000');
  t.is(load.intervalMs, '10000');
  t.deepEqual(load.microshards.map((m) => [m.microshardId, m.reads, m.writes, m.errors, m.sizeBytes]), [
    ['100', '3', '0', '0', '12345'],
    ['101', '0', '0', '0', '12345'],
    ['102', '0', '0', '0', '12345'],
    ['103', '0', '1', '1', '12345'],
  ]);
  t.is(load.microshards[0]!.accessBuckets.length, 32);
  t.is(load.microshards[0]!.accessBuckets[0], 3);
  t.deepEqual(load.microshards[1]!.accessBuckets, [], 'idle microshards send no buckets');
  t.true(Math.abs(load.microshards[0]!.latencyP50Ms - 1) < 0.01);
  t.deepEqual(load.coAccess.map((p) => [p.a, p.b, p.count]), [['100', '103', 1]]);
  t.is(load.host!.cpuUtilisation, 0.5);
  t.is(load.host!.memoryTotalBytes, '1024');
});
