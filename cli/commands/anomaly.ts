// `shardcast anomaly detect`: scores a series CSV (timestamp,value) point by point with the
// streaming detector (row i's score uses rows <= i) and writes timestamp,value,anomaly_score.
// `shardcast anomaly eval`: the scoreboard over the labelled series in the data folder.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { AnomalyDetector, DEFAULT_PARAMS, validateParams, type DetectorParams } from '../../core/anomaly/detector.js';
import { csvCell, csvRecords, CsvInputError, NUMBER } from '../../models/csv.js';
import { dataDir } from '../../models/data.js';
import { loadMsCloud, loadMultivariate, type LabelledSeries } from '../../models/anomaly-data.js';
import { formatTable, runEval } from '../../models/anomaly-eval.js';

export interface PointRow {
  timestamp: string;
  value: number;
  line: number;
}

/** Parses `timestamp,value` CSV; throws CsvInputError naming the line on any bad input. */
export function parsePointsCsv(text: string): PointRow[] {
  const rows: PointRow[] = [];
  let header = false;
  for (const { line, cells } of csvRecords(text)) {
    if (!header) {
      const names = cells.map((c) => c.text.trim().toLowerCase());
      if (names.length !== 2 || names[0] !== 'timestamp' || names[1] !== 'value') {
        throw new CsvInputError(line, `expected the header "timestamp,value", got ${JSON.stringify(cells.map((c) => c.text).join(','))}`);
      }
      header = true;
      continue;
    }
    if (cells.length === 1 && cells[0]!.text.trim() === '' && !cells[0]!.quoted) continue;
    if (cells.length !== 2) throw new CsvInputError(line, `expected 2 cells (timestamp,value), got ${cells.length}`);
    const raw = cells[1]!.text.trim();
    if (raw === '') throw new CsvInputError(line, 'the value is empty');
    if (!NUMBER.test(raw)) throw new CsvInputError(line, `the value is not a number: ${JSON.stringify(cells[1]!.text)}`);
    rows.push({ timestamp: cells[0]!.text, value: Number(raw), line });
  }
  if (!header) throw new CsvInputError(1, 'the file is empty (expected the header "timestamp,value")');
  if (rows.length === 0) throw new CsvInputError(2, 'no data rows after the header');
  return rows;
}

export function detectCsv(text: string, params: Partial<DetectorParams> = {}): string {
  const rows = parsePointsCsv(text);
  const d = new AnomalyDetector(params);
  const out = ['timestamp,value,anomaly_score'];
  for (const r of rows) {
    const v = d.update(r.value);
    out.push(`${csvCell(r.timestamp)},${String(r.value)},${Number(v.score.toFixed(6))}`);
  }
  return out.join('\n') + '\n';
}

function seasonArg(value: string): number {
  if (!/^\s*\d+\s*$/.test(value)) throw new InvalidArgumentError(`--season must be a whole number (0 = no season), got ${JSON.stringify(value)}`);
  const s = Number(value);
  if (s === 1 || s > DEFAULT_PARAMS.maxSeason) throw new InvalidArgumentError(`--season must be 0 (no season) or 2..${DEFAULT_PARAMS.maxSeason}, got ${s}`);
  return s;
}

/** `--param name=value` overrides of numeric detector parameters (for the eval). */
function paramArg(value: string, acc: Partial<DetectorParams> = {}): Partial<DetectorParams> {
  const m = /^(\w+)=(.+)$/.exec(value);
  const key = m?.[1] as keyof DetectorParams | undefined;
  if (!m || !key || !(key in DEFAULT_PARAMS) || key === 'inferAt' || key === 'season') {
    throw new InvalidArgumentError(`--param takes name=number with name one of ${Object.keys(DEFAULT_PARAMS).filter((k) => k !== 'inferAt' && k !== 'season').join(', ')}, got ${JSON.stringify(value)}`);
  }
  const n = Number(m[2]);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`--param ${key}: not a number: ${JSON.stringify(m[2])}`);
  const next = { ...acc, [key]: n };
  try {
    validateParams({ ...DEFAULT_PARAMS, ...next });
  } catch (err) {
    throw new InvalidArgumentError(`--param ${(err as Error).message}`);
  }
  return next;
}

export function register(program: Command): void {
  const anomaly = program.command('anomaly').description('streaming anomaly detection: score a series, or evaluate on labelled data');
  anomaly
    .command('detect')
    .description('score each point of IN.csv (timestamp,value) and write timestamp,value,anomaly_score (>= 0.5 = anomalous)')
    .requiredOption('--input <file>', 'input CSV: header timestamp,value, oldest first')
    .requiredOption('--out <file>', 'output CSV, or - for stdout')
    .option('--season <points>', 'season in points (0 = none); inferred from the first points when omitted', seasonArg)
    .action((opts: { input: string; out: string; season?: number }) => {
      let text: string;
      try {
        text = readFileSync(opts.input, 'utf8');
      } catch (err) {
        throw new Error(`cannot read ${opts.input}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
      }
      let csv: string;
      try {
        csv = detectCsv(text, opts.season === undefined ? {} : { season: opts.season });
      } catch (err) {
        if (err instanceof CsvInputError) throw new Error(`${opts.input} ${err.message}`);
        throw err;
      }
      if (opts.out === '-') process.stdout.write(csv);
      else writeFileSync(opts.out, csv);
    });
  anomaly
    .command('eval')
    .description('windowed (NAB-style) and point scores of the detector beside two baselines on the labelled series')
    .option('--data <dir>', 'data folder holding anomaly/ (default: $SHARDCAST_DATA or ../shared/data)')
    .option('--sets <list>', 'comma-separated: ms_cloud (tuning), smd, asd (held out)', 'ms_cloud,smd,asd')
    .option('--param <name=value>', 'override a detector parameter (repeatable; for tuning on ms_cloud only)', paramArg)
    .action((opts: { data?: string; sets: string; param?: Partial<DetectorParams> }) => {
      const dir = join(opts.data ?? dataDir(), 'anomaly');
      const wanted = opts.sets.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = wanted.filter((s) => !['ms_cloud', 'smd', 'asd'].includes(s));
      if (bad.length) throw new Error(`--sets: unknown set ${bad.join(', ')} (known: ms_cloud, smd, asd)`);
      const sets = new Map<string, LabelledSeries[]>();
      if (wanted.includes('ms_cloud')) sets.set('ms_cloud', loadMsCloud(dir));
      if (wanted.includes('smd')) sets.set('smd', loadMultivariate(dir, 'smd_subset'));
      if (wanted.includes('asd')) sets.set('asd', loadMultivariate(dir, 'asd'));
      const total = [...sets.values()].reduce((a, s) => a + s.length, 0);
      if (total === 0) throw new Error(`no labelled series found under ${dir}`);
      const t0 = performance.now();
      const rows = runEval(sets, { params: opts.param });
      process.stdout.write(formatTable(rows) + '\n');
      process.stdout.write(`(${total} series, ${((performance.now() - t0) / 1000).toFixed(1)} s; windowed score: 100 = perfect, 0 = never fires; baselines' tail threshold chosen on ms_cloud)\n`);
    });
}
