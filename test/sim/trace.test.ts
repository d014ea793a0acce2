import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTraceText, rangeLoad, readTrace, TraceError } from '../../sim/trace.js';
import { keyPosition } from '../../core/keyspace.js';

test('a trace is read into intervals with rows in keyspace order', (t) => {
  const tr = parseTraceText('t,key,ops,group\n0,a,3,g1\n0,b,2,g1\n0,a,1,\n2,"c,d",5.5,\n');
  t.is(tr.rowCount, 4);
  t.is(tr.intervals, 3);
  t.deepEqual([...tr.rowStart], [0, 3, 3, 4]);
  t.deepEqual(tr.keyNames.slice().sort(), ['a', 'b', 'c,d']);
  for (let i = 1; i < tr.keyPositions.length; i++) t.true(tr.keyPositions[i - 1]! <= tr.keyPositions[i]!);
  t.is(tr.keyPositions[tr.keyNames.indexOf('a')], keyPosition('a'));
  t.is(rangeLoad(tr, 0, 0, tr.keyNames.length), 6);
  t.is(rangeLoad(tr, 2, 0, tr.keyNames.length), 5.5);
  t.deepEqual(tr.groupNames, ['g1']);
  t.is(tr.groupRowStart[1]! - tr.groupRowStart[0]!, 2);
  t.is(tr.keyFirstSeen[tr.keyNames.indexOf('c,d')], 2);
});

const bad: [string, string, RegExp][] = [
  ['missing header', '0,a,1\n', /line 1: missing header/],
  ['empty file', '', /line 1: missing header/],
  ['unsorted t', 't,key,ops\n0,a,1\n2,b,1\n1,c,1\n', /line 4: t not ascending: 1 after 2/],
  ['negative ops', 't,key,ops\n0,a,1\n0,b,-3\n', /line 3: ops must be >= 0/],
  ['non-numeric ops', 't,key,ops\n0,a,x\n', /line 2: ops must be a number, got "x"/],
  ['non-numeric t', 't,key,ops\nzero,a,1\n', /line 2: t must be a non-negative integer/],
  ['fractional t', 't,key,ops\n1.5,a,1\n', /line 2: t must be a non-negative integer/],
  ['too many fields', 't,key,ops\n0,a,1,g\n', /line 2: expected 3 fields/],
  ['empty key', 't,key,ops\n0,,1\n', /line 2: empty key/],
  ['unterminated quote', 't,key,ops\n0,"a,1\n', /line 2: unterminated quoted field/],
  ['no rows', 't,key,ops\n', /no rows/],
];

for (const [name, text, message] of bad) {
  test(`a bad trace is refused naming the line: ${name}`, (t) => {
    const err = t.throws(() => parseTraceText(text, 'x.csv'), { instanceOf: TraceError });
    t.regex(err!.message, message);
    t.regex(err!.message, /^x\.csv line \d+: /);
  });
}

test('a file is streamed and reports progress; CRLF and a BOM are accepted', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'trace-'));
  const path = join(dir, 't.csv');
  const rows = ['\ufefft,key,ops'];
  for (let i = 0; i < 5000; i++) rows.push(`${Math.floor(i / 100)},key${i % 37},${i % 5}`);
  writeFileSync(path, rows.join('\r\n') + '\r\n');
  let last = 0;
  const tr = await readTrace(path, (done, total) => {
    t.true(done <= total);
    last = done;
  });
  t.is(tr.rowCount, 5000);
  t.is(tr.intervals, 50);
  t.is(tr.keyNames.length, 37);
  t.true(last > 0);
  await t.throwsAsync(() => readTrace(join(dir, 'missing.csv')), { message: /cannot read trace/ });
});
