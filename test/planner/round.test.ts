// The round the live coordinator and the simulator share (core/planner/round.ts): candidates from a
// first pass, one auction through a Bidder, a plan on the bids; the simulator's local bidders bid
// as a sidecar does (one node-profile rule); the checkers and schedulers run in registry order.
import test from 'ava';
import { runRound, lotWhy, idBases, MAX_AUCTIONS_PER_ROUND } from '../../core/planner/round.js';
import { plan } from '../../core/planner/planner.js';
import { localBidders, bidderView, bidOnLot, type Bidder } from '../../core/planner/bidder.js';
import { lotOf } from '../../core/planner/lots.js';
import { nodeProfile } from '../../core/planner/profile.js';
import { buildState } from '../../core/planner/state.js';
import { SCHEDULERS } from '../../core/planner/schedulers/index.js';
import type { Lot } from '../../core/planner/lots.js';
import { POLICIES, policyByName } from '../../core/policies/index.js';
import { flatSnapshot, testConfig, randomSnapshot, hotSplitSnapshot, H } from './snapshots.js';

const cfg = testConfig({ splitThreshold: 0.9 });
const lb = policyByName('load-balancing');

/** A bidder that records the lots it is asked about and answers through another. */
function recording(inner: (snap: Parameters<typeof localBidders>[0]) => Bidder, snap: Parameters<typeof localBidders>[0]): Bidder & { seen: Lot[][] } {
  const seen: Lot[][] = [];
  const b = inner(snap);
  return { seen, auction: (lots) => (seen.push([...lots]), b.auction(lots)) };
}

test('an overloaded node: its microshards are auctioned and the move goes to the local bidder with headroom', async (t) => {
  const snap = flatSnapshot([[400, 400, 400], [300]]);
  const bidder = recording((s) => localBidders(s, cfg), snap);
  const r = await runRound(snap, { cfg, policies: POLICIES, fixed: lb, bidder, liveNodes: ['n0', 'n1'] });
  t.is(bidder.seen.length, 1);
  t.true(bidder.seen[0]!.every((l) => l.owner === 'n0' && l.why === 'predicted-overload'));
  const moves = r.result.operators.filter((o) => o.kind === 'move');
  t.is(moves.length, 1);
  t.like(moves[0]!.steps[0], { kind: 'move', from: 'n0', to: 'n1' });
  t.is(r.lots.size, bidder.seen[0]!.length);
  t.is(r.selection.chosen, 'load-balancing');
});

test('a microshard nobody bids for is not moved this round, and nothing is asked twice', async (t) => {
  const snap = flatSnapshot([[400, 400, 400], [300]]);
  const asked: string[] = [];
  const nobody: Bidder = { auction: (lots) => (asked.push(...lots.map((l) => l.microshardId)), { bids: new Map() }) };
  const r = await runRound(snap, { cfg, policies: POLICIES, fixed: lb, bidder: nobody, liveNodes: ['n0', 'n1'] });
  t.is(r.result.operators.filter((o) => o.kind === 'move').length, 0);
  t.true(asked.length > 0);
  t.is(new Set(asked).size, asked.length);
  t.true(r.auctions.length <= MAX_AUCTIONS_PER_ROUND);
});

test('stop() after the auction ends the round without a plan', async (t) => {
  const snap = flatSnapshot([[400, 400, 400], [300]]);
  const r = await runRound(snap, { cfg, policies: POLICIES, fixed: lb, bidder: localBidders(snap, cfg), liveNodes: ['n0', 'n1'], stop: () => 'deposed' });
  t.is(r.stopped, 'deposed');
  t.is(r.auctions.length, 1);
});

test('why a lot is up: orphaned when its owner is not live, imbalance when the first pass said so', (t) => {
  t.is(lotWhy('1', 'gone', ['n0'], []), 'orphaned');
  const rec = { at: 0, subject: { microshard: '1' }, outcome: 'no-action' as const, candidate: 'imbalance' as const, because: '', inputs: {} };
  t.is(lotWhy('1', 'n0', ['n0'], [{ explain: [rec] } as never]), 'imbalance');
  t.is(lotWhy('1', 'n0', ['n0'], []), 'predicted-overload');
});

test('a local bidder profiles its node with the planner state rule: p50s add, spreads in quadrature', (t) => {
  const snap = randomSnapshot(7);
  // Without calibration and migrations the planner's node profile is the bidder's.
  const plain = { ...snap, migrations: [], microshards: snap.microshards.map((m) => ({ ...m, skill: undefined })) };
  const st = buildState(plain, cfg);
  for (const n of st.nodes) {
    const mine = plain.microshards.filter((m) => m.owner === n.id).map((m) => {
      const s = st.byId.get(m.id)!;
      return { p50: (k: number) => s.p50[k]!, p90: (k: number) => s.p90[k]! };
    });
    const p = nodeProfile(mine, H);
    for (let k = 0; k < H; k++) t.true(Math.abs(p[k]! - n.profile[k]!) < 1e-6 * Math.max(1, n.profile[k]!));
  }
  t.true(st.nodes.length > 1);
});

test('the owner refuses its own lot; another node bids what computeBid gives for its view', (t) => {
  const snap = flatSnapshot([[400, 400, 400], [300]]);
  const m = snap.microshards.find((x) => x.owner === 'n0')!;
  const lot = lotOf(m, 'predicted-overload', cfg.horizon);
  const view = (node: string) => bidderView({ node, capacity: 1000, profile: new Float64Array(cfg.horizon).fill(300), holds: () => false });
  const own = bidOnLot(view('n0'), lot, cfg);
  t.true('refused' in own);
  const b = bidOnLot(view('n1'), lot, cfg);
  t.false('refused' in b);
  if (!('refused' in b)) t.true(Math.abs(b.headroom - (1000 - 300 - 400) / 1000) < 1e-9);
});

test('checkers and schedulers run in order of urgency, registered once', (t) => {
  t.deepEqual(SCHEDULERS.map((s) => s.name), ['orphans', 'splits', 'moves', 'merges', 'scale']);
  t.is(new Set(SCHEDULERS).size, SCHEDULERS.length);
});

test('the round is deterministic with local bidders', async (t) => {
  const snap = randomSnapshot(3);
  const run = () => runRound(snap, { cfg, policies: POLICIES, bidder: localBidders(snap, cfg), liveNodes: snap.nodes.map((n) => n.id) });
  const [a, b] = [await run(), await run()];
  t.deepEqual(a.result.operators.map((o) => o.steps), b.result.operators.map((o) => o.steps));
  t.is(a.selection.chosen, b.selection.chosen);
});

test('every policy hands out split ids of its own: each new half is auctioned as the piece its pass planned', async (t) => {
  const { snap } = hotSplitSnapshot();
  const c = testConfig();
  const bidder = recording((s) => localBidders(s, c), snap);
  const r = await runRound(snap, { cfg: c, policies: POLICIES, bidder, liveNodes: ['n0', 'n1'] });
  const halves = bidder.seen.flat().filter((l) => l.why === 'new-split-half');
  // Each policy's pass splits the hot microshard: one lot per piece per policy, no id shared.
  t.is(halves.length, 2 * POLICIES.length);
  t.is(new Set(halves.map((l) => l.microshardId)).size, halves.length);
  const bases = idBases(snap.nextMicroshardId, POLICIES, c);
  for (const p of POLICIES) {
    const own = plan({ ...snap, idBase: bases }, c, p).operators.find((o) => o.kind === 'split');
    t.truthy(own, p.name);
    const step = own!.steps[0]!;
    if (step.kind !== 'split') return t.fail();
    t.true(BigInt(step.left) >= bases.get(p.name)! && BigInt(step.right) < bases.get(p.name)! + BigInt(4 * c.maxOperatorsPerRound), p.name);
  }
  t.is(r.diagnostics.wrongPiece, 0);
  t.true(BigInt(r.result.nextMicroshardId) > 2n);
});

test('random clusters: the final plan bids on its own split pieces and leaves no candidate unauctioned', async (t) => {
  for (let seed = 1; seed <= 6; seed++) {
    const snap = randomSnapshot(seed);
    const r = await runRound(snap, { cfg, policies: POLICIES, bidder: localBidders(snap, cfg), liveNodes: snap.nodes.map((n) => n.id) });
    t.is(r.diagnostics.wrongPiece, 0, `seed ${seed}`);
    t.is(r.diagnostics.unauctioned, 0, `seed ${seed}`);
    t.true(r.auctions.length <= MAX_AUCTIONS_PER_ROUND);
  }
});
