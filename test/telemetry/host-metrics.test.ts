import test from 'ava';
import { HostMetricsSampler, toHostMetricsProto } from '../../sidecar/telemetry/host-metrics.js';

test('the sampler fills its cache from systeminformation on a timer; reads never wait', async (t) => {
  const sampler = new HostMetricsSampler({ intervalMs: 200 });
  t.teardown(() => sampler.stop());
  t.is(sampler.current().sampledAtMs, 0, 'zeros before the first sample');
  const first = sampler.start();
  t.true(sampler.running);
  // current() is synchronous: it returns the cached (still empty) snapshot at once.
  t.is(sampler.current().memoryTotalBytes, 0);
  await first;
  const s = sampler.current();
  t.true(s.memoryTotalBytes > 0);
  t.true(s.memoryUsedBytes > 0 && s.memoryUsedBytes <= s.memoryTotalBytes);
  t.true(s.cpuUtilisation >= 0 && s.cpuUtilisation <= 1);
  t.true(s.sampledAtMs > 0);
  // The timer keeps sampling (rates need two samples) and does not hold the process open.
  const before = sampler.samples;
  await new Promise((r) => setTimeout(r, 700));
  t.true(sampler.samples > before, `samples ${sampler.samples}`);
  for (const v of [s.diskReadBytesPerS, s.diskWriteBytesPerS, s.netRxBytesPerS, s.netTxBytesPerS]) t.true(Number.isFinite(v) && v >= 0);
  sampler.stop();
  t.false(sampler.running);
  const proto = toHostMetricsProto(sampler.current());
  t.regex(proto.memoryTotalBytes, /^\d+$/);
  t.throws(() => new HostMetricsSampler({ intervalMs: 10 }), { message: />= 100 ms/ });
});
