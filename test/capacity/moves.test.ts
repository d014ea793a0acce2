import test from 'ava';
import { planScaleMoves } from '../../core/capacity/index.js';

const flat = (v: number, h = 4) => new Array(h).fill(v) as number[];
const ms = (id: string, owner: string, v: number, hot?: string[]) => ({ id, owner, forecast: { p50: flat(v), p90: flat(v) }, hotTopics: hot });

test('the hot topic\'s microshard moves first, then the biggest, until the node is under its usable capacity', (t) => {
  // a: 40 + 30 + 20 + 10 = 100 against usable 80; the hot one is the 10.
  const plan = planScaleMoves(
    [{ nodeId: 'a', usable: 80, p90: flat(100) }, { nodeId: 'b', usable: 80, p90: flat(50) }],
    [{ nodeId: 'new', usable: 80, p90: flat(0) }],
    [ms('1', 'a', 40), ms('2', 'a', 30), ms('3', 'a', 20), ms('4', 'a', 10, ['news/live']), ms('5', 'b', 50)],
    8,
  );
  t.deepEqual(plan.moves.map((m) => m.microshardId), ['4', '1']);
  t.deepEqual(plan.moves[0]!.hotTopics, ['news/live']);
  t.true(plan.moves.every((m) => m.from === 'a' && m.to === 'new'));
  t.true(plan.utilisationAfter.a! <= 1);
  t.is(plan.utilisationAfter.b, 50 / 80); // b was fine: untouched
});

test('moves stop at maxMoves; nothing moves when no node is over; a microshard bigger than a node moves alone and is reported', (t) => {
  const src = [{ nodeId: 'a', usable: 80, p90: flat(200) }];
  const tgt = [{ nodeId: 'new', usable: 80, p90: flat(0) }];
  const capped = planScaleMoves(src, tgt, [ms('1', 'a', 50), ms('2', 'a', 50), ms('3', 'a', 50), ms('4', 'a', 50)], 1);
  t.is(capped.moves.length, 1);
  t.deepEqual(planScaleMoves([{ nodeId: 'a', usable: 80, p90: flat(60) }], tgt, [ms('1', 'a', 60)], 8).moves, []);
  // A microshard hotter than a whole new node still moves to an empty one (the rest is relieved), reported as too big.
  const big = planScaleMoves([{ nodeId: 'a', usable: 80, p90: flat(150) }], tgt, [ms('1', 'a', 120), ms('2', 'a', 30)], 8);
  t.deepEqual(big.tooBig, ['1']);
  t.deepEqual(big.moves.map((m) => m.microshardId), ['1']);
  t.is(big.utilisationAfter.a, 30 / 80);
});

test('several new nodes share the load; a move never makes the target busier than the source was', (t) => {
  const plan = planScaleMoves(
    [{ nodeId: 'a', usable: 100, p90: flat(250) }],
    [{ nodeId: 'n1', usable: 100, p90: flat(0) }, { nodeId: 'n2', usable: 100, p90: flat(0) }],
    [ms('1', 'a', 50), ms('2', 'a', 50), ms('3', 'a', 50), ms('4', 'a', 50), ms('5', 'a', 50)],
    10,
  );
  const to = new Set(plan.moves.map((m) => m.to));
  t.true(to.has('n1') && to.has('n2'));
  t.true(plan.utilisationAfter.a! <= 1);
  t.true(plan.utilisationAfter.n1! <= 1 && plan.utilisationAfter.n2! <= 1);
});
