// The pure parts of the live decision loop: the sidecar's bid from its own view (the same
// computeBid as the simulator), the leader's auction house, the snapshot built from etcd state,
// migrations and the load store (readiness after failover, forecast alignment, cool-downs, busy
// ranges), the lots of a split's halves, and the explain store.
import test from 'ava';
import { KEYSPACE_END, positionToHex } from '../../core/keyspace.js';
import { computeBid, plannerConfig, isBid } from '../../core/planner/index.js';
import type { Microshard } from '../../core/microshard.js';
import type { Operator } from '../../core/planner/operator.js';
import { SidecarBidder, auctionItem } from '../../sidecar/bidding.js';
import { coAccessRate } from '../../core/planner/bidding.js';
import { AuctionHouse, lotToWire, type Lot } from '../../coordinator/planner/auction.js';
import { buildSnapshot, readiness, alignForecast, type SnapshotSources } from '../../coordinator/planner/snapshot.js';
import { splitPieces } from '../../core/planner/lots.js';
import { ExplainStore, type StoredExplain } from '../../coordinator/planner/explain-store.js';
import { plannerConfigOf } from '../../coordinator/planner/options.js';
import { newRecord, type MigrationRecord } from '../../coordinator/migration/record.js';
import type { LoadSnapshot, MicroshardForecastView, MicroshardLoadView, NodeLoadView } from '../../coordinator/cluster/load-store.js';
import type { NodeRecord } from '../../coordinator/cluster/state.js';
import type { CoordinatorMessage } from '../../generated/proto/shardcast/v1/CoordinatorMessage.js';
import type { AuctionOpen__Output } from '../../generated/proto/shardcast/v1/AuctionOpen.js';
import type { AuctionLot__Output } from '../../generated/proto/shardcast/v1/AuctionLot.js';
import { InvalidArgumentError } from '../../platform/errors.js';

const E = KEYSPACE_END;
const Q = E / 4n;
const cfg = plannerConfig({ horizon: 4 });

function lotOut(l: Lot): AuctionLot__Output {
  const w = lotToWire(l);
  return {
    microshardId: String(w.microshardId),
    start: w.start!,
    end: w.end!,
    owner: w.owner!,
    why: w.why!,
    quantiles: w.quantiles!.map(Number),
    predicted: w.predicted!.map((s) => ({ values: s.values!.map(Number) })),
    sizeBytes: String(w.sizeBytes),
    coAccess: w.coAccess!.map((p) => ({ microshardId: String(p.microshardId), weight: Number(p.weight) })),
    clientRegions: Object.fromEntries(Object.entries(w.clientRegions ?? {}).map(([k, v]) => [k, Number(v)])),
  };
}

function open(lots: Lot[], over: Partial<AuctionOpen__Output> = {}): AuctionOpen__Output {
  return {
    auctionId: '7',
    lots: lots.map(lotOut),
    deadlineMs: 500,
    intervalMs: '1000',
    startMs: '10000',
    maxConcurrentPerNode: cfg.maxConcurrentPerNode,
    nodeBytesBudgetPerInterval: cfg.nodeBytesBudgetPerInterval,
    budgetWindow: cfg.budgetWindow,
    coAccessWeight: cfg.coAccessWeight,
    proximityWeight: cfg.proximityWeight,
    defaultCapacityOpsPerS: 1000,
    ...over,
  };
}

const lot = (id: string, p90: number[], over: Partial<Lot> = {}): Lot => ({ microshardId: id, start: positionToHex(0n), end: positionToHex(Q), owner: 'n1', why: 'predicted-overload', p50: p90.map((v) => v * 0.8), p90, sizeBytes: 1000, coAccess: [], ...over });

test('sidecar bid: headroom from its own forecasts (spreads in quadrature), as computeBid gives it; owner and bad terms refuse', (t) => {
  const held = new Set(['5', '6']);
  const b = new SidecarBidder({ nodeId: 'n2', capacityOpsPerS: 100, region: '', holds: (id) => held.has(id), hostCpu: () => 0.25 });
  // Interval 1 s: capacity 100 ops per interval. Two owned microshards, forecasts from 10000 ms.
  b.observe({
    intervalStartMs: '9000',
    intervalMs: '1000',
    microshards: [{ microshardId: '5', reads: '30', writes: '0' }, { microshardId: '6', reads: '10', writes: '0' }],
    forecasts: [
      { microshardId: '5', quantiles: [0.1, 0.5, 0.9], values: [{ values: [20, 20, 20, 20] }, { values: [30, 30, 30, 30] }, { values: [36, 36, 36, 36] }], intervalMs: '1000', startMs: '10000' },
      { microshardId: '6', quantiles: [0.1, 0.5, 0.9], values: [{ values: [5, 5, 5, 5] }, { values: [10, 10, 10, 10] }, { values: [18, 18, 18, 18] }], intervalMs: '1000', startMs: '10000' },
    ],
    coAccess: [{ a: '5', b: '9', count: 1000, error: 0 }],
  });
  const profile = b.profile(10_000, 1000, 4);
  // mean 40 + sqrt(6^2 + 8^2) = 50
  t.deepEqual(Array.from(profile), [50, 50, 50, 50]);
  const lots = [lot('9', [20, 20, 20, 20]), lot('5', [1, 1, 1, 1], { owner: 'n2' })];
  const bid = b.bid(open(lots));
  t.is(bid.auctionId, '7');
  t.is(bid.capacity, 100);
  const l9 = bid.lots!.find((x) => x.microshardId === '9')!;
  t.true(l9.willing);
  t.is(l9.headroom, 0.3); // (100 - 50 - 20) / 100
  // Its own sketch saw 9 with 5 (held here): co-access as a rate per interval.
  t.is(l9.coAccess, coAccessRate(1000, 1000));
  // The same as the planner's own computeBid on the same view.
  const same = computeBid({ node: 'n2', capacity: 100, profile, holds: (id) => held.has(id), inFlight: 0, bytesInWindow: 0 }, auctionItem(lotOut(lots[0]!), new Map([['5', coAccessRate(1000, 1000)]])), cfg);
  t.true(isBid(same));
  if (isBid(same)) t.is(l9.score, same.score);
  t.regex(l9.reason!, /headroom 30%.*host CPU 25%/);
  const l5 = bid.lots!.find((x) => x.microshardId === '5')!;
  t.false(l5.willing);
  t.regex(l5.reason!, /owner/);
  // A forecast made an interval earlier is shifted: step 1 of the auction is its step 2.
  t.deepEqual(Array.from(b.profile(11_000, 1000, 2)), [50, 50]);
  // Bad terms: every lot refused, naming why.
  const bad = b.bid(open(lots, { budgetWindow: 0 }));
  t.true(bad.lots!.every((x) => x.willing === false && /bad auction terms/.test(x.reason!)));
  // A microshard no longer held leaves the profile.
  held.delete('6');
  t.deepEqual(Array.from(b.profile(10_000, 1000, 1)), [36]);
});

test('sidecar bid: no stated capacity bids with the auction default; a microshard without forecast counts at its load', (t) => {
  const b = new SidecarBidder({ nodeId: 'n3', capacityOpsPerS: 0, region: 'eu', holds: () => true });
  b.observe({ intervalStartMs: '0', intervalMs: '1000', microshards: [{ microshardId: '1', reads: '100', writes: '100' }] });
  const bid = b.bid(open([lot('9', [100, 100], { regions: { eu: 30, us: 10 } })], { defaultCapacityOpsPerS: 1000 }));
  t.is(bid.capacity, 1000);
  const l = bid.lots![0]!;
  t.true(l.willing);
  t.is(l.headroom, 0.7); // (1000 - 200 - 100) / 1000
  t.is(l.proximity, 0.75);
});

test('auction house: sent to live nodes with a session, bids collected until all answered, missing ones are not willing', async (t) => {
  const sent: Array<[string, CoordinatorMessage]> = [];
  const house = new AuctionHouse({ sessionNodeIds: () => ['n1', 'n2'], send: (n, m) => (sent.push([n, m]), true) });
  const lots = [lot('3', [10, 10]), lot('4', [5, 5])];
  const p = house.run(lots, ['n1', 'n2', 'n3'], { intervalMs: 1000, startMs: 0, deadlineMs: 5000, defaultCapacityOpsPerS: 1000, cfg });
  t.deepEqual(sent.map(([n]) => n), ['n1', 'n2']);
  const id = sent[0]![1].auction!.auctionId as string;
  t.is(sent[0]![1].auction!.lots!.length, 2);
  // Nonsense ends the session (throws), a bid for an unknown auction is ignored as late.
  t.throws(() => house.receive('n1', { auctionId: id, hostCpuUtilisation: 0, capacity: 1, lots: [{ microshardId: '3', willing: true, headroom: NaN, coAccess: 0, proximity: 0, score: 0, reason: '' }] }), { instanceOf: InvalidArgumentError, message: /lot 3 headroom/ });
  house.receive('n1', { auctionId: '999', hostCpuUtilisation: 0, capacity: 1, lots: [] });
  t.is(house.totals.late, 1);
  house.receive('n1', { auctionId: id, hostCpuUtilisation: 0.5, capacity: 100, lots: [{ microshardId: '3', willing: false, headroom: 0, coAccess: 0, proximity: 0, score: 0, reason: 'owner: it is already here' }, { microshardId: '4', willing: false, headroom: 0, coAccess: 0, proximity: 0, score: 0, reason: 'x' }] });
  house.receive('n2', { auctionId: id, hostCpuUtilisation: 0.1, capacity: 100, lots: [{ microshardId: '3', willing: true, headroom: 0.4, coAccess: 1, proximity: 0, score: 0.41, reason: 'ok' }] });
  const out = await p;
  t.deepEqual(out.answered, ['n1', 'n2']);
  t.deepEqual(out.missing, ['n3']);
  t.deepEqual(out.bids.get('3'), [{ node: 'n2', microshard: '3', headroom: 0.4, coAccess: 1, proximity: 0, score: 0.41 }]);
  t.deepEqual(out.bids.get('4'), []);
  // n2 left lot 4 out: recorded as not willing.
  t.deepEqual(out.answers.get('4')!.map((a) => [a.node, a.willing]), [['n1', false], ['n2', false]]);
});

test('auction house: the deadline closes an auction nobody answers; no session at all closes at once', async (t) => {
  const house = new AuctionHouse({ sessionNodeIds: () => ['n1'], send: () => true });
  const t0 = Date.now();
  const out = await house.run([lot('3', [1])], ['n1'], { intervalMs: 1000, startMs: 0, deadlineMs: 150, defaultCapacityOpsPerS: 1, cfg });
  t.true(Date.now() - t0 >= 140);
  t.deepEqual(out.missing, ['n1']);
  const none = new AuctionHouse({ sessionNodeIds: () => [], send: () => false });
  const quick = await none.run([lot('3', [1])], ['n1', 'n2'], { intervalMs: 1000, startMs: 0, deadlineMs: 10_000, defaultCapacityOpsPerS: 1, cfg });
  t.deepEqual(quick.missing, ['n1', 'n2']);
});

// ---- snapshot ----

const ms = (id: string, start: bigint, end: bigint, owner: string, extra: Partial<Microshard> = {}): Microshard => ({ id, start, end, owner, epoch: 1n, state: 'ACTIVE', createdAtMs: 0, previousOwner: '', ...extra });
const node = (id: string, capacityOpsPerS = 0): NodeRecord => ({ id, datastoreAddress: 'x:1', sidecarAddress: 'x:2', zone: '', region: 'eu', capacityOpsPerS, leaseId: '1', sessionStartedAtMs: '0', labels: {} });
const loadView = (id: string, nodeId: string, ops: number, extra: Partial<MicroshardLoadView> = {}): MicroshardLoadView => ({ microshardId: id, nodeId, intervalStartMs: 9000, intervalMs: 1000, reads: ops, writes: 0, ops, bytesRead: 0, bytesWritten: 0, errors: 0, latencyP50Ms: 0, latencyP99Ms: 0, sizeBytes: 500, accessBuckets: [], receivedAtMs: 10_000, ...extra });
const nodeView = (id: string, receivedAtMs = 10_000): NodeLoadView => ({ nodeId: id, intervalStartMs: 9000, intervalMs: 1000, host: { cpuUtilisation: 0.3, memoryUsedBytes: 0, memoryTotalBytes: 0, diskReadBytesPerS: 0, diskWriteBytesPerS: 0, netRxBytesPerS: 0, netTxBytesPerS: 0 }, microshards: 1, ops: 1, coAccess: [{ a: '1', b: '2', count: 720, error: 0 }], receivedAtMs, reports: 1, ignoredNotOwned: 0 });
const fc = (id: string, nodeId: string, startMs: number, p50: number[], p90: number[]): MicroshardForecastView => ({ microshardId: id, nodeId, quantiles: [0.1, 0.5, 0.9], values: [Float32Array.from(p50.map((v) => v / 2)), Float32Array.from(p50), Float32Array.from(p90)], horizon: p50.length, modelVersion: 'm', method: 'naive', intervalMs: 1000, startMs, season: 4, historyPoints: 8, receivedAtMs: 10_000 });

function sources(over: Partial<SnapshotSources> = {}): SnapshotSources {
  const loads: LoadSnapshot = {
    takenAtMs: 10_500,
    loads: new Map([
      ['1', loadView('1', 'a', 40, { accessBuckets: [1, 3] })],
      ['2', loadView('2', 'b', 20)],
    ]),
    forecasts: new Map([['1', fc('1', 'a', 10_000, [40, 50, 60, 70, 80], [50, 60, 70, 80, 90])]]),
    nodes: new Map([
      ['a', nodeView('a')],
      ['b', nodeView('b')],
    ]),
  };
  return {
    nowMs: 10_500,
    microshards: [ms('2', 2n * Q, E, 'b'), ms('1', 0n, 2n * Q, 'a')],
    nodes: [node('b', 200), node('a')],
    loads,
    migrations: [],
    nextMicroshardId: 3n,
    initialMicroshards: 2,
    capacityOpsPerS: (n) => (n.capacityOpsPerS > 0 ? n.capacityOpsPerS : 1000),
    cfg,
    ...over,
  };
}

test('snapshot readiness: cold until every live node reported and every owned microshard has its owner\'s load', (t) => {
  t.deepEqual(readiness(sources()), { ready: true, intervalMs: 1000 });
  const s = sources();
  const noB = { ...s.loads, nodes: new Map([['a', nodeView('a')]]) };
  t.regex((readiness({ ...s, loads: noB }) as { because: string }).because, /no load report from b/);
  const stale = { ...s.loads, nodes: new Map([['a', nodeView('a')], ['b', nodeView('b', 1000)]]) };
  t.regex((readiness({ ...s, loads: stale }) as { because: string }).because, /from b are stale/);
  // Microshard 2 moved to a: its load (from b) no longer counts until a reports it.
  t.regex((readiness({ ...s, microshards: [ms('1', 0n, 2n * Q, 'a'), ms('2', 2n * Q, E, 'a')] }) as { because: string }).because, /waiting for the loads of 1 microshard\(s\) from their owners \(2\)/);
  t.regex((readiness({ ...s, nodes: [] }) as { because: string }).because, /no live nodes/);
  t.regex((readiness({ ...s, microshards: [ms('1', 0n, 2n * Q, 'a'), ms('2', 2n * Q, E, '')] }) as { because: string }).because, /initial placement pending: 1/);
  // Moved to b during the interval b reported last: that interval is partial, so wait for a full one.
  const moved = newRecord({ id: '4', microshardId: '2', start: positionToHex(2n * Q), end: positionToHex(E), source: 'a', target: 'b', epoch: '1', requestedBy: 'planner:c1', reason: '', maxBytesPerS: 0, verifyChecksums: false, deadlineBudgetMs: 1000 }, 0);
  t.regex((readiness({ ...s, migrations: [{ ...moved, phase: 'DONE', committedAtMs: 9_500 }] }) as { because: string }).because, /full interval of microshard 2 from b/);
  t.deepEqual(readiness({ ...s, migrations: [{ ...moved, phase: 'DONE', committedAtMs: 8_500 }] }), { ready: true, intervalMs: 1000 });
});

test('snapshot: capacities per interval, aligned forecasts, histograms, co-access rates, initial age, sorted tiling', (t) => {
  const { snap, stepStartMs, intervalMs } = buildSnapshot(sources(), 1000);
  t.is(intervalMs, 1000);
  t.is(stepStartMs, 10_000);
  t.is(snap.now, 9);
  t.deepEqual(snap.microshards.map((m) => m.id), ['1', '2']);
  t.deepEqual(snap.nodes.map((n) => [n.id, n.capacity, n.utilisation, n.region]), [['a', 1000, 0.3, 'eu'], ['b', 200, 0.3, 'eu']]);
  const m1 = snap.microshards[0]!;
  t.is(m1.load, 40);
  t.is(m1.sizeBytes, 500);
  t.deepEqual(Array.from(m1.forecast.p50), [40, 50, 60, 70]);
  t.deepEqual(Array.from(m1.forecast.p90), [50, 60, 70, 80]);
  t.deepEqual(m1.histogram!.counts, [1, 3]);
  t.deepEqual(m1.histogram!.edges, [0n, Q, 2n * Q]);
  t.is(m1.createdAt, 0);
  t.is(m1.coAccess![0]!.partner, '2');
  t.is(m1.coAccess![0]!.weight, coAccessRate(720, 1000));
  // No forecast: the planner falls back to the load.
  t.deepEqual(snap.microshards[1]!.forecast.p50, []);
  // A forecast one interval old is shifted by one step; one entirely in the past is dropped.
  t.deepEqual(alignForecast(fc('1', 'a', 9000, [1, 2, 3], [1, 2, 3]), 10_000, 4)!.p50, [2, 3]);
  t.is(alignForecast(fc('1', 'a', 1000, [1, 2, 3], [1, 2, 3]), 10_000, 4), undefined);
});

test('snapshot: an anomalous microshard is planned on max(observed, forecast) with a widened band, only while its reporter owns it', (t) => {
  // Microshard 1 (owner a): forecast p50 40..70, the anomaly saw 500 in the flagged interval (the
  // load report of that interval has not arrived: the store still says 40).
  const anomalies = new Map([['1', { nodeId: 'a', value: 500 }]]);
  const { snap } = buildSnapshot(sources({ anomalies, anomalyBandWiden: 0.5 }), 1000);
  const m1 = snap.microshards[0]!;
  t.is(m1.load, 500);
  t.deepEqual(Array.from(m1.forecast.p50), [500, 500, 500, 500]);
  t.deepEqual(Array.from(m1.forecast.p90), [750, 750, 750, 750]);
  // Microshard 2 has no forecast: its anomaly still gives the planner a full horizon.
  const two = buildSnapshot(sources({ anomalies: new Map([['2', { nodeId: 'b', value: 90 }]]) }), 1000).snap.microshards[1]!;
  t.is(two.load, 90);
  t.is(two.forecast.p50.length, cfg.horizon);
  // Reported by a node that no longer owns it: ignored.
  const stale = buildSnapshot(sources({ anomalies: new Map([['1', { nodeId: 'b', value: 500 }]]) }), 1000).snap.microshards[0]!;
  t.is(stale.load, 40);
  t.deepEqual(Array.from(stale.forecast.p50), [40, 50, 60, 70]);
});

test('snapshot: migrations in flight make their range busy and their load move; committed ones set the cool-down', (t) => {
  const rec = (over: Partial<MigrationRecord>): MigrationRecord =>
    newRecord({ id: '1', microshardId: '2', start: positionToHex(2n * Q), end: positionToHex(E), source: 'a', target: 'b', epoch: '1', requestedBy: 'planner:c1', reason: '', maxBytesPerS: 0, verifyChecksums: false, deadlineBudgetMs: 1000, ...over }, 9_500);
  const done = rec({ id: '1', phase: 'DONE', committedAtMs: 7_200, bytes: '300' });
  const copying = rec({ id: '2', microshardId: '1', start: positionToHex(0n), end: positionToHex(2n * Q), source: 'a', target: 'b', phase: 'COPYING', bytes: '100' });
  const { snap } = buildSnapshot(sources({ migrations: [done, copying] }), 1000);
  const [m1, m2] = snap.microshards;
  t.true(m1!.busy);
  t.falsy(m2!.busy);
  t.deepEqual(m2!.lastMove, { at: 7, from: 'a', to: 'b' });
  t.deepEqual(snap.migrations, [{ microshard: '1', from: 'a', to: 'b', bytes: 500, remainingIntervals: 1 }]);
  t.deepEqual(snap.recentMoves.map((r) => [r.microshard, r.bytes]), [['2', 300], ['1', 500]]);
});

test('split pieces: ranges from the cuts, forecast and size apportioned by the planner\'s shares', (t) => {
  const { snap } = buildSnapshot(sources(), 1000);
  const byId = new Map(snap.microshards.map((m) => [m.id, m]));
  const op: Operator = {
    id: '9:0', kind: 'split', reason: 'hot', detail: '', policy: 'load-balancing', gain: 1, cost: 0,
    gainBreakdown: { overload: 0, policy: 0, coAccess: 0, proximity: 0, other: 1 }, costBreakdown: { bytes: 0, copyLoad: 0, churn: 0 },
    steps: [{ kind: 'split', microshard: '1', at: Q, left: '3', right: '4' }],
    inputs: { shares: [0.25, 0.75] },
  };
  const pieces = splitPieces(op, byId, 2);
  t.deepEqual(pieces.map((p) => [p.microshardId, p.start, p.end, p.owner, p.why]), [['3', positionToHex(0n), positionToHex(Q), 'a', 'new-split-half'], ['4', positionToHex(Q), positionToHex(2n * Q), 'a', 'new-split-half']]);
  t.deepEqual(pieces.map((p) => Array.from(p.p90)), [[12.5, 15], [37.5, 45]]);
  t.deepEqual(pieces.map((p) => p.sizeBytes), [250, 250]);
});

test('explain store: the latest N per subject, context of node and cluster, records of vanished microshards age out', (t) => {
  const s = new ExplainStore(3);
  const rec = (over: Partial<StoredExplain>): StoredExplain => ({ atMs: 0, round: 0, microshardId: '', nodeId: '', outcome: 'no-action', candidate: 'balanced', reason: '', operatorId: '', kind: '', execution: '', policy: 'p', gain: 0, cost: 0, load: 0, forecastP50: 0, forecastP90: 0, inputs: {}, ...over });
  for (let i = 0; i < 5; i++) s.add(rec({ atMs: i, microshardId: '1', reason: `r${i}` }));
  s.add(rec({ atMs: 10, nodeId: 'a' }));
  s.add(rec({ atMs: 11 }));
  t.deepEqual(s.forMicroshard('1').map((r) => r.reason), ['r2', 'r3', 'r4']);
  t.deepEqual(s.forMicroshard('1', 1).map((r) => r.reason), ['r4']);
  t.deepEqual(s.context('a').map((r) => r.atMs), [10, 11]);
  t.deepEqual(s.context(undefined).map((r) => r.atMs), [11]);
  s.prune(() => true, 10_000_000);
  t.true(s.has('1'));
  s.prune(() => false, 10_000_000, 1000);
  t.false(s.has('1'));
});

test('planner options: overrides validated, unknown keys named', (t) => {
  t.is(plannerConfigOf({ planner: { horizon: 8 } }, 'await').horizon, 8);
  t.is(plannerConfigOf({ planner: {} }, 'await').orphanPolicy, 'await');
  t.throws(() => plannerConfigOf({ planner: { horizn: 8 } }, 'await'), { message: /unknown planner option "horizn"/ });
  t.throws(() => plannerConfigOf({ planner: { horizon: -1 } }, 'await'), { message: /horizon/ });
});
