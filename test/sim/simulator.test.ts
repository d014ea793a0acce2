import test from 'ava';
import { keyPosition } from '../../core/keyspace.js';
import { place } from '../../core/placement.js';
import type { Operator } from '../../core/planner/operator.js';
import { simConfig } from '../../sim/config.js';
import { simulate, type Controller, type TimelineEntry } from '../../sim/simulator.js';
import { staticController } from '../../sim/controllers.js';
import { parseTraceText } from '../../sim/trace.js';
import { SMALL_TRACE } from './small.js';

const HALF = 1n << 63n;

test('preconditions of the hand-checked trace: key positions and placement', (t) => {
  t.true(keyPosition('k0') < HALF);
  t.true(keyPosition('k2') < HALF);
  t.true(keyPosition('k1') >= HALF);
  t.deepEqual([...place(['0', '1'], ['n0', 'n1']).entries()].sort(), [['0', 'n1'], ['1', 'n1']]);
});

const cfg = simConfig({ nodes: 2, capacity: 10, microshards: 2, bytesPerKey: 100, bandwidth: 100, planner: { cooldown: 5 } });

test('static placement: exact figures', async (t) => {
  const m = await simulate(parseTraceText(SMALL_TRACE), cfg, staticController());
  // n1 carries everything: 9, 15, 13, 11 -> overloaded at t = 1, 2, 3 by 5 + 3 + 1.
  t.is(m.overloaded_node_intervals, 3);
  t.is(m.overload_excess_ops, 9);
  t.is(m.max_mean_p50, 2);
  t.is(m.max_mean_p99, 2);
  t.is(m.moves, 0);
  t.is(m.bytes_moved, 0);
  t.is(m.thrash, 0);
  // Groups at t = 0 and t = 2 (two keys each), both on n1.
  t.is(m.cross_node_group_fraction, 0);
  t.is(m.intervals, 4);
});

function scripted(plan: Record<number, Operator['steps']>): Controller {
  return {
    name: 'scripted',
    decide: (view) => ({
      operators: (plan[view.t] ?? []).map((s, i) => ({ id: `${view.t}:${i}`, kind: 'move', reason: 'imbalance', detail: '', policy: 'test', steps: [s], gain: 1, cost: 0, gainBreakdown: { overload: 1, policy: 0, coAccess: 0, proximity: 0, other: 0 }, costBreakdown: { bytes: 0, copyLoad: 0, churn: 0 }, inputs: {} })),
    }),
  };
}

test('a move copies bytes / bandwidth intervals, adds copy load, then cuts over; a move back within the cool-down is thrash', async (t) => {
  // t=0 decide: move microshard 0 (k0 seen: 1 key = 100 bytes = 1 interval) n1 -> n0.
  // Copy during t=1 (n1 still serves it: 15, overloaded), cutover at t=2: n0 serves 4+8 = 12.
  // t=2 decide: move it back (2 keys = 200 bytes = 2 intervals): cutover at t=5, after the trace.
  const entries: TimelineEntry[] = [];
  const m = await simulate(
    parseTraceText(SMALL_TRACE),
    cfg,
    scripted({
      0: [{ kind: 'move', microshard: '0', from: 'n1', to: 'n0', bytes: 0, intervals: 1 }],
      2: [{ kind: 'move', microshard: '0', from: 'n0', to: 'n1', bytes: 0, intervals: 1 }],
    }),
    { onTimeline: (e) => entries.push(e) },
  );
  t.is(m.moves, 2);
  t.is(m.bytes_moved, 100 + 200);
  t.is(m.thrash, 1);
  // t1: n1 15 (5), t2: n0 12 (2), t3: n1 11 (1).
  t.is(m.overloaded_node_intervals, 3);
  t.is(m.overload_excess_ops, 8);
  // Copy load (the default fraction, 0.136) x 10 = 1.4 on both ends while copying: t1 n1 16.4
  // and n0 1.4; t2 n0 12; t3 n1 12.4 and n0 1.4 (second copy): the same three node-intervals.
  t.is(m.overloaded_with_copy, 3);
  // t=2: group keys k0 (n0) and k1 (n1) on different nodes: 1 of 2 group-intervals.
  t.is(m.cross_node_group_fraction, 0.5);
  t.deepEqual(entries.map((e) => e.t), [0, 2]);
  t.deepEqual(entries[1]!.microshards, [
    { start: '0000000000000000', end: '8000000000000000', node: 'n0' },
    { start: '8000000000000000', end: '10000000000000000', node: 'n1' },
  ]);
  t.is(m.rejected_steps, 0);
});

test('the simulator refuses steps that are not valid now and counts them', async (t) => {
  const m = await simulate(
    parseTraceText(SMALL_TRACE),
    cfg,
    scripted({
      0: [
        { kind: 'move', microshard: '0', from: 'n0', to: 'n1', bytes: 0, intervals: 1 }, // wrong source
        { kind: 'move', microshard: '9', from: 'n1', to: 'n0', bytes: 0, intervals: 1 }, // no such microshard
      ],
    }),
  );
  t.is(m.rejected_steps, 2);
  t.is(m.moves, 0);
});

test('splits and merges change the layout from the next interval', async (t) => {
  const entries: TimelineEntry[] = [];
  const ctl: Controller = {
    name: 'split-merge',
    decide: (view) => {
      const ops: Operator[] = [];
      const base = { reason: 'hot' as const, detail: '', policy: 'test', gain: 1, cost: 0, gainBreakdown: { overload: 1, policy: 0, coAccess: 0, proximity: 0, other: 0 }, costBreakdown: { bytes: 0, copyLoad: 0, churn: 0 }, inputs: {} };
      if (view.t === 0) ops.push({ ...base, id: 'a', kind: 'split', steps: [{ kind: 'split', microshard: '1', at: HALF + (1n << 62n), left: '2', right: '3' }] });
      if (view.t === 1) ops.push({ ...base, id: 'b', kind: 'merge', steps: [{ kind: 'merge', left: '2', right: '3', into: '4' }] });
      return { operators: ops };
    },
  };
  const m = await simulate(parseTraceText(SMALL_TRACE), cfg, ctl, { onTimeline: (e) => entries.push(e) });
  t.is(m.splits, 1);
  t.is(m.merges, 1);
  t.deepEqual(entries.map((e) => [e.t, e.microshards.length]), [[0, 2], [1, 3], [2, 2]]);
  t.is(entries[1]!.microshards[1]!.end, 'c000000000000000');
});
