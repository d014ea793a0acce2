// `shardcast anomaly detect` and `eval` from outside: the CSV contract, streaming output, and bad
// input refused with the line named. Uses fixtures under test/anomaly/fixtures only.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_MAIN } from '../../platform/process.js';

const run = (...args: string[]) => spawnSync(process.execPath, [CLI_MAIN, ...args], { encoding: 'utf8', timeout: 60_000 });
const FIXTURES = fileURLToPath(new URL('../../../test/anomaly/fixtures', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'anomaly-cli-'));

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

test('detect writes one scored row per input row, in order, timestamps copied; a spike scores >= 0.5', (t) => {
  const rows = ['timestamp,value'];
  for (let i = 0; i < 600; i++) rows.push(`"2024-01-01 ${String(i).padStart(4, '0')}",${(i === 500 ? 50 : 10 + Math.sin(i / 3)).toFixed(3)}`);
  const input = write('in.csv', rows.join('\n') + '\n');
  const out = join(dir, 'out.csv');
  const r = run('anomaly', 'detect', '--input', input, '--out', out, '--season', '0');
  t.is(r.status, 0, r.stderr);
  const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
  t.is(lines[0], 'timestamp,value,anomaly_score');
  t.is(lines.length, 601);
  const cells = lines.slice(1).map((l) => l.split(','));
  t.is(cells[10]![0], '2024-01-01 0010');
  const scores = cells.map((c) => Number(c[2]));
  t.true(scores.every((s) => s >= 0 && s <= 1));
  t.true(scores[500]! >= 0.5);
  // Same content on stdout.
  const s = run('anomaly', 'detect', '--input', input, '--out', '-', '--season', '0');
  t.is(s.stdout, readFileSync(out, 'utf8'));
});

test('bad input exits non-zero naming the line', (t) => {
  const cases: Array<[string, RegExp]> = [
    ['', /line 1: the file is empty/],
    ['time,val\n1,2\n', /line 1: expected the header "timestamp,value"/],
    ['timestamp,value\n1,2\n2,abc\n', /line 3: the value is not a number: "abc"/],
    ['timestamp,value\n1,2\n2\n', /line 3: expected 2 cells/],
    ['timestamp,value\n', /line 2: no data rows/],
  ];
  for (const [i, [text, re]] of cases.entries()) {
    const r = run('anomaly', 'detect', '--input', write(`bad${i}.csv`, text), '--out', '-');
    t.not(r.status, 0);
    t.regex(r.stderr, re);
    t.is(r.stdout, '');
  }
  const s = run('anomaly', 'detect', '--input', write('ok.csv', 'timestamp,value\n1,2\n'), '--out', '-', '--season', 'x');
  t.not(s.status, 0);
  t.regex(s.stderr, /--season must be a whole number/);
});

test('eval prints the table for the detector and both baselines from a data folder', (t) => {
  const r = run('anomaly', 'eval', '--data', FIXTURES, '--sets', 'ms_cloud');
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /shardcast detector/);
  t.regex(r.stdout, /windowed Gaussian/);
  t.regex(r.stdout, /seasonal residual z/);
  t.regex(r.stdout, /\| standard \| low FP \| low FN \|/);
  const bad = run('anomaly', 'eval', '--data', FIXTURES, '--sets', 'nab');
  t.not(bad.status, 0);
  t.regex(bad.stderr, /unknown set nab/);
});
