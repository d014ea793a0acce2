// The checker must catch what it is there to catch: lost, duplicated and split-brain writes.
import test from 'ava';
import { checkHistory, type FinalRead, type WriteRecord } from './checker.js';

const w = (key: string, seq: number, extra: Partial<WriteRecord> = {}): WriteRecord => ({ key, seq, value: `${key}#${seq}`, acked: true, version: seq, node: 'n1', epoch: '1', microshardId: '5', ...extra });
const reads = (entries: Array<[string, string, number]>) => new Map<string, FinalRead>(entries.map(([k, v, version]) => [k, { found: true, value: v, version }]));

test('a clean history passes, including an indeterminate last write that did or did not apply', (t) => {
  const h = [w('a', 1), w('a', 2, { node: 'n2', epoch: '2' }), w('a', 3, { acked: false, version: undefined }), w('b', 1), w('b', 2, { acked: false, version: undefined })];
  const r = checkHistory(h, reads([['a', 'a#3', 3], ['b', 'b#1', 1]]));
  t.true(r.ok, JSON.stringify(r));
  t.is(r.acked, 3);
  t.is(r.indeterminate, 2);
  t.true(checkHistory(h, reads([['a', 'a#2', 2], ['b', 'b#2', 2]])).ok);
});

test('a lost acknowledged write is reported', (t) => {
  const r = checkHistory([w('a', 1), w('a', 2)], reads([['a', 'a#1', 1]]));
  t.false(r.ok);
  t.is(r.lost.length, 1);
  t.regex(r.lost[0]!, /expected "a#2"/);
  t.is(checkHistory([w('a', 1)], new Map([['a', { found: false, value: '', version: 0 }]])).lost.length, 1);
});

test('a write applied twice shows in the versions', (t) => {
  const r = checkHistory([w('a', 1), w('a', 2, { version: 3 })], reads([['a', 'a#2', 3]]));
  t.false(r.ok);
  t.true(r.duplicated.some((d) => /applied twice/.test(d)));
  t.true(r.duplicated.some((d) => /final value a#2 at version 3/.test(d)));
});

test('two nodes acknowledging one microshard at one epoch, and epochs going back, are reported across histories', (t) => {
  const owners = new Map<string, string>();
  t.true(checkHistory([w('a', 1)], reads([['a', 'a#1', 1]]), owners).ok);
  const r = checkHistory([w('b', 1, { node: 'n2' })], reads([['b', 'b#1', 1]]), owners);
  t.is(r.splitBrain.length, 1);
  t.regex(r.splitBrain[0]!, /microshard 5 epoch 1: writes acknowledged by n1 and by n2/);
  const back = checkHistory([w('c', 1, { epoch: '4', microshardId: '6' }), w('c', 2, { epoch: '3', microshardId: '7' })], reads([['c', 'c#2', 2]]));
  t.is(back.epochRegressions.length, 1);
});
