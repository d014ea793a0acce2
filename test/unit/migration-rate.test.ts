// The copy-rate controller: grows while the foreground is fine, halves when it slows, holds after
// a cut, stays within [min, max]; in a closed loop with a node whose latency rises with the copy
// rate it settles where the foreground stays near its tolerance and the copy still moves.
import test from 'ava';
import fc from 'fast-check';
import {
  CopyRateController, LatencyWindow, DEFAULT_COPY_RATE_TICK_MS, DEFAULT_COPY_LATENCY_TOLERANCE, DEFAULT_COPY_RATE_MIN, DEFAULT_COPY_THROUGHPUT_DROP, throughputPressure,
} from '../../core/migration-rate.js';

test('grows by the step while the foreground is within its band, up to the cap', (t) => {
  const c = new CopyRateController({ maxBytesPerS: 20e6, initialBytesPerS: 8e6, stepBytesPerS: 2e6 });
  const rates: number[] = [];
  for (let i = 0; i < 10; i++) rates.push(c.update(1.0, i * 250).bytesPerS);
  t.deepEqual(rates.slice(0, 6), [10e6, 12e6, 14e6, 16e6, 18e6, 20e6]);
  t.is(c.update(1.0, 3_000).reason, 'at-max');
  t.is(c.bytesPerS, 20e6);
});

test('halves when the foreground slows, once per hold, and holds before growing again', (t) => {
  const c = new CopyRateController({ initialBytesPerS: 16e6, holdMs: 1_000 });
  const cut = c.update(2.0, 0);
  t.is(cut.bytesPerS, 8e6);
  t.is(cut.reason, 'foreground-slower');
  t.is(c.update(2.0, 250).bytesPerS, 8e6, 'no second cut within the hold');
  t.is(c.update(1.0, 500).reason, 'hold');
  t.is(c.update(1.0, 750).bytesPerS, 8e6);
  t.is(c.update(2.0, 1_000).bytesPerS, 4e6, 'a cut after the hold');
  t.is(c.update(1.0, 2_000).reason, 'headroom');
  t.true(c.bytesPerS > 4e6);
});

test('no foreground to judge by: the copy grows (nothing to protect)', (t) => {
  const c = new CopyRateController({ initialBytesPerS: 8e6 });
  const s = c.update(NaN, 0);
  t.is(s.reason, 'no-signal');
  t.true(s.bytesPerS > 8e6);
  t.is(s.pressure, 0);
});

test('bad options are refused, naming them', (t) => {
  t.throws(() => new CopyRateController({ tolerance: 1 }), { message: /tolerance must be > 1/ });
  t.throws(() => new CopyRateController({ backoff: 1.5 }), { message: /backoff must be in \(0, 1\)/ });
});

test('the rate stays within [min, max] whatever the pressure does', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1e6, max: 1e9 }), fc.array(fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.constant(NaN)), { maxLength: 200 }), (max, pressures) => {
      const c = new CopyRateController({ maxBytesPerS: max });
      const min = Math.min(DEFAULT_COPY_RATE_MIN, max);
      pressures.forEach((p, i) => {
        const r = c.update(p, i * DEFAULT_COPY_RATE_TICK_MS).bytesPerS;
        if (r < min || r > max) throw new Error(`rate ${r} outside [${min}, ${max}]`);
      });
    }),
  );
  t.pass();
});

test('closed loop: on a node whose latency grows with the copy rate, the foreground stays near its tolerance and the copy keeps moving', (t) => {
  // Latency = base x (1 + (rate / knee)^2): at 20 MB/s the foreground is 30 % slower (the tolerance).
  const knee = 20e6 / Math.sqrt(DEFAULT_COPY_LATENCY_TOLERANCE - 1);
  const c = new CopyRateController({ maxBytesPerS: 500e6 });
  const pressures: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 400; i++) {
    const p = 1 + (c.bytesPerS / knee) ** 2;
    pressures.push(p);
    bytes += (c.bytesPerS * DEFAULT_COPY_RATE_TICK_MS) / 1000;
    c.update(p, i * DEFAULT_COPY_RATE_TICK_MS);
  }
  const late = pressures.slice(100);
  const mean = late.reduce((a, b) => a + b, 0) / late.length;
  t.true(mean < 1.3, `mean pressure ${mean.toFixed(2)} after settling`);
  t.true(Math.max(...late) < 1.6, `worst pressure ${Math.max(...late).toFixed(2)}`);
  const mbS = bytes / 1e6 / (400 * DEFAULT_COPY_RATE_TICK_MS / 1000);
  t.true(mbS > 8, `the copy averaged ${mbS.toFixed(1)} MB/s (the knee is 20)`);
});

test('latency window: mean per op between two times from cumulative counters', (t) => {
  const w = new LatencyWindow(10_000);
  // 100 ops per 250 ms at 200 µs, then at 600 µs from t = 5 s.
  let ops = 0;
  let lat = 0;
  for (let ms = 0; ms <= 8_000; ms += 250) {
    w.sample(ms, ops, lat);
    ops += 100;
    lat += 100 * (ms >= 5_000 ? 600 : 200);
  }
  t.is(w.mean(0, 5_000), 200);
  t.is(w.mean(6_000, 8_000), 600);
  t.true(Number.isNaN(w.mean(20_000, 30_000)), 'nothing there');
  t.true(Number.isNaN(new LatencyWindow().mean(0, 1_000)), 'empty');
});

test('a limit the copy does not use: a cut starts from what was used, and the limit does not grow', (t) => {
  const c = new CopyRateController({ initialBytesPerS: 40e6 });
  const idle = c.update(1.0, 0, 8e6);
  t.is(idle.reason, 'not-limiting');
  t.is(idle.bytesPerS, 40e6);
  const cut = c.update(2.0, 250, 8e6);
  t.is(cut.bytesPerS, 4e6, 'half of the 8 MB/s used, not of the 40 MB/s limit');
  t.is(c.update(1.0, 2_000, 3.9e6).reason, 'headroom', 'the copy fills its limit again: it may grow');
});

test('throughput pressure: a fall of DEFAULT_COPY_THROUGHPUT_DROP is the latency tolerance; no fall is 1; unknown is 0', (t) => {
  t.is(throughputPressure(1000, 1000), 1);
  t.true(Math.abs(throughputPressure(1000, 1000 * (1 - DEFAULT_COPY_THROUGHPUT_DROP)) - DEFAULT_COPY_LATENCY_TOLERANCE) < 1e-9);
  t.true(throughputPressure(1000, 800) > DEFAULT_COPY_LATENCY_TOLERANCE, 'a 20 % fall is a back-off');
  t.true(throughputPressure(1000, 1100) < 1, 'more ops than before is headroom');
  t.is(throughputPressure(NaN, 500), 0);
  t.is(throughputPressure(0, 500), 0);
  t.is(throughputPressure(1000, NaN), 0);
});

test('closed loop on throughput: clients whose ops/s fall as the copy speeds up keep at most about the allowed fall on average', (t) => {
  // A closed-loop client on a saturated host: ops/s = base / (1 + rate / knee), 5 % fewer at 4 MB/s.
  const knee = 4e6 * (1 - DEFAULT_COPY_THROUGHPUT_DROP) / DEFAULT_COPY_THROUGHPUT_DROP;
  const c = new CopyRateController({ maxBytesPerS: 500e6 });
  const falls: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 400; i++) {
    const ops = 1000 / (1 + c.bytesPerS / knee);
    falls.push(1 - ops / 1000);
    bytes += (c.bytesPerS * DEFAULT_COPY_RATE_TICK_MS) / 1000;
    c.update(throughputPressure(1000, ops), i * DEFAULT_COPY_RATE_TICK_MS);
  }
  const late = falls.slice(100);
  const mean = late.reduce((a, b) => a + b, 0) / late.length;
  t.true(mean < 0.1, `mean fall ${(mean * 100).toFixed(1)} % after settling`);
  const mbS = bytes / 1e6 / ((400 * DEFAULT_COPY_RATE_TICK_MS) / 1000);
  t.true(mbS >= DEFAULT_COPY_RATE_MIN / 1e6, `the copy averaged ${mbS.toFixed(2)} MB/s`);
  t.log(`mean fall ${(mean * 100).toFixed(1)} %, copy ${mbS.toFixed(2)} MB/s`);
});

test('latency window: ops per second between two times', (t) => {
  const w = new LatencyWindow(10_000);
  let ops = 0;
  for (let ms = 0; ms <= 4_000; ms += 250) {
    w.sample(ms, ops, 0);
    ops += ms >= 2_000 ? 50 : 100;
  }
  t.is(w.rate(0, 2_000), 400);
  t.is(w.rate(2_500, 4_000), 200);
  t.true(Number.isNaN(w.rate(0, 4_000, 1e9)), 'too few ops');
  t.true(Number.isNaN(new LatencyWindow().rate(0, 1_000)), 'empty');
});
