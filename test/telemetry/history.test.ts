import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { History, type IntervalLoads } from '../../sidecar/telemetry/history.js';
import { HOUR_MS } from '../../sidecar/telemetry/history-rings.js';
import { splitShares } from '../../sidecar/telemetry/history-lineage.js';
import { startHistoryPersistence } from '../../sidecar/telemetry/history-persistence.js';
import type { AccessHistogram } from '../../sidecar/telemetry/access-histogram.js';

const I = 600_000; // 10-minute intervals: 6 per hour keep the hand computations small
const opts = { intervalMs: I, fineHours: 1, hourlyDays: 4 / 24 }; // 6 fine points, 4 hourly points
const T0 = 100 * HOUR_MS; // an hour boundary

const loads = (k: number, per: Record<string, [number, number, number?]>): IntervalLoads => ({
  startMs: T0 + k * I,
  intervalMs: I,
  microshards: Object.entries(per).map(([id, [r, w, b]]) => ({ microshardId: id, reads: r, writes: w, bytesRead: b ?? 0, bytesWritten: 0 })),
});

const tmp = (): string => mkdtempSync(join(tmpdir(), 'shardcast-history-'));

test('fine and hourly windows against hand-computed values', (t) => {
  const h = new History(opts);
  t.is(h.fineCapacity, 6);
  t.is(h.hourlyCapacity, 4);
  h.record(loads(0, { a: [1, 0, 100] }));
  h.record(loads(1, { a: [2, 1], b: [5, 5] }));
  // Interval 2 not recorded (sidecar down): a gap. Interval 3: a idle (absent -> 0).
  h.record(loads(3, { b: [1, 0] }));
  const a = h.fine('a')!;
  t.is(a.startMs, T0);
  t.is(a.stepMs, I);
  t.deepEqual(a.reads, [1, 2, NaN, 0]);
  t.deepEqual(a.writes, [0, 1, NaN, 0]);
  t.deepEqual(a.ops, [1, 3, NaN, 0]);
  t.deepEqual(a.bytes, [100, 0, NaN, 0]);
  const b = h.fine('b')!;
  t.is(b.startMs, T0 + I, 'b starts where it was first seen');
  t.deepEqual(b.ops, [10, NaN, 1]);
  // Hour 100 so far: a = 1 + 3 + 0 ops over 3 of 6 intervals.
  const ah = h.hourly('a')!;
  t.is(ah.startMs, T0);
  t.deepEqual(ah.ops, [4]);
  t.deepEqual(ah.coverage!.map((c) => Math.round(c * 6)), [3], 'three of the hour\'s six intervals observed');
  // Wrap the fine ring: intervals 4..9 (next hour from 6 on) with a = k reads.
  for (let k = 4; k <= 9; k++) h.record(loads(k, { a: [k, 0] }));
  t.deepEqual(h.fine('a')!.reads, [4, 5, 6, 7, 8, 9], 'only the last 6 intervals');
  t.is(h.fine('a')!.startMs, T0 + 4 * I);
  const hourly = h.hourly('a')!;
  t.deepEqual(hourly.reads, [1 + 2 + 0 + 4 + 5, 6 + 7 + 8 + 9]);
  t.deepEqual(hourly.coverage!.map((c) => Math.round(c * 6)), [5, 4]);
  t.false(h.record(loads(2, { a: [99, 0] })), 'older than the fine window: ignored');
  t.throws(() => h.record({ ...loads(10, {}), intervalMs: 1000 }), { message: /does not match/ });
});

test('hourly ring keeps the last hours only', (t) => {
  const h = new History(opts);
  for (let hour = 0; hour < 6; hour++) h.record(loads(hour * 6, { a: [hour + 1, 0] }));
  const s = h.hourly('a')!;
  t.is(s.startMs, T0 + 2 * HOUR_MS);
  t.deepEqual(s.reads, [3, 4, 5, 6]);
});

test('persisted history survives a restart (a new instance reads the file)', async (t) => {
  const dir = tmp();
  const file = join(dir, 'history.bin');
  const h = new History(opts);
  h.record(loads(0, { a: [1, 2, 3], b: [4, 5, 6] }));
  h.record(loads(1, { a: [7, 0, 0] }));
  await h.save(file);
  const { history, report } = History.load(file, opts);
  t.deepEqual(report, { source: 'file', problems: [] });
  t.deepEqual(history.fine('a'), h.fine('a'));
  t.deepEqual(history.fine('b'), h.fine('b'));
  t.deepEqual(history.hourly('b'), h.hourly('b'));
  // It carries on where it stopped, with the time it was down as a gap.
  history.record(loads(4, { a: [1, 0] }));
  t.deepEqual(history.fine('a')!.reads, [1, 7, NaN, NaN, 1]);
});

test('a corrupt file is reported, kept aside, and the previous good file is used', async (t) => {
  const dir = tmp();
  const file = join(dir, 'history.bin');
  const h = new History(opts);
  h.record(loads(0, { a: [1, 0] }));
  await h.save(file); // generation 1
  h.record(loads(1, { a: [2, 0] }));
  await h.save(file); // generation 2; generation 1 is history.bin.prev
  t.true(existsSync(`${file}.prev`));
  const bytes = readFileSync(file);
  bytes[bytes.length - 20] ^= 0xff; // flip a byte in the body
  writeFileSync(file, bytes);
  const { history, report } = History.load(file, opts, 1234);
  t.is(report.source, 'previous');
  t.regex(report.problems[0]!, /checksum mismatch.*moved to .*history\.bin\.corrupt-1234/);
  t.deepEqual(history.fine('a')!.reads, [1], 'generation 1');
  t.true(existsSync(`${file}.corrupt-1234`));
  // The next save does not rotate the corrupt file over the good .prev.
  await history.save(file);
  t.deepEqual(History.load(`${file}.prev`, opts).history.fine('a')!.reads, [1]);
});

test('truncated, foreign and missing files never crash the load', async (t) => {
  const dir = tmp();
  const file = join(dir, 'history.bin');
  t.deepEqual(History.load(file, opts).report, { source: 'empty', problems: [] });
  const h = new History(opts);
  h.record(loads(0, { a: [1, 0] }));
  await h.save(file);
  writeFileSync(file, readFileSync(file).subarray(0, 40)); // partial write
  const r1 = History.load(file, opts, 1);
  t.is(r1.report.source, 'empty');
  t.regex(r1.report.problems.join('\n'), /checksum mismatch|too short|exceeds/);
  writeFileSync(file, 'not a history file at all');
  const r2 = History.load(file, opts, 2);
  t.regex(r2.report.problems[0]!, /bad magic/);
  t.is(readdirSync(dir).filter((f) => f.includes('.corrupt-')).length, 2);
});

test('a file written with another interval keeps its hourly history', async (t) => {
  const dir = tmp();
  const file = join(dir, 'history.bin');
  const h = new History(opts);
  h.record(loads(0, { a: [6, 0] }));
  await h.save(file);
  const { history, report } = History.load(file, { ...opts, intervalMs: 300_000 });
  t.regex(report.problems[0]!, /interval-resolution history dropped/);
  t.is(history.fine('a'), undefined);
  t.deepEqual(history.hourly('a')!.reads, [6]);
});

test('split apportions history by the access-histogram share; merge sums', (t) => {
  const h = new History(opts);
  h.record(loads(0, { p: [8, 4, 40], q: [1, 1] }));
  h.record(loads(1, { p: [16, 0, 0] }));
  // Load in the lower quarter of p's range [0, 3200): split at 800 takes 3/4... of the load
  const access: AccessHistogram = { start: 0n, end: 3200n, buckets: [30, 0, 0, 0, 0, 0, 0, 10] }; // 8 buckets of 400
  const [left, right] = splitShares({ start: 0n, end: 3200n }, 800n, access);
  t.is(left, 0.75);
  t.is(right, 0.25);
  t.deepEqual(splitShares({ start: 0n, end: 3200n }, 800n), [0.25, 0.75], 'by width without a histogram');
  t.true(h.split('p', [
    { id: 'p1', share: left },
    { id: 'p2', share: right },
  ]));
  t.false(h.has('p'));
  t.deepEqual(h.fine('p1')!.reads, [6, 12]);
  t.deepEqual(h.fine('p2')!.reads, [2, 4]);
  t.deepEqual(h.fine('p1')!.bytes, [30, 0]);
  t.deepEqual(h.hourly('p2')!.writes, [1]);
  t.false(h.split('p', [{ id: 'p1', share: 0.5 }, { id: 'p2', share: 0.5 }]), 'a repeated split changes nothing');
  t.deepEqual(h.fine('p1')!.reads, [6, 12]);
  // The parent's last partial interval, reported after the split, is apportioned too.
  h.record(loads(2, { p: [4, 0] }));
  t.deepEqual(h.fine('p1')!.reads, [6, 12, 3]);
  t.deepEqual(h.fine('p2')!.reads, [2, 4, 1]);
  // Merge p2 and q into q: sums, with unknown points of one side treated as absent.
  h.record(loads(3, { q: [5, 0] }));
  t.true(h.merge(['p2', 'q'], 'q'));
  t.false(h.has('p2'));
  t.deepEqual(h.fine('q')!.reads, [2 + 1, 4 + 0, 1 + 0, 0 + 5]);
  t.deepEqual(h.hourly('q')!.reads, [3 + 4 + 1 + 5]);
  t.throws(() => h.split('q', [{ id: 'x', share: 0.7 }, { id: 'y', share: 0.7 }]), { message: /sum to 1/ });
});

test('periodic persistence writes the file and a final save on stop', async (t) => {
  const dir = tmp();
  const file = join(dir, 'history.bin');
  const h = new History(opts);
  const p = startHistoryPersistence(h, file, { everyMs: 60_000 });
  h.record(loads(0, { a: [3, 0] }));
  await p.stop();
  t.deepEqual(History.load(file, opts).history.fine('a')!.reads, [3]);
});
