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

test('the header names the columns: region alone or after group; rows may share (t, key) across regions', (t) => {
  const tr = parseTraceText('t,key,ops,group,region\n0,a/1,3,g,eu\n0,a/1,2,,us\n1,b/2,4,g,\n', 'trace', 'prefix');
  t.deepEqual(tr.regionNames, ['eu', 'us']);
  t.is(tr.keySchema, 'prefix');
  t.is(tr.rowCount, 3);
  const rowsOf0 = [0, 1].map((i) => ({ key: tr.keyNames[tr.keyOf[i]!], ops: tr.ops[i], region: tr.regionOf[i] }));
  t.deepEqual(rowsOf0, [{ key: 'a/1', ops: 3, region: 0 }, { key: 'a/1', ops: 2, region: 1 }]);
  t.is(tr.regionOf[2], -1, 'an empty region cell is no region');
  t.is(tr.keyPositions[tr.keyNames.indexOf('a/1')], keyPosition('a/1', 'prefix'));
  const r = parseTraceText('t,key,ops,region\n0,k,1,ap\n');
  t.deepEqual(r.regionNames, ['ap']);
  t.deepEqual(Array.from(r.groupOf), [-1]);
  t.throws(() => parseTraceText('t,key,ops,region\n0,k,1,ap,extra\n'), { message: /line 2: expected 3 to 4 fields \(t,key,ops,region\), got 5/ });
});
