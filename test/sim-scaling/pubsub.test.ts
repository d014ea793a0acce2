import test from 'ava';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { oracleNodeHours } from '../../sim/scaling/oracle.js';
import { bandwidthPerInterval, DEFAULT_SCALING_PARAMS, parseReportArgs, REPORT_SCENARIOS } from '../../sim/scaling/report.js';
import { copyIntervals, DEFAULT_SCALING_COPY_BYTES_PER_S, type ScalingWorkload } from '../../sim/scaling/scaling-sim.js';
import { SCALING_SCENARIOS } from '../../sim/scaling/scenarios.js';
import { SCENARIOS } from '../../sim/workloads/index.js';
import { eventLevel, pubsub, PUBSUB_EVENT, PUBSUB_EVENT_PEAK } from '../../sim/workloads/pubsub.js';
import { MEASURED_ADAPTIVE_COPY_BYTES_PER_S } from '../../core/migration-cost.js';

const s = pubsub();
const totals = (sc = s) => {
  const out = new Float64Array(sc.intervals);
  for (const row of sc.load) for (let t = 0; t < sc.intervals; t++) out[t] += row[t]!;
  return out;
};

test('pubsub: the same seed gives the same loads; another seed other loads', (t) => {
  const again = pubsub();
  t.deepEqual(again.keys, s.keys);
  t.deepEqual(again.load, s.load);
  t.notDeepEqual(pubsub(9).load, s.load);
  t.is(s.keys.length, 2000);
  t.is(s.intervals, 336);
  t.is(s.season, 24);
  t.is(s.microshards, 80);
  t.true(s.keys.every((k) => /^topic:[a-z]+\/\d+$/.test(k)));
});

test('pubsub: peak utilisation 72%, a diurnal trough on every day outside the event, weekends lower', (t) => {
  const tot = totals();
  t.true(Math.abs(Math.max(...tot) / (s.nodes * s.capacity) - 0.72) < 1e-9);
  const eventDays = new Set<number>();
  for (let x = 0; x < s.intervals; x++) if (eventLevel(x) > 0) eventDays.add(Math.floor(x / 24));
  const dayPeak: number[] = [];
  for (let d = 0; d < 14; d++) {
    const day = Array.from(tot.subarray(d * 24, d * 24 + 24));
    dayPeak.push(Math.max(...day));
    if (eventDays.has(d)) continue;
    const ratio = Math.min(...day) / Math.max(...day);
    t.true(ratio >= 0.15 && ratio <= 0.4, `day ${d}: min/max ${ratio}`);
  }
  // Days 5, 6 (Saturday, Sunday): below every weekday of the first week.
  for (const we of [5, 6]) for (const wd of [0, 1, 2, 3, 4]) t.true(dayPeak[we]! < dayPeak[wd]!, `day ${we} vs ${wd}`);
});

test('pubsub: one topic exceeds a node only during its event on day 9, by at most 1.5x', (t) => {
  const over = new Set<number>();
  for (let k = 0; k < s.load.length; k++) {
    const row = s.load[k]!;
    for (let x = 0; x < s.intervals; x++) {
      if (row[x]! <= s.capacity) continue;
      over.add(k);
      t.true(x >= 9 * 24, `topic ${k} above capacity at t=${x}`);
      t.true(eventLevel(x) > 0, `topic ${k} above capacity outside the event at t=${x}`);
      t.true(row[x]! <= PUBSUB_EVENT_PEAK * s.capacity + 1e-6);
    }
  }
  t.is(over.size, 1);
  const row = s.load[[...over][0]!]!;
  // Above capacity for most of the 2-day plateau, back to normal after the fade.
  let above = 0;
  for (let x = 0; x < s.intervals; x++) if (row[x]! > s.capacity) above++;
  t.true(above >= PUBSUB_EVENT.hold, `${above} intervals above capacity`);
  const end = PUBSUB_EVENT.start + PUBSUB_EVENT.ramp + PUBSUB_EVENT.hold + PUBSUB_EVENT.fade;
  t.true(Math.max(...row.subarray(end)) < 0.5 * s.capacity);
  t.true(Math.max(...row.subarray(0, PUBSUB_EVENT.start)) < 0.5 * s.capacity);
});

test('pubsub is registered for the scaling report, first, and not in the placement simulator registry', (t) => {
  t.is(REPORT_SCENARIOS[0], 'pubsub');
  for (const n of REPORT_SCENARIOS) t.truthy(SCALING_SCENARIOS[n], n);
  t.false('pubsub' in SCENARIOS);
});

test('oracle: ceil(total / (capacity x utilisation)) nodes per interval, at least 1, summed', (t) => {
  const w: ScalingWorkload = {
    name: 'tiny',
    // Totals 0, 50, 85, 86, 170, 171 against usable 100 x 0.85 = 85.
    loads: [Float64Array.from([0, 20, 40, 40, 85, 85]), Float64Array.from([0, 30, 45, 46, 85, 86])],
    bytes: [1, 1],
    capacity: 100,
    season: 24,
  };
  const o = oracleNodeHours(w, 0.85);
  t.deepEqual(o.nodesPerInterval, [1, 1, 1, 2, 2, 3]);
  t.is(o.nodeIntervals, 10);
  t.is(o.unavoidableOverloads, 0);
  // One microshard alone above capacity (110 > 100) in two intervals: two unavoidable overloads.
  const hot: ScalingWorkload = { ...w, loads: [Float64Array.from([110, 50, 120]), Float64Array.from([0, 0, 100])] };
  t.is(oracleNodeHours(hot, 0.85).unavoidableOverloads, 2);
  t.deepEqual(oracleNodeHours(w, 1).nodesPerInterval, [1, 1, 1, 1, 2, 2]);
});

test('copy rate: the default is the measured adaptive 4.3 MB/s, a ~540 MiB microshard copies in one interval; the old 64 MiB per hour in nine', (t) => {
  t.is(DEFAULT_SCALING_COPY_BYTES_PER_S, MEASURED_ADAPTIVE_COPY_BYTES_PER_S);
  t.is(DEFAULT_SCALING_COPY_BYTES_PER_S, 4.3e6);
  t.is(DEFAULT_SCALING_PARAMS.bandwidth, 4.3e6 * 3600);
  t.is(copyIntervals(540 * 2 ** 20, DEFAULT_SCALING_PARAMS.bandwidth), 1);
  t.is(copyIntervals(540 * 2 ** 20, 64 * 2 ** 20), 9);
  // The README's sensitivity run: 0.0186414 MB/s is 64 MiB per hour (a hair above), same copy times.
  const old = bandwidthPerInterval(parseReportArgs(['--copy-mb-per-s', '0.0186414']).copyBytesPerS);
  t.true(old >= 64 * 2 ** 20 && old < 64.001 * 2 ** 20);
  for (const mib of [1, 63, 64, 65, 466, 512, 540, 577]) t.is(copyIntervals(mib * 2 ** 20, old), copyIntervals(mib * 2 ** 20, 64 * 2 ** 20), `${mib} MiB`);
});

test('--copy-mb-per-s: accepts a positive number, rejects anything else naming the flag', (t) => {
  t.is(parseReportArgs(['--copy-mb-per-s', '65']).copyBytesPerS, 65e6);
  t.is(parseReportArgs([]).copyBytesPerS, 4.3e6);
  for (const bad of ['0', '-3', 'abc', '', 'Infinity', '1e999', 'NaN']) {
    const e = t.throws(() => parseReportArgs(['--copy-mb-per-s', bad]), undefined, bad);
    t.regex(e!.message, /--copy-mb-per-s/);
  }
  t.throws(() => parseReportArgs(['--copy-mb-per-s']), { message: /--copy-mb-per-s needs a value/ });
  t.throws(() => parseReportArgs(['--scenarios', 'nope']), { message: /unknown scenario "nope"/ });
});

test('the report exits non-zero with a message naming the flag on a bad copy rate', async (t) => {
  const script = fileURLToPath(new URL('../../sim/scaling/report.js', import.meta.url));
  const err = await promisify(execFile)(process.execPath, [script, '--copy-mb-per-s', 'fast'], { timeout: 20_000 }).then(
    () => undefined,
    (e: { code?: number; stderr?: string }) => e,
  );
  t.truthy(err, 'the report should have failed');
  t.is(err!.code, 2);
  t.regex(err!.stderr ?? '', /--copy-mb-per-s: expected a positive number/);
});

test('--retire-utilisation: a share between 0 and the target utilisation, else an error naming the flag', (t) => {
  t.is(parseReportArgs(['--retire-utilisation', '0.5']).retireUtilisation, 0.5);
  t.is(parseReportArgs([]).retireUtilisation, undefined);
  for (const bad of ['0', '0.85', '1', '-0.2', 'x', '']) {
    const e = t.throws(() => parseReportArgs(['--retire-utilisation', bad]), undefined, bad);
    t.regex(e!.message, /--retire-utilisation/);
  }
});
