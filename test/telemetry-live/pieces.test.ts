// The pure parts of the telemetry wiring: route lineage, load report validation and the load
// store, PredictLoad's answers, report chunking, the forecast shape, History.fineOps, the chart.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { detectLineage, type IdRange } from '../../core/lineage.js';
import { evenRanges } from '../../core/ranges.js';
import { keyPosition, KEYSPACE_END } from '../../core/keyspace.js';
import { v1 } from '../../platform/proto.js';
import { LoadStore, validateLoadReport, DEFAULT_RECENT_INTERVALS } from '../../coordinator/cluster/load-store.js';
import { answerPredictLoad, type PredictLoadContext } from '../../coordinator/admin/predict-load.js';
import type { ClusterState } from '../../coordinator/cluster/state.js';
import type { Microshard } from '../../core/microshard.js';
import { chunkLoadReport } from '../../sidecar/telemetry-pipeline.js';
import { forecastShape } from '../../sidecar/forecasts.js';
import { History } from '../../sidecar/telemetry/history.js';
import { forecastChart, shortDuration, shortNumber } from '../../cli/chart.js';
import type { LoadReport, LoadReport__Output } from '../../generated/proto/shardcast/v1/LoadReport.js';
import { ShardcastError } from '../../platform/errors.js';

const r = (id: string, start: bigint, end: bigint): IdRange => ({ id, start, end });
const E = KEYSPACE_END;
const Q = E / 4n;

test('lineage: split, merge, rename, re-cut, and unchanged or moved ranges are not lineage', (t) => {
  const before = [r('1', 0n, Q), r('2', Q, 2n * Q), r('3', 2n * Q, 3n * Q), r('4', 3n * Q, E)];
  t.deepEqual(detectLineage(before, before), []);
  const split = detectLineage(before, [r('5', 0n, Q / 2n), r('6', Q / 2n, Q), ...before.slice(1)]);
  t.deepEqual(split.map((l) => [l.kind, l.from.map((m) => m.id), l.to.map((m) => m.id)]), [['split', ['1'], ['5', '6']]]);
  const merge = detectLineage(before, [r('1', 0n, Q), r('7', Q, 3n * Q), r('4', 3n * Q, E)]);
  t.deepEqual(merge.map((l) => [l.kind, l.from.map((m) => m.id), l.to.map((m) => m.id)]), [['merge', ['2', '3'], ['7']]]);
  const both = detectLineage(before, [r('8', 0n, 2n * Q), r('9', 2n * Q, 2n * Q + 5n), r('10', 2n * Q + 5n, 3n * Q), r('4', 3n * Q, E)]);
  t.deepEqual(both.map((l) => l.kind), ['merge', 'split']);
  const rename = detectLineage(before, [r('11', 0n, Q), ...before.slice(1)]);
  t.deepEqual(rename.map((l) => l.kind), ['rename']);
  const recut = detectLineage(before, [r('12', 0n, Q + 7n), r('13', Q + 7n, 2n * Q), ...before.slice(2)]);
  t.deepEqual(recut.map((l) => [l.kind, l.from.length, l.to.length]), [['recut', 2, 2]]);
  // First table (nothing before) and order independence.
  t.deepEqual(detectLineage([], before), []);
  t.deepEqual(detectLineage([...before].reverse(), [r('6', Q / 2n, Q), r('5', 0n, Q / 2n), ...before.slice(1)]).map((l) => l.kind), ['split']);
});

function report(over: Partial<LoadReport__Output> = {}): LoadReport__Output {
  const base: LoadReport = {
    intervalStartMs: '1700000000000',
    intervalMs: '10000',
    microshards: [
      { microshardId: '1', reads: '10', writes: '5', bytesRead: '100', bytesWritten: '50', errors: '1', latencyP50Ms: 1.5, latencyP99Ms: 9, sizeBytes: '4096', accessBuckets: [10, 5] },
      { microshardId: '2', reads: '0', writes: '0' },
    ],
    host: { cpuUtilisation: 0.25, memoryUsedBytes: '100', memoryTotalBytes: '1000' },
    forecasts: [{ microshardId: '1', quantiles: [0.1, 0.5, 0.9], values: [{ values: [1, 2] }, { values: [3, 4] }, { values: [5, 6] }], modelVersion: 'm1', method: 'model', intervalMs: '10000', startMs: '1700000010000', season: 24, historyPoints: 50 }],
  };
  // Through the real codec, so the shape is exactly what a session delivers.
  const method = v1.Coordinator.service.Session;
  const decoded = method.requestDeserialize(method.requestSerialize({ load: base })).load!;
  return { ...decoded, ...over };
}

test('load reports: nonsense is refused naming the field', (t) => {
  t.notThrows(() => validateLoadReport(report()));
  const bad = (over: Partial<LoadReport__Output>, msg: RegExp) => {
    const err = t.throws(() => validateLoadReport(report(over)));
    t.regex(err!.message, msg);
    t.is((err as ShardcastError).code, grpc.status.INVALID_ARGUMENT);
  };
  const ok = report();
  bad({ intervalMs: '0' }, /interval_ms/);
  bad({ intervalStartMs: '-5' }, /interval_start_ms/);
  bad({ microshards: [{ ...ok.microshards[0]!, latencyP50Ms: NaN }] }, /microshard 1 latency_p50_ms is NaN/);
  bad({ microshards: [{ ...ok.microshards[0]!, latencyP99Ms: -1 }] }, /latency_p99_ms is negative/);
  bad({ microshards: [{ ...ok.microshards[0]!, reads: '-3' }] }, /reads must be a non-negative integer/);
  bad({ microshards: [{ ...ok.microshards[0]!, accessBuckets: [1, Infinity] }] }, /access_buckets\[1\]/);
  bad({ microshards: [ok.microshards[0]!, ok.microshards[0]!] }, /appears twice/);
  bad({ microshards: [{ ...ok.microshards[0]!, microshardId: 'x' }] }, /not a decimal id/);
  const f = ok.forecasts[0]!;
  bad({ forecasts: [{ ...f, quantiles: [0.5, 0.1, 0.9] }] }, /not ascending/);
  bad({ forecasts: [{ ...f, quantiles: [0, 0.5, 0.9] }] }, /not in \(0, 1\)/);
  bad({ forecasts: [{ ...f, values: f.values.slice(0, 2) }] }, /2 value series for 3 quantiles/);
  bad({ forecasts: [{ ...f, values: [{ values: [1, 2] }, { values: [3] }, { values: [5, 6] }] }] }, /series 1 has 1 steps/);
  bad({ forecasts: [{ ...f, values: [{ values: [NaN, 2] }, { values: [3, 4] }, { values: [5, 6] }] }] }, /quantile 0.1 step 1 is NaN/);
  bad({ forecasts: [{ ...f, method: 'guess' }] }, /method "guess"/);
  bad({ forecasts: [{ ...f, modelVersion: '' }] }, /model_version/);
  bad({ host: { ...ok.host!, cpuUtilisation: 3 } }, /cpu_utilisation 3 is above 1/);
});

test('load store: keeps owned microshards only (counting the rest), recent history, snapshots that do not move', (t) => {
  const owners = new Map([['1', 'n1'], ['2', 'n2']]);
  const store = new LoadStore({ ownerOf: (id) => owners.get(id), recentIntervals: 3 });
  const out = store.ingest('n1', report(), 1000);
  t.deepEqual(out, { loads: 1, forecasts: 1, ignoredNotOwned: 1 });
  t.is(store.load('1')!.ops, 15);
  t.is(store.load('2'), undefined, 'microshard 2 is n2\'s: ignored');
  t.is(store.node('n1')!.ignoredNotOwned, 1);
  t.is(store.forecast('1')!.horizon, 2);
  t.deepEqual(Array.from(store.forecast('1')!.values[2]!), [5, 6]);
  const snap = store.snapshot(1000);
  for (let i = 1; i <= 4; i++) {
    const rep = report({ intervalStartMs: String(1700000000000 + i * 10000) });
    rep.microshards[0] = { ...rep.microshards[0]!, reads: String(10 + i) };
    store.ingest('n1', rep, 1000 + i);
  }
  t.is(snap.loads.get('1')!.reads, 10, 'a snapshot is not changed by later reports');
  t.is(store.load('1')!.reads, 14);
  t.deepEqual(store.history('1').map((p) => p.reads), [12, 13, 14], 'the newest 3 intervals, oldest first');
  t.deepEqual(store.history('1', 2).map((p) => p.reads), [13, 14]);
  // The same interval again (a re-sent report) replaces its point instead of adding one.
  const again = report({ intervalStartMs: String(1700000000000 + 4 * 10000) });
  again.microshards[0] = { ...again.microshards[0]!, reads: '99' };
  store.ingest('n1', again, 2000);
  t.deepEqual(store.history('1').map((p) => p.reads), [12, 13, 99]);
  // An invalid report changes nothing and is counted.
  t.throws(() => store.ingest('n1', report({ intervalMs: '-1' })));
  t.is(store.totals.invalid, 1);
  t.is(store.load('1')!.reads, 99);
  // Ownership moves: prune drops the former owner's data.
  owners.set('1', 'n2');
  store.prune();
  t.is(store.load('1'), undefined);
  t.is(store.forecast('1'), undefined);
  t.deepEqual(store.history('1'), []);
  store.clear();
  t.is(store.snapshot().nodes.size, 0);
  t.is(DEFAULT_RECENT_INTERVALS, 60);
});

test('load store: one interval in several messages adds up per node', (t) => {
  const store = new LoadStore({ ownerOf: () => 'n1' });
  const a = report({ forecasts: [] });
  a.microshards = [a.microshards[0]!];
  const b = report({ forecasts: [] });
  b.microshards = [{ ...b.microshards[0]!, microshardId: '3', reads: '7', writes: '0' }];
  store.ingest('n1', a);
  store.ingest('n1', b);
  t.is(store.node('n1')!.microshards, 2);
  t.is(store.node('n1')!.ops, 22);
  store.ingest('n1', report({ intervalStartMs: '1700000010000', forecasts: [] }));
  t.is(store.node('n1')!.microshards, 2, 'a new interval starts the sums again');
});

test('PredictLoad answers: by id or key, NOT_FOUND, UNAVAILABLE before a forecast, INVALID_ARGUMENT', (t) => {
  const ms: Microshard[] = evenRanges(4).map((x) => ({ id: String(10 + Number(x.id)), start: x.start, end: x.end, owner: 'n1', epoch: 1n, state: 'ACTIVE', createdAtMs: 0, previousOwner: '' }));
  const state = { microshards: new Map(ms.map((m) => [m.id, { value: m, modRevision: '1' }])), microshardList: () => ms } as unknown as ClusterState;
  const loads = new LoadStore({ ownerOf: (id) => (state.microshards.has(id) ? 'n1' : undefined) });
  const ctx = { selfId: 'c1', state, loads } as unknown as PredictLoadContext;
  const code = (fn: () => unknown) => (t.throws(fn) as ShardcastError).code;
  t.is(code(() => answerPredictLoad(ctx, { target: 'microshardId', microshardId: '99', history: 0 })), grpc.status.NOT_FOUND);
  t.is(code(() => answerPredictLoad(ctx, { target: 'microshardId', microshardId: '1x', history: 0 })), grpc.status.INVALID_ARGUMENT);
  t.is(code(() => answerPredictLoad(ctx, { history: 0 })), grpc.status.INVALID_ARGUMENT);
  t.is(code(() => answerPredictLoad(ctx, { target: 'key', key: Buffer.alloc(0), history: 0 })), grpc.status.INVALID_ARGUMENT);
  const err = t.throws(() => answerPredictLoad(ctx, { target: 'microshardId', microshardId: '10', history: 0 })) as ShardcastError;
  t.is(err.code, grpc.status.UNAVAILABLE);
  t.regex(err.message, /no forecast yet for microshard 10/);
  const rep = report();
  rep.microshards = [{ ...rep.microshards[0]!, microshardId: '10' }];
  rep.forecasts = [{ ...rep.forecasts[0]!, microshardId: '10' }];
  loads.ingest('n1', rep, 5000);
  const res = answerPredictLoad(ctx, { target: 'microshardId', microshardId: '10', history: 0 });
  t.is(res.forecast!.modelVersion, 'm1');
  t.is(res.asOfMs, '5000');
  t.deepEqual(res.history!.map((p) => p.ops), ['15']);
  // The key lands in the microshard that holds its hash.
  let key = '';
  for (let i = 0; !key; i++) if (keyPosition(`k${i}`) < ms[0]!.end) key = `k${i}`;
  t.is(answerPredictLoad(ctx, { target: 'key', key: Buffer.from(key), history: 0 }).microshard!.id, '10');
});

test('a big interval goes out as several reports with the same microshards\' loads and forecasts together', (t) => {
  const rep: LoadReport = {
    intervalStartMs: '0',
    intervalMs: '10000',
    microshards: Array.from({ length: 5 }, (_, i) => ({ microshardId: String(i) })),
    forecasts: Array.from({ length: 5 }, (_, i) => ({ microshardId: String(i) })),
    coAccess: [{ a: '1', b: '2', count: 3, error: 0 }],
  };
  t.is(chunkLoadReport(rep, 10).length, 1);
  const parts = chunkLoadReport(rep, 2);
  t.is(parts.length, 3);
  t.deepEqual(parts.map((p) => p.microshards!.map((m) => m.microshardId)), [['0', '1'], ['2', '3'], ['4']]);
  t.deepEqual(parts.map((p) => p.forecasts!.map((m) => m.microshardId)), [['0', '1'], ['2', '3'], ['4']]);
  t.deepEqual(parts.map((p) => p.coAccess!.length), [1, 0, 0]);
});

test('forecast shape: a day capped at half the fine history, horizon one season capped', (t) => {
  // 10 s intervals, 2 h of fine history (720 points): season 360 (an hour), horizon 60.
  t.like(forecastShape(10_000, 720, 0, 0, 60), { season: 360, horizon: 60 });
  // 1 h intervals: a day is 24 intervals.
  t.like(forecastShape(3_600_000, 1000, 0, 0, 60), { season: 24, horizon: 24 });
  t.like(forecastShape(500, 14_400, 4, 8, 60), { season: 4, horizon: 8, context: 25 });
  t.like(forecastShape(500, 14_400, 4, 0, 60), { season: 4, horizon: 4 });
});

test('History.fineOps: the newest points of reads + writes, leading unknown points trimmed, gaps kept', (t) => {
  const h = new History({ intervalMs: 1000, fineHours: 0.01 }); // 36 points
  const rec = (i: number, id: string, reads: number, writes: number) => h.record({ startMs: i * 1000, intervalMs: 1000, microshards: [{ microshardId: id, reads, writes, bytesRead: 0, bytesWritten: 0 }] });
  rec(1, 'a', 1, 1);
  rec(2, 'a', 2, 1);
  rec(4, 'a', 4, 0); // interval 3 missing: a gap
  rec(5, 'b', 5, 5);
  t.deepEqual(Array.from(h.fineOps('a')!), [2, 3, NaN, 4, 0]);
  t.deepEqual(Array.from(h.fineOps('b')!), [10]);
  t.deepEqual(Array.from(h.fineOps('a', 2)!), [4, 0]);
  t.deepEqual(Array.from(h.fineOps('a')!), h.fine('a')!.ops);
  t.is(h.fineOps('zz'), undefined);
});

test('chart: history bars, the now line, the band and median, labelled axes, within the width', (t) => {
  const out = forecastChart({ history: [0, 5, 10, 20, 10], lower: [5, 4, 3], median: [10, 10, 9], upper: [20, 22, 25], intervalMs: 10_000, width: 30, height: 6, unit: 'ops' });
  t.log(`\n${out}`);
  const lines = out.split('\n');
  t.true(lines.some((l) => /^\s*26 \|/.test(l)), 'top label: max(25) x 1.05 rounded');
  t.true(lines.some((l) => /^\s*0 \|_/.test(l)), 'zero shown as _ at the bottom');
  t.regex(out, /-50s\s+now\s+\+30s/);
  t.is((out.match(/\*/g) ?? []).length, 3 + 1, 'one median mark per step (and one in the legend)');
  t.regex(out, /:/);
  // A long series is squeezed into the width.
  const long = forecastChart({ history: Array.from({ length: 500 }, (_, i) => i % 50), lower: new Array(100).fill(1), median: new Array(100).fill(2), upper: new Array(100).fill(3), intervalMs: 1000, width: 40 });
  for (const l of long.split('\n').slice(0, -2)) t.true(l.length <= 40 + 8, `line too long: ${l.length}`);
  t.regex(long, /one column = 16 intervals/);
  t.is(shortNumber(1234), '1.2k');
  t.is(shortNumber(0.5), '0.5');
  t.is(shortDuration(-90_000), '-1m30s');
  t.is(shortDuration(7_200_000), '+2h');
});
