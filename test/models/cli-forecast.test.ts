// The forecast command-line contract, exercised by running the real CLI.
import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvRecords, parseSeriesCsv } from '../../models/csv.js';

const CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'shardcast-forecast-'));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Parses OUT.csv with the same CSV reader (it must round-trip quoted ids). */
function readOut(path: string): { header: string[]; rows: { id: string; values: number[] }[] } {
  const recs = [...csvRecords(readFileSync(path, 'utf8'))];
  return {
    header: recs[0]!.cells.map((c) => c.text),
    rows: recs.slice(1).map((r) => ({ id: r.cells[0]!.text, values: r.cells.slice(1).map((c) => Number(c.text)) })),
  };
}

const hourly = (days: number, base: number, phase = 0) =>
  Array.from({ length: 24 * days }, (_, i) => Math.round(base + 0.6 * base * Math.sin((2 * Math.PI * (i + phase)) / 24) + ((i * 7919) % 13)));

test('quoted cells, "" escapes, trailing empty cells and differing lengths; output in input order', async (t) => {
  const long = hourly(20, 200);
  const input = file('in.csv', [
    'id,values...',
    `"shard, one",${long.join(',')},,,`,
    `"say ""hi""",${hourly(3, 50).map((v) => `"${v}"`).join(',')}`,
    `plain,${hourly(16, 1000, 5).join(',')}`,
    `tiny,4,5,6,,`,
  ].join('\r\n') + '\r\n');
  const out = join(dir, 'out.csv');
  const r = await run(['forecast', '--input', input, '--horizon', '36', '--season', '24', '--out', out]);
  t.is(r.code, 0, r.stderr);
  const o = readOut(out);
  t.deepEqual(o.header, ['id', ...Array.from({ length: 36 }, (_, i) => String(i + 1))]);
  t.deepEqual(o.rows.map((x) => x.id), ['shard, one', 'say "hi"', 'plain', 'tiny']);
  for (const row of o.rows) {
    t.is(row.values.length, 36);
    t.true(row.values.every((v) => Number.isFinite(v) && v >= 0));
  }
  // The daily cycle of the long series is forecast: the peak phase is higher than the trough.
  const f = o.rows[0]!.values;
  const phaseOf = (h: number) => (long.length + h - 1) % 24;
  const peak = f.filter((_, h) => phaseOf(h + 1) === 6)[0]!;
  const trough = f.filter((_, h) => phaseOf(h + 1) === 18)[0]!;
  t.true(peak > trough * 1.5, `peak ${peak} trough ${trough}`);
  // Fewer than one season: naive, the last value.
  t.deepEqual(o.rows[3]!.values, new Array(36).fill(6));
  t.regex(r.stderr, /1 of 4 series had too little history/);
});

test('--quantile picks a level; higher levels never give lower forecasts', async (t) => {
  const input = file('q.csv', `id\na,${hourly(15, 300).join(',')}\nb,${hourly(15, 30, 3).join(',')}\n`);
  const outs: number[][][] = [];
  for (const q of ['0.1', '0.5', '0.9', '0.99']) {
    const out = join(dir, `q${q}.csv`);
    const r = await run(['forecast', '--input', input, '--horizon', '24', '--season', '24', '--out', out, '--quantile', q]);
    t.is(r.code, 0, r.stderr);
    outs.push(readOut(out).rows.map((x) => x.values));
  }
  for (let k = 1; k < outs.length; k++) {
    for (let s = 0; s < 2; s++) for (let h = 0; h < 24; h++) t.true(outs[k]![s]![h]! >= outs[k - 1]![s]![h]!);
  }
  const spread = outs[3]![0]!.reduce((a, v, h) => a + v - outs[0]![0]![h]!, 0);
  t.true(spread > 0, 'the 0.99 forecasts lie above the 0.1 forecasts');
});

test('non-negative input gives non-negative forecasts, even for a collapsing series', async (t) => {
  const falling = Array.from({ length: 24 * 15 }, (_, i) => Math.max(0, 500 - 1.5 * i) + (i % 24 < 12 ? 20 : 0));
  const sparse = Array.from({ length: 24 * 15 }, (_, i) => (i % 97 === 0 ? 3 : 0));
  const input = file('nn.csv', `id\nfalling,${falling.join(',')}\nsparse,${sparse.join(',')}\nzeros,${new Array(400).fill(0).join(',')}\n`);
  for (const q of ['0.01', '0.5']) {
    const out = join(dir, `nn${q}.csv`);
    const r = await run(['forecast', '--input', input, '--horizon', '48', '--season', '24', '--out', out, '--quantile', q]);
    t.is(r.code, 0, r.stderr);
    for (const row of readOut(out).rows) t.true(row.values.every((v) => v >= 0), `${row.id}: ${row.values.join(' ')}`);
  }
});

test('bad inputs exit non-zero naming the line or the flag, and write no output', async (t) => {
  const good = file('good.csv', `id\na,${hourly(3, 10).join(',')}\n`);
  const cases: [string, string[], RegExp][] = [
    ['non-numeric cell', ['--input', file('b1.csv', 'id\nok,1,2,3\nx,1,abc,3\n'), '--horizon', '3', '--season', '4'], /line 3: .*"x".*not a number.*"abc"/],
    ['empty series', ['--input', file('b2.csv', 'id\nok,1,2,3\n"lonely",,,\n'), '--horizon', '3', '--season', '4'], /line 3: .*"lonely" has no values/],
    ['empty cell inside a series', ['--input', file('b3.csv', 'h\na,1,,3\n'), '--horizon', '3', '--season', '4'], /line 2: .*empty/],
    ['NaN is not a number', ['--input', file('b4.csv', 'h\na,1,NaN\n'), '--horizon', '3', '--season', '4'], /line 2: .*not a number/],
    ['unclosed quote', ['--input', file('b5.csv', 'h\na,1,2\n"b,3,4\n'), '--horizon', '3', '--season', '4'], /line 3: .*never closed/],
    ['only a header', ['--input', file('b6.csv', 'id,1,2\n'), '--horizon', '3', '--season', '4'], /no series/],
    ['empty file', ['--input', file('b7.csv', ''), '--horizon', '3', '--season', '4'], /line 1: .*empty/],
    ['missing file', ['--input', join(dir, 'nope.csv'), '--horizon', '3', '--season', '4'], /cannot read input file .*nope\.csv/],
    ['H < 1', ['--input', good, '--horizon', '0', '--season', '4'], /--horizon.*between 1/],
    ['H not an integer', ['--input', good, '--horizon', '2.5', '--season', '4'], /--horizon.*whole number/],
    ['season 0', ['--input', good, '--horizon', '2', '--season', '0'], /--season/],
    ['Q = 1', ['--input', good, '--horizon', '2', '--season', '4', '--quantile', '1'], /--quantile.*between 0 and 1/],
    ['Q = 0', ['--input', good, '--horizon', '2', '--season', '4', '--quantile', '0'], /--quantile/],
    ['missing --horizon', ['--input', good, '--season', '4'], /--horizon/],
  ];
  await Promise.all(cases.map(async ([name, args, pattern]) => {
    const out = join(dir, `bad-${name.replace(/\W+/g, '_')}.csv`);
    const r = await run(['forecast', ...args, '--out', out]);
    t.not(r.code, 0, `${name}: exit code`);
    t.regex(r.stderr, pattern, name);
    t.false(existsSync(out), `${name}: no output written`);
  }));
  const mixed = await run(['forecast', '--input', good, '--horizon', '2', '--season', '4', '--out', join(dir, 'm.csv'), '--train', good]);
  t.is(mixed.code, 2);
  t.regex(mixed.stderr, /--train belongs to "shardcast forecast eval"/);
});

test('thousands of series go through one batched model run', async (t) => {
  const lines = ['id'];
  for (let i = 0; i < 2000; i++) lines.push(`s${i},${hourly(15, 20 + (i % 50), i % 24).join(',')}`);
  const input = file('many.csv', lines.join('\n'));
  const out = join(dir, 'many-out.csv');
  const r = await run(['forecast', '--input', input, '--horizon', '24', '--season', '24', '--out', out]);
  t.is(r.code, 0, r.stderr);
  const o = readOut(out);
  t.is(o.rows.length, 2000);
  t.deepEqual(o.rows.slice(0, 3).map((x) => x.id), ['s0', 's1', 's2']);
  t.is(r.stdout, '');
});

test('forecast eval prints MASE and sMAPE for the model and the baselines', async (t) => {
  const full = (i: number) => hourly(16, 100 + 10 * i, i);
  const trainCsv = file('train.csv', ['id', ...[0, 1, 2].map((i) => `s${i},${full(i).slice(0, 24 * 14).join(',')}`)].join('\n'));
  const testCsv = file('test.csv', ['id', ...[2, 0, 1].map((i) => `s${i},${full(i).slice(24 * 14, 24 * 15).join(',')}`)].join('\n'));
  const r = await run(['forecast', 'eval', '--train', trainCsv, '--test', testCsv, '--season', '24']);
  t.is(r.code, 0, r.stderr);
  for (const m of ['model MASE', 'naive sMAPE', 'seasonal naive MASE', 'holt-winters MASE']) t.true(r.stdout.includes(m), m);
  t.regex(r.stdout, /input \(H=24\) \| 3 \(3 series\)/);
  const bad = file('test-bad.csv', 'id\nzz,1,2\n');
  const r2 = await run(['forecast', 'eval', '--train', trainCsv, '--test', bad, '--season', '24']);
  t.not(r2.code, 0);
  t.regex(r2.stderr, /line 2: series "zz" is not in/);
});

test('parser: records keep their starting line across quoted line breaks', (t) => {
  const rows = parseSeriesCsv('h\n"multi\nline id",1,2\n\nnext,3\n');
  t.deepEqual(rows.map((r) => [r.id, r.line, Array.from(r.values)]), [['multi\nline id', 2, [1, 2]], ['next', 5, [3]]]);
});

test('forecast eval --data scores the fixture folder: model, previous model and baselines, goals', async (t) => {
  const fixtures = fileURLToPath(new URL('../../../test/fixtures/forecast-data', import.meta.url));
  const r = await run(['forecast', 'eval', '--data', fixtures, '--origins', '3']);
  t.is(r.code, 0, r.stderr);
  for (const m of ['model MASE', 'previous MASE', 'naive MASE', 'seasonal naive MASE', 'weekly seasonal naive MASE', 'holt-winters MASE', 'p10-p90 coverage']) t.true(r.stdout.includes(m), m);
  t.regex(r.stdout, /\| pjm \(H=48\) \| 6 \|/);
  t.regex(r.stdout, /\| beats seasonal naive on >= 75 % of series \| [\d.]+ % \| (yes|no) \|/);
});

test('forecast eval --data: a missing folder, a bad cell, a series too short for the horizon each name the file (and line)', async (t) => {
  const missing = await run(['forecast', 'eval', '--data', join(dir, 'no-such-folder')]);
  t.not(missing.code, 0);
  t.regex(missing.stderr, /no-such-folder.*no such folder/);
  const bad = join(dir, 'bad-data');
  mkdirSync(bad, { recursive: true });
  writeFileSync(join(bad, 'pedestrians_hourly.csv'), `ds,a,b\n${Array.from({ length: 200 }, (_, i) => `t${i},${i % 24},${i === 150 ? 'x7' : 3}`).join('\n')}\n`);
  const r = await run(['forecast', 'eval', '--data', bad]);
  t.not(r.code, 0);
  t.regex(r.stderr, /bad-data\/pedestrians_hourly\.csv line 152: column 3 is not a number: "x7"/);
  const short = join(dir, 'short-data');
  mkdirSync(short, { recursive: true });
  writeFileSync(join(short, 'pedestrians_hourly.csv'), `ds,a,b\n${Array.from({ length: 100 }, (_, i) => `t${i},${i % 24},3`).join('\n')}\n`);
  const r2 = await run(['forecast', 'eval', '--data', short]);
  t.not(r2.code, 0);
  t.regex(r2.stderr, /short-data\/pedestrians_hourly\.csv: series pedestrians-location_4 has 100 points; its held-out future \(20\) is shorter than the horizon 24/);
  const tiny = file('tiny-train.csv', 'id\nq,5\n');
  const r3 = await run(['forecast', 'eval', '--train', tiny, '--test', file('tiny-test.csv', 'id\nq,1,2\n'), '--season', '24']);
  t.not(r3.code, 0);
  t.regex(r3.stderr, /tiny-train\.csv line 2: series "q" has 1 point\(s\)/);
});
