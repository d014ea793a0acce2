// The pieces of the live anomaly path, without a cluster: the sidecar's watch (one detector per
// series, a report each interval while an episode is active and one when it clears), the leader's
// store (validation naming the field, ownership, expiry, the event with its evidence and its
// rate limit), and the planner's untrusted forecast for an anomalous microshard.
import test from 'ava';
import { AnomalyWatch, HOST_CPU_SERIES, microshardSeries } from '../../sidecar/anomalies.js';
import { AnomalyStore, anomalyEvent } from '../../coordinator/cluster/anomalies.js';
import { untrustedForecast } from '../../core/anomaly/planner-load.js';
import { formatRecord } from '../../cli/commands/ctl-explain.js';
import { PlannerLoop, type PlannerLoopDeps, type RoundTrigger } from '../../coordinator/planner/loop.js';
import { createLogger } from '../../platform/logger.js';
import { InvalidArgumentError } from '../../platform/errors.js';
import type { ClosedInterval } from '../../sidecar/telemetry/index.js';
import type { AnomalyReport__Output } from '../../generated/proto/shardcast/v1/AnomalyReport.js';
import type { Anomaly__Output } from '../../generated/proto/shardcast/v1/Anomaly.js';

const IV = 1000;

/** A closed interval with these ops per microshard (only the fields the watch reads matter). */
function interval(i: number, ops: Record<string, number>): ClosedInterval {
  return {
    startMs: i * IV,
    intervalMs: IV,
    microshards: Object.entries(ops).map(([id, n]) => ({ microshardId: id, ops: n }) as ClosedInterval['microshards'][number]),
    totals: { batches: 0, records: 0, ops: 0, rejected: 0, unrouted: 0 },
    coAccess: [],
  };
}

/** Deterministic noise in [-1, 1]. */
const noise = (i: number) => Math.sin(i * 12.9898) * 0.999;

test('sidecar watch: quiet during probation and on steady load; a spike is reported at its interval with its evidence, every interval while active, then one empty report', (t) => {
  const w = new AnomalyWatch({ intervalMs: IV, probation: 20, tailThreshold: 1e-5, season: 0, minOpsPerS: 5, host: false });
  const owned = new Set(['1', '2']);
  const reports: Array<{ i: number; r: ReturnType<AnomalyWatch['observe']> }> = [];
  let i = 0;
  for (; i < 60; i++) {
    const r = w.observe(interval(i, { '1': 100 + 3 * noise(i), '2': 50 + 2 * noise(i + 7) }), owned, undefined);
    if (r) reports.push({ i, r });
  }
  t.deepEqual(reports, [], 'nothing on steady noisy load');
  t.is(w.size, 2);
  // The spike on microshard 1 (microshard 2 steady).
  const spikeAt = i;
  const r0 = w.observe(interval(i++, { '1': 900, '2': 50 }), owned, undefined)!;
  t.truthy(r0, 'reported at the interval the spike is in');
  t.is(r0.anomalies.length, 1);
  const a = r0.anomalies[0]!;
  t.is(a.series, microshardSeries('1'));
  t.is(a.microshardId, '1');
  t.true(a.hasMicroshard);
  t.true(a.flagged);
  t.is(a.value, 900);
  t.true(a.score >= 0.5 && a.score <= 1);
  t.true(a.expected > 90 && a.expected < 110, `expected ${a.expected}`);
  t.true(a.expectedLow <= a.expected && a.expected <= a.expectedHigh && a.expectedHigh < 900);
  t.is(a.sinceMs, String(spikeAt * IV));
  t.is(w.flagged.microshard, 1);
  // Still high: reported again (active), not flagged again.
  const r1 = w.observe(interval(i++, { '1': 900, '2': 50 }), owned, undefined)!;
  t.is(r1.anomalies.length, 1);
  t.false(r1.anomalies[0]!.flagged);
  t.is(r1.anomalies[0]!.sinceMs, String(spikeAt * IV));
  // Back to normal: reports continue until the detector's episode clears, then one empty report, then silence.
  let cleared = -1;
  for (let k = 0; k < 40 && cleared < 0; k++, i++) {
    const r = w.observe(interval(i, { '1': 100 + 3 * noise(i), '2': 50 }), owned, undefined);
    t.truthy(r, `interval ${i}: a report until it clears`);
    if (r!.anomalies.length === 0) cleared = i;
  }
  t.true(cleared > 0, 'the episode cleared');
  t.is(w.observe(interval(i++, { '1': 100, '2': 50 }), owned, undefined), undefined, 'silence after the clear report');
  t.is(w.flagged.microshard, 1, 'one flag for the whole episode');
  // A microshard no longer owned takes its detector with it.
  w.observe(interval(i++, { '1': 100 }), new Set(['1']), undefined);
  t.is(w.size, 1);
});

test('sidecar watch: a small surprise on a near-idle microshard is not reported (min ops/s); host CPU is its own series', (t) => {
  const w = new AnomalyWatch({ intervalMs: IV, probation: 10, tailThreshold: 1e-5, season: 0, minOpsPerS: 5, host: true });
  const owned = new Set(['1']);
  for (let i = 0; i < 40; i++) t.is(w.observe(interval(i, { '1': 0 }), owned, 0.2 + 0.01 * noise(i)), undefined);
  // 3 ops on an always-idle microshard: surprising, but below 5 ops/s.
  t.is(w.observe(interval(40, { '1': 3 }), owned, 0.2), undefined);
  // The host CPU jumps to 0.95.
  const r = w.observe(interval(41, { '1': 0 }), owned, 0.95)!;
  t.truthy(r);
  t.deepEqual(r.anomalies.map((a) => [a.series, a.hasMicroshard, a.flagged]), [[HOST_CPU_SERIES, false, true]]);
  t.is(w.flagged.host, 1);
});

test('sidecar watch: latency p99, read fraction and error rate are series of their own, measured only with enough load; the leader plans only on ops', (t) => {
  const w = new AnomalyWatch({ intervalMs: IV, probation: 10, tailThreshold: 1e-5, season: 0, minOpsPerS: 5, host: false });
  const owned = new Set(['1']);
  const iv = (i: number, ops: number, p99: number, readFraction = 0.9, errorRate = 0) => {
    const c = interval(i, { '1': ops });
    Object.assign(c.microshards[0]!, { latencyP99Ms: p99, readFraction, errorRate });
    return c;
  };
  for (let i = 0; i < 40; i++) t.is(w.observe(iv(i, 100 + 2 * noise(i), 4 + 0.3 * noise(i + 3)), owned, undefined), undefined);
  t.is(w.size, 4, 'ops, read_fraction, latency_p99_ms, error_rate');
  // Latency jumps while the load stays: one latency anomaly, no ops anomaly.
  const r = w.observe(iv(40, 100, 250), owned, undefined)!;
  t.deepEqual(r.anomalies.map((a) => [a.series, a.flagged]), [[microshardSeries('1', 'latency_p99_ms'), true]]);
  // An idle interval measures no latency: the open episode is carried as last seen, not cleared.
  const idle = w.observe(iv(41, 0, 0), owned, undefined)!;
  t.true(idle.anomalies.some((a) => a.series === microshardSeries('1', 'latency_p99_ms') && !a.flagged && a.value === 250));
  // The leader keeps it for operators, but the planner's view has only load anomalies.
  const store = new AnomalyStore(() => 'n1', { anomalyEventMinGapMs: 0, anomalyExpireIntervals: 3 });
  const got = store.ingest('n1', { ...r, intervalStartMs: String(r.intervalStartMs), intervalMs: String(r.intervalMs) }, 41_000);
  t.is(got.flagged[0]!.metric, 'latency_p99_ms');
  t.is(store.list(41_000).length, 1);
  t.is(store.active(41_000).size, 0);
  t.regex(store.eventsFor(got.flagged, 41_000)[0]!.reason, /microshard 1 latency_p99_ms 250, expected [34]\.\d \[/);
  t.throws(() => store.ingest('n1', report([entry({ series: 'microshard/7/bytes' })])), { message: /unknown microshard metric "bytes"/ });
});

test('sidecar watch: a new microshard (a split half, a restart) learns from its recorded history and is watched at once', (t) => {
  // 60 recorded intervals of ~100 ops, then this interval's spike as the last point.
  const recorded = Array.from({ length: 60 }, (_, i) => 100 + 3 * noise(i));
  const seeded = new AnomalyWatch({ intervalMs: IV, probation: 20, tailThreshold: 1e-5, season: 0, minOpsPerS: 5, host: false, history: (id, n) => (id === '9' ? [...recorded, 900].slice(-n) : undefined) });
  const r = seeded.observe(interval(60, { '9': 900 }), new Set(['9']), undefined);
  t.truthy(r, 'flagged at its first live interval');
  t.deepEqual(r!.anomalies.map((a) => [a.series, a.flagged]), [[microshardSeries('9'), true]]);
  // Without history it is in probation: nothing.
  const fresh = new AnomalyWatch({ intervalMs: IV, probation: 20, tailThreshold: 1e-5, season: 0, minOpsPerS: 5, host: false });
  t.is(fresh.observe(interval(60, { '9': 900 }), new Set(['9']), undefined), undefined);
});

test('sidecar watch: bad options fail at construction', (t) => {
  t.throws(() => new AnomalyWatch({ intervalMs: 0, probation: 1, tailThreshold: 1e-5, season: 0, minOpsPerS: 5, host: false }), { message: /intervalMs must be positive/ });
  t.throws(() => new AnomalyWatch({ intervalMs: IV, probation: 1, tailThreshold: 0.7, season: 0, minOpsPerS: 5, host: false }), { message: /tailThreshold must be in \(0, 0.5\)/ });
  t.throws(() => new AnomalyWatch({ intervalMs: IV, probation: -1, tailThreshold: 1e-5, season: 0, minOpsPerS: 5, host: false }), { message: /probation must be a non-negative integer/ });
});

// ---- the leader's store ----

const entry = (over: Partial<Anomaly__Output> = {}): Anomaly__Output => ({
  series: 'microshard/7/ops',
  microshardId: '7',
  hasMicroshard: true,
  value: 900,
  expected: 100,
  expectedLow: 80,
  expectedHigh: 120,
  score: 0.9,
  peakScore: 0.9,
  sinceMs: '10000',
  flagged: true,
  ...over,
});
const report = (anomalies: Anomaly__Output[], startMs = 10_000): AnomalyReport__Output => ({ intervalStartMs: String(startMs), intervalMs: String(IV), anomalies });

test('leader store: keeps a node\'s active anomalies, only for what it owns, until cleared or expired', (t) => {
  const owners: Record<string, string> = { '7': 'n1', '8': 'n2' };
  const store = new AnomalyStore((id) => owners[id], { anomalyEventMinGapMs: 60_000, anomalyExpireIntervals: 3 });
  const got = store.ingest('n1', report([entry(), entry({ series: 'microshard/8/ops', microshardId: '8' }), entry({ series: 'host/cpu', microshardId: '0', hasMicroshard: false, value: 0.95, expected: 0.2, expectedLow: 0.1, expectedHigh: 0.3 })]), 11_000);
  t.is(got.ignoredNotOwned, 1, 'microshard 8 is n2\'s');
  t.deepEqual(got.flagged.map((a) => a.series), ['microshard/7/ops', 'host/cpu']);
  t.deepEqual([...store.active(11_500).keys()], ['7']);
  t.is(store.list(11_500).length, 2);
  // Expired after 3 intervals without a report.
  t.is(store.active(14_001).size, 0);
  store.ingest('n1', report([entry({ flagged: false })]), 20_000);
  t.is(store.active(20_100).size, 1);
  // The empty report clears; so does a move of the microshard.
  store.ingest('n1', report([]), 21_000);
  t.is(store.active(21_100).size, 0);
  store.ingest('n1', report([entry()]), 22_000);
  owners['7'] = 'n2';
  t.is(store.active(22_100).size, 0, 'moved away: no longer its reporter\'s to speak for');
});

test('leader store: an open load episode that grows past its band asks for another round (a spike flagged on a partial interval)', (t) => {
  const store = new AnomalyStore(() => 'n1', { anomalyEventMinGapMs: 0, anomalyExpireIntervals: 3 });
  // Flagged on the last moments of an interval: 150 against 40 [20, 60].
  t.is(store.ingest('n1', report([entry({ value: 150, expected: 40, expectedLow: 20, expectedHigh: 60 })]), 11_000).flagged.length, 1);
  // The next interval carries the full spike: escalated once.
  const next = store.ingest('n1', report([entry({ value: 1200, expected: 50, expectedLow: 20, expectedHigh: 80, flagged: false })], 11_000), 12_000);
  t.deepEqual([next.flagged.length, next.escalated.map((a) => a.value)], [0, [1200]]);
  // Holding at that level: nothing more.
  t.deepEqual(store.ingest('n1', report([entry({ value: 1210, expected: 60, expectedLow: 20, expectedHigh: 100, flagged: false })], 12_000), 13_000).escalated, []);
  // Latency episodes never escalate (the planner's load is ops).
  const lat = { series: 'microshard/7/latency_p99_ms', value: 5, flagged: true };
  store.ingest('n1', report([entry(lat)]), 14_000);
  t.deepEqual(store.ingest('n1', report([entry({ ...lat, value: 500, flagged: false })]), 15_000).escalated, []);
  // Cleared, then a new episode starts from its own flag.
  store.ingest('n1', report([]), 16_000);
  t.deepEqual(store.ingest('n1', report([entry({ value: 2000, flagged: false })]), 17_000).escalated, [], 'an episode first seen now is a baseline, not a rise');
});

test('leader store: nonsense ends with INVALID_ARGUMENT naming the field', (t) => {
  const store = new AnomalyStore(() => 'n1', { anomalyEventMinGapMs: 0, anomalyExpireIntervals: 3 });
  const bad: Array<[AnomalyReport__Output, RegExp]> = [
    [report([entry({ series: 'microshard/x/ops' })]), /anomalies\[0\]\.series must be "microshard\/<id>\/<metric>"/],
    [report([entry({ microshardId: '8' })]), /anomalies\[0\]\.microshard_id must be 7/],
    [report([entry({ value: NaN })]), /anomalies\[0\]\.value must be a finite number/],
    [report([entry({ score: 1.5 })]), /anomalies\[0\]\.score must be in \[0, 1\]/],
    [report([entry({ expectedLow: 200 })]), /expected_low 200 is above expected_high 120/],
    [report([entry({ sinceMs: '99999' })]), /since_ms 99999 is after the interval/],
    [report([entry(), entry()]), /anomalies\[1\]: series "microshard\/7\/ops" reported twice/],
    [report([entry({ series: 'host/cpu' })]), /host series and names no microshard/],
    [{ ...report([]), intervalMs: '0' }, /interval_ms must be in 1\.\./],
  ];
  for (const [r, re] of bad) {
    const err = t.throws(() => store.ingest('n1', r), { instanceOf: InvalidArgumentError });
    t.regex(err!.message, re);
  }
});

test('leader store: the anomaly event carries the evidence; one series\' events are rate-limited and the held-back flags counted', (t) => {
  const store = new AnomalyStore(() => 'n1', { anomalyEventMinGapMs: 10_000, anomalyExpireIntervals: 3 });
  const flagged = store.ingest('n1', report([entry()]), 11_000).flagged;
  const [ev] = store.eventsFor(flagged, 11_000);
  t.is(ev!.kind, 'anomaly');
  t.deepEqual(ev!.microshardIds, ['7']);
  t.deepEqual(ev!.nodeIds, ['n1']);
  t.is(ev!.actor, 'detector:n1');
  t.regex(ev!.reason, /microshard 7 load 900 ops in the interval \(900 ops\/s\), expected 100 \[80\.0, 120\], score 0\.90, since 1970-01-01T00:00:10\.000Z/);
  t.like(ev!.inputs as Record<string, unknown>, { series: 'microshard/7/ops', value: 900, expected: 100, expectedLow: 80, expectedHigh: 120, score: 0.9, sinceMs: 10_000, unit: 'ops per interval' });
  t.deepEqual(store.eventsFor(flagged, 12_000), [], 'held back within the gap');
  t.deepEqual(store.eventsFor(flagged, 15_000), []);
  const later = store.eventsFor(flagged, 21_500);
  t.is(later.length, 1);
  t.regex(later[0]!.reason, /2 earlier flag\(s\) of this series not recorded: rate limit/);
  t.regex(anomalyEvent({ ...flagged[0]!, microshardId: undefined, series: 'host/cpu', value: 0.95, expected: 0.2, expectedLow: 0.1, expectedHigh: 0.3 }).reason, /host\/cpu on n1 0\.950, expected 0\.200/);
});

// ---- the planner's load of an anomalous microshard ----

test('untrusted forecast: max(observed, forecast) per step, band widened, never narrower than the forecast\'s', (t) => {
  const f = untrustedForecast({ p50: [100, 120, 1500], p90: [130, 150, 2500] }, 900, 4, 0.5);
  t.deepEqual(f.p50, [900, 900, 1500, 1500]);
  t.deepEqual(f.p90, [1350, 1350, 2500, 2500]);
  // No forecast at all: the observed load at every step.
  t.deepEqual(untrustedForecast({ p50: [], p90: [] }, 40, 2, 0.25), { p50: [40, 40], p90: [50, 50] });
  // Garbage counts as 0.
  t.deepEqual(untrustedForecast({ p50: [NaN], p90: [-3] }, Infinity, 1, 0.5), { p50: [0], p90: [0] });
  t.throws(() => untrustedForecast({ p50: [], p90: [] }, 1, -1), { message: /horizon must be a non-negative integer/ });
  t.throws(() => untrustedForecast({ p50: [], p90: [] }, 1, 1, NaN), { message: /widen must be a non-negative number/ });
});

test('ctl explain prints the anomaly a decision was planned with and the trigger', (t) => {
  const inputs = { anomaly: { series: 'microshard/7/ops', value: 900, expected: 100, expectedLow: 80, expectedHigh: 120, score: 0.97 }, trigger: { kind: 'anomaly', microshards: ['7'], atMs: 10_000 } };
  const text = formatRecord({ atMs: '10000', round: '9', microshardId: '7', nodeId: 'n1', outcome: 'decision', candidate: 'hot', reason: 'r', operatorId: 'op1', kind: 'split', execution: 'split 7', policy: 'p', gain: 1, cost: 0.1, load: 900, forecastP50: 900, forecastP90: 1350, inputsJson: JSON.stringify(inputs) }, 12_000);
  t.regex(text, /anomaly: microshard\/7\/ops 900 vs expected 100 \[80\.0, 120\], score 0\.97: planned on max\(observed, forecast\), band widened/);
  t.regex(text, /round triggered by an anomaly \(reached the leader 00:00:10\.000\)/);
});

// ---- the planner's trigger ----

/** A planner loop on fakes whose round only records what triggered it (the trigger logic alone). */
async function triggerLoop(over: { plannerIntervalMs?: number; anomalyTrigger?: boolean; anomalyRoundMinGapMs?: number } = {}) {
  const leadership = { isLeader: true } as unknown as PlannerLoopDeps['leadership'];
  const ns = { get: () => ({ string: async () => undefined }) } as unknown as PlannerLoopDeps['ns'];
  const loop = new PlannerLoop(
    { ns, leadership, state: {} as PlannerLoopDeps['state'], loads: {} as PlannerLoopDeps['loads'], duties: {} as PlannerLoopDeps['duties'], migrations: {} as PlannerLoopDeps['migrations'], transport: { sessionNodeIds: () => [], send: () => false }, log: createLogger('test', 'silent') },
    { plannerIntervalMs: over.plannerIntervalMs ?? 600_000, plannerAuctionDeadlineMs: 100, plannerExplainPerMicroshard: 5, plannerNoActionEventEveryMs: 0, plannerPolicy: '', planner: {}, leaderId: 'c1', orphanPolicy: 'await', anomalyTrigger: over.anomalyTrigger, anomalyRoundMinGapMs: over.anomalyRoundMinGapMs ?? 1000 },
  );
  const rounds: Array<RoundTrigger | undefined> = [];
  let release: () => void = () => undefined;
  loop.round = async (trigger?: RoundTrigger) => {
    rounds.push(trigger);
    await new Promise<void>((r) => (release = r));
    return { atMs: Date.now(), trigger };
  };
  await loop.onElected();
  return { loop, rounds, release: () => release() };
}

test('planner trigger: a round at once, rate-limited; a trigger during a running round runs right after it; off when the loop or the trigger is off', async (t) => {
  const { loop, rounds, release } = await triggerLoop();
  t.is(loop.trigger(['7'], 10_000), 'started');
  t.deepEqual(rounds.map((r) => r?.microshards), [['7']]);
  t.is(loop.trigger(['8'], 10_500), 'rate_limited', 'within the gap');
  t.is(loop.trigger(['9'], 11_100), 'started', 'queued behind the running round');
  t.is(rounds.length, 1);
  release();
  await new Promise((r) => setTimeout(r, 20));
  t.deepEqual(rounds.map((r) => r?.microshards), [['7'], ['9']]);
  t.deepEqual([loop.totals.triggered, loop.totals.triggersLimited], [2, 1]);
  release();
  loop.stop();
  t.is(loop.trigger(['7'], 20_000), 'off', 'not leading any more');
  t.is((await triggerLoop({ plannerIntervalMs: 0 })).loop.trigger(['7'], 10_000), 'off');
  t.is((await triggerLoop({ anomalyTrigger: false })).loop.trigger(['7'], 10_000), 'off');
});
