import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { compareUtf8, matchListing, splitInputLines } from '../../core/topics/index.js';

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function shardcast(...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function files(filters: string | Buffer, topics: string | Buffer): Promise<{ filters: string; topics: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'shardcast-topics-'));
  const f = join(dir, 'filters.txt');
  const t = join(dir, 'topics.txt');
  await writeFile(f, filters);
  await writeFile(t, topics);
  return { filters: f, topics: t };
}

const enc = (s: string) => new TextEncoder().encode(s);
const lines = (s: string) => splitInputLines(enc(s));

test('lines: LF or CRLF, no phantom last line, a leading BOM dropped, bad UTF-8 named', (t) => {
  t.deepEqual(lines('a\nb\n'), [{ line: 1, text: 'a' }, { line: 2, text: 'b' }]);
  t.deepEqual(lines('a\r\nb'), [{ line: 1, text: 'a' }, { line: 2, text: 'b' }]);
  t.deepEqual(lines('a\r\n\r\nb\r\n'), [{ line: 1, text: 'a' }, { line: 2, text: '' }, { line: 3, text: 'b' }]);
  t.deepEqual(lines(''), []);
  t.deepEqual(lines('\n'), [{ line: 1, text: '' }]);
  t.deepEqual(lines('\uFEFFa\n\uFEFFb'), [{ line: 1, text: 'a' }, { line: 2, text: '\uFEFFb' }]);
  t.deepEqual(lines('a\r\r\n'), [{ line: 1, text: 'a\r' }], 'only one CR before LF is a line ending');
  t.deepEqual(splitInputLines(Buffer.from([0x61, 0x0a, 0xc3, 0x28, 0x0a, 0x62])), [
    { line: 1, text: 'a' },
    { line: 2, problem: 'is not valid UTF-8' },
    { line: 3, text: 'b' },
  ]);
});

test('bytewise order is UTF-8 byte order, not UTF-16 or locale order', (t) => {
  // U+FF01 is EF BC 81 in UTF-8, U+1F600 is F0 9F 98 80: bytewise U+FF01 first, UTF-16 the other way.
  t.true(compareUtf8('\uFF01', '😀') < 0);
  t.true('😀' < '\uFF01');
  t.true(compareUtf8('B', 'a') < 0);
  t.true('B'.localeCompare('a') > 0);
  t.deepEqual(['😀', 'a', '\uFF01', 'B', '#', '+'].sort(compareUtf8), ['#', '+', 'B', 'a', '\uFF01', '😀']);
});

test('listing: bad lines are skipped with their line numbers, duplicates print once', (t) => {
  const r = matchListing(lines('sport/#\na/#b\n+/+\nsport/#\n#/x\n\n#\n'), lines('sport\nsport/+\n\nsport/tennis\n$SYS/x\n'));
  t.deepEqual(r.output, ['sport\t#,sport/#', 'sport/tennis\t#,+/+,sport/#', '$SYS/x\t']);
  t.deepEqual(
    r.warnings.map((w) => `${w.source}:${w.line}`),
    ['filters:2', 'filters:5', 'filters:6', 'topics:2', 'topics:3'],
  );
  t.is(r.filters, 3);
});

test('shardcast topics match on files: the contract, CRLF, bad lines on stderr, exit 0', async (t) => {
  const f = await files(
    ['sport/tennis/+', 'sport/#', '#', '+/+', '$SYS/#', '+/monitor/Clients', 'a/#b', 'é/+', '+/😀', 'sport/#', 'a//b', '+/a', 'a/b+', '#/a', ''].join('\r\n') + '\r\n',
    ['sport/tennis', 'sport/tennis/player1', 'sport', '$SYS/monitor/Clients', 'x/monitor/Clients', 'é/😀', 'a//b', '/a', 'sport/+', '/', ''].join('\r\n') + '\r\n',
  );
  const r = await shardcast('topics', 'match', '--filters', f.filters, '--topics', f.topics);
  t.is(r.code, 0, r.stderr);
  t.is(
    r.stdout,
    [
      'sport/tennis\t#,+/+,sport/#',
      'sport/tennis/player1\t#,sport/#,sport/tennis/+',
      'sport\t#,sport/#',
      '$SYS/monitor/Clients\t$SYS/#',
      'x/monitor/Clients\t#,+/monitor/Clients',
      'é/😀\t#,+/+,+/😀,é/+',
      'a//b\t#,a//b',
      '/a\t#,+/+,+/a',
      '/\t#,+/+',
      '',
    ].join('\n'),
  );
  const warnings = r.stderr.trim().split('\n');
  t.is(warnings.length, 6, r.stderr);
  t.regex(warnings[0]!, new RegExp(`skipped filter at ${f.filters}:7: "a/#b" '#' at index 2 does not occupy a whole level`));
  t.regex(warnings[1]!, /filters\.txt:13: "a\/b\+" '\+' at index 3 does not occupy a whole level/);
  t.regex(warnings[2]!, /filters\.txt:14: "#\/a" '#' at index 0 is not the last character/);
  t.regex(warnings[3]!, /filters\.txt:15: empty line/);
  t.regex(warnings[4]!, /skipped topic at .*topics\.txt:9: "sport\/\+" contains the wildcard '\+'/);
  t.regex(warnings[5]!, /topics\.txt:11: empty line/);
});

test('shardcast topics match: no filters, non-ASCII sorting, --strict, unreadable files', async (t) => {
  const f = await files('', 'a\nb/c');
  const none = await shardcast('topics', 'match', '--filters', f.filters, '--topics', f.topics);
  t.is(none.code, 0);
  t.is(none.stdout, 'a\t\nb/c\t\n', 'no final newline in the input is still a complete last topic');

  const g = await files(Buffer.concat([Buffer.from('x/\uFF01\nx/😀\n+/\uFF01\n#\nx/#\n+/😀\nx/+\n'), Buffer.from([0xff, 0x0a])]), 'x/\uFF01\nx/😀\n');
  const sortedRun = await shardcast('topics', 'match', '--filters', g.filters, '--topics', g.topics, '--strict');
  t.is(sortedRun.stdout, 'x/\uFF01\t#,+/\uFF01,x/#,x/+,x/\uFF01\nx/😀\t#,+/😀,x/#,x/+,x/😀\n');
  t.regex(sortedRun.stderr, /filters\.txt:8: is not valid UTF-8/);
  t.is(sortedRun.code, 2, '--strict fails when a line was rejected');

  const missing = await shardcast('topics', 'match', '--filters', join(tmpdir(), 'no-such-shardcast-file.txt'), '--topics', g.topics);
  t.is(missing.code, 1);
  t.regex(missing.stderr, /--filters .*no-such-shardcast-file\.txt: cannot read the file \(ENOENT\)/);
  t.is(missing.stdout, '');

  const noFlag = await shardcast('topics', 'match', '--filters', g.filters);
  t.not(noFlag.code, 0);
  t.regex(noFlag.stderr, /required option '--topics <file>' not specified/);
});
