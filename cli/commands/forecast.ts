// `shardcast forecast`: batch forecasts from a CSV of series with the committed ONNX model, and
// `shardcast forecast eval` to score the model beside naive, seasonal naive and Holt-Winters.
import { readFileSync } from 'node:fs';
import { writeOutput } from '../output.js';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseSeriesCsv, csvCell, formatValue, CsvInputError, type SeriesRow } from '../../models/csv.js';
import { BASELINES, formatScores, scoreMethods, type EvalWindow } from '../../models/evaluation.js';
import { BENCH_BASELINES, DEFAULT_ORIGINS, benchmarkOrigins, formatBenchmark, goals, horizonsFor, runBenchmark, type BenchMethod } from '../../models/benchmark.js';
import { dataDir, loadAllReal } from '../../models/data.js';
import { previousModelPath } from '../../models/metadata.js';
import { maseScale } from '../../models/metrics.js';
import { Forecaster, MAX_HORIZON, MAX_SEASON } from '../../models/runtime.js';
import { progressBar, silentProgress, type Progress } from '../../platform/progress.js';

/** Inputs with at least this many series get a progress bar (when stderr is a terminal). */
export const DEFAULT_PROGRESS_MIN_SERIES = 1000;

function positiveInt(name: string, max: number) {
  return (value: string): number => {
    if (!/^\s*\d+\s*$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number, got ${JSON.stringify(value)}`);
    const n = Number(value);
    if (n < 1 || n > max) throw new InvalidArgumentError(`${name} must be between 1 and ${max}, got ${n}`);
    return n;
  };
}

function quantileArg(value: string): number {
  const q = Number(value);
  if (value.trim() === '' || !Number.isFinite(q) || !(q > 0 && q < 1)) throw new InvalidArgumentError(`quantile must be a number strictly between 0 and 1, got ${JSON.stringify(value)}`);
  return q;
}

function threadsArg(value: string): number {
  return positiveInt('threads', 256)(value);
}

/**
 * A progress bar on stderr for inputs of at least DEFAULT_PROGRESS_MIN_SERIES series, drawn only
 * on a terminal (OUT only ever receives CSV): reading the file, then the model runs (a batch
 * larger than the runtime's cell limit is several runs).
 */
function seriesProgress(total: number): Progress {
  return total >= DEFAULT_PROGRESS_MIN_SERIES ? progressBar({ offTerminal: 'silent' }) : silentProgress;
}

/** Lines in a text (an upper bound on its records, for the progress bar). */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n + 1;
}

function readSeries(path: string, what: string, showProgress = false): SeriesRow[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${what} file ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const total = showProgress ? countLines(text) - 1 : 0;
  const bar = seriesProgress(total);
  const label = `read ${what}`;
  try {
    const rows = parseSeriesCsv(text, (done) => { if (done % 256 === 0) bar.update(done, total, label); });
    bar.update(rows.length, rows.length, label);
    bar.done();
    return rows;
  } catch (err) {
    bar.done();
    if (err instanceof CsvInputError) throw new Error(`${path} ${err.message}`);
    throw err;
  }
}

interface ForecastOpts {
  input?: string;
  out?: string;
  horizon?: number;
  season?: number;
  quantile: number;
  threads: number;
  model?: string;
}

async function runForecast(opts: ForecastOpts, cmd: Command): Promise<void> {
  for (const flag of ['input', 'out', 'horizon', 'season'] as const) {
    if (opts[flag] === undefined) cmd.error(`error: required option '--${flag}' not specified`, { exitCode: 2, code: 'shardcast.missingOption' });
  }
  const rows = readSeries(opts.input!, 'input', true);
  if (rows.length === 0) throw new Error(`${opts.input} has no series (only a header line)`);
  const H = opts.horizon!;
  const forecaster = await Forecaster.open({ modelPath: opts.model, intraOpNumThreads: opts.threads });
  const bar = seriesProgress(rows.length);
  try {
    bar.update(0, rows.length, 'forecast');
    const res = await forecaster.forecast(rows.map((r) => r.values), H, opts.season!, [opts.quantile], (done, total) => bar.update(done, total, 'forecast'));
    bar.update(rows.length, rows.length, 'forecast');
    bar.done();
    const lines = [['id', ...Array.from({ length: H }, (_, h) => String(h + 1))].join(',')];
    rows.forEach((r, i) => {
      const v = res.values[i]![0]!;
      const cells = new Array<string>(H + 1);
      cells[0] = csvCell(r.id);
      for (let h = 0; h < H; h++) cells[h + 1] = formatValue(v[h]!);
      lines.push(cells.join(','));
    });
    writeOutput(opts.out!, lines.join('\n') + '\n');
    const fallbacks = res.methods.filter((m) => m !== 'model').length;
    if (fallbacks > 0) process.stderr.write(`shardcast: ${fallbacks} of ${rows.length} series had too little history for the model and got the fallback (seasonal naive / naive)\n`);
  } finally {
    await forecaster.close();
  }
}

interface EvalOpts {
  train?: string;
  test?: string;
  season?: number;
  threads: number;
  model?: string;
  data?: string;
  previous?: string;
  origins: number;
}

/** A forecaster as a benchmark method: the median and the p10-p90 band of one batched run. */
function modelMethod(f: Forecaster): BenchMethod {
  return async (hs, S, H) => {
    const res = await f.forecast(hs, H, S, [0.1, 0.5, 0.9]);
    const pick = (k: number) => res.values.map((v) => Float64Array.from(v[k]!));
    return { median: pick(1), band: [pick(0), pick(2)] };
  };
}

/**
 * `forecast eval --data DIR`: the model card's table. The model and the previous committed
 * model (models/previous/) beside the baselines on the held-out future of every dataset.
 */
async function runDataEval(opts: EvalOpts): Promise<void> {
  const dir = opts.data ?? dataDir();
  const t0 = performance.now();
  const series = loadAllReal({ dir });
  if (series.length === 0) throw new Error(`${dir}: no datasets found (see models/README.md for the layout)`);
  for (const s of series) {
    const shortest = Math.min(...horizonsFor(s.season));
    if (s.values.length - s.split < shortest) throw new Error(`${s.file ?? dir}: series ${s.id} has ${s.values.length} points; its held-out future (${s.values.length - s.split}) is shorter than the horizon ${shortest}`);
  }
  const { origins, skipped } = benchmarkOrigins(series, opts.origins);
  for (const k of skipped) process.stderr.write(`shardcast: ${k.file ?? k.id}: ${k.id} left out: ${k.reason}\n`);
  const model = await Forecaster.open({ modelPath: opts.model, intraOpNumThreads: opts.threads });
  const previous = await Forecaster.open({ modelPath: opts.previous ?? previousModelPath(), intraOpNumThreads: opts.threads }).catch(async (err: Error) => {
    await model.close();
    throw err;
  });
  try {
    const r = await runBenchmark(origins, { model: modelMethod(model), previous: modelMethod(previous), ...BENCH_BASELINES });
    const groups = [...new Set(series.map((s) => s.group))];
    process.stdout.write(`model ${model.modelVersion}; previous ${previous.modelVersion}; data ${dir}\n`);
    process.stdout.write(`${series.length} series in ${groups.length} datasets (${groups.join(', ')}); held-out future = the last 20 % of each series; ` +
      `up to ${opts.origins} origins per series spread evenly over it; MASE scaled by the in-sample seasonal-naive MAE of the training part (M4); OWA = mean of MASE and sMAPE relative to seasonal naive\n\n`);
    process.stdout.write(formatBenchmark(r) + '\n\n');
    process.stdout.write('| goal (model, all windows) | value | met |\n|---|---|---|\n');
    for (const g of goals(r, 'model')) process.stdout.write(`| ${g.name} | ${g.value} | ${g.met ? 'yes' : 'no'} |\n`);
    process.stdout.write(`\n(${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  } finally {
    await model.close();
    await previous.close();
  }
}

async function runEval(opts: EvalOpts, cmd: Command): Promise<void> {
  if (opts.train === undefined && opts.test === undefined) return runDataEval(opts);
  if (opts.data !== undefined) cmd.error('error: --data does not go with --train/--test', { exitCode: 2, code: 'shardcast.badOption' });
  for (const flag of ['train', 'test', 'season'] as const) {
    if (opts[flag] === undefined) cmd.error(`error: required option '--${flag}' not specified`, { exitCode: 2, code: 'shardcast.missingOption' });
  }
  const S = opts.season!;
  const train = readSeries(opts.train!, 'train');
  const test = readSeries(opts.test!, 'test');
  const byId = new Map<string, SeriesRow>();
  for (const r of train) {
    if (r.values.length < 2) throw new Error(`${opts.train} line ${r.line}: series ${JSON.stringify(r.id)} has ${r.values.length} point(s); at least 2 are needed to scale MASE`);
    if (byId.has(r.id)) throw new Error(`${opts.train} line ${r.line}: series id ${JSON.stringify(r.id)} appears twice`);
    byId.set(r.id, r);
  }
  const windows: EvalWindow[] = test.map((r) => {
    const tr = byId.get(r.id);
    if (!tr) throw new Error(`${opts.test} line ${r.line}: series ${JSON.stringify(r.id)} is not in ${opts.train}`);
    return { id: r.id, group: 'input', season: S, history: tr.values, actual: r.values, scale: maseScale(tr.values, S) };
  });
  if (windows.length === 0) throw new Error(`${opts.test} has no series`);
  const forecaster = await Forecaster.open({ modelPath: opts.model, intraOpNumThreads: opts.threads });
  try {
    const model = async (hs: Float64Array[], season: number, H: number) => {
      const res = await forecaster.forecast(hs, H, season, [0.5]);
      return res.values.map((v) => Float64Array.from(v[0]!));
    };
    const rows = await scoreMethods(windows, { model, ...BASELINES });
    const unscaled = windows.filter((w) => !(w.scale > 0)).length;
    process.stdout.write(`model ${forecaster.modelVersion}; season ${S}; ${windows.length} series; MASE and sMAPE as in M4 (MASE scaled by the in-sample seasonal-naive MAE of the train series)\n`);
    process.stdout.write(formatScores(rows) + '\n');
    if (unscaled > 0) process.stdout.write(`(${unscaled} constant train series have no MASE scale and are left out of MASE)\n`);
  } finally {
    await forecaster.close();
  }
}

/**
 * One command with an optional mode word rather than a commander subcommand: `forecast eval`
 * shares --season with `forecast`, and a parent option of the same name would swallow it.
 */
export function register(program: Command): void {
  program
    .command('forecast')
    .description('forecast every series of a CSV file with the ONNX model (one batched run); "forecast eval" scores it')
    .argument('[mode]', '"eval": score the model beside the previous model, naive, seasonal naive and Holt-Winters (MASE, sMAPE, OWA as in M4): on a data folder (--data), or on --train/--test files')
    .option('--input <file>', 'CSV: a header line, then per line an id and the values oldest to newest')
    .option('--out <file>', 'CSV written with a header id,1..H and one line per input series ("-": standard output)')
    .addOption(new Option('--horizon <H>', 'steps to forecast').argParser(positiveInt('horizon', MAX_HORIZON)))
    .addOption(new Option('--season <S>', 'season length in points (24 hourly/daily, 288 5-minute/daily, 1 none)').argParser(positiveInt('season', MAX_SEASON)))
    .addOption(new Option('--quantile <Q>', 'quantile to write, in (0, 1); levels between the trained ones are interpolated').argParser(quantileArg).default(0.5))
    .option('--train <file>', 'eval: CSV of series histories (the in-sample part)')
    .option('--test <file>', 'eval: CSV of the actual continuations, same ids; each line\'s length is its horizon')
    .addOption(new Option('--threads <n>', 'ONNX Runtime intra-op threads').argParser(threadsArg).default(1))
    .option('--model <file>', 'model file (default: the committed models/forecaster.onnx)')
    .option('--data <dir>', 'eval: the data folder (default $SHARDCAST_DATA, else ../shared/data beside the checkout)')
    .option('--previous <file>', 'eval --data: the previous model to compare against (default models/previous/forecaster.onnx)')
    .addOption(new Option('--origins <n>', 'eval --data: rolling origins per series').argParser(positiveInt('origins', 1000)).default(DEFAULT_ORIGINS))
    .action(async (mode: string | undefined, opts: ForecastOpts & EvalOpts, cmd: Command) => {
      if (mode === undefined) {
        for (const flag of ['train', 'test'] as const) if (opts[flag] !== undefined) cmd.error(`error: --${flag} belongs to "shardcast forecast eval"`, { exitCode: 2, code: 'shardcast.badOption' });
        return runForecast(opts, cmd);
      }
      if (mode !== 'eval') cmd.error(`error: unknown mode ${JSON.stringify(mode)} (the only mode is "eval")`, { exitCode: 2, code: 'shardcast.badMode' });
      for (const flag of ['input', 'out', 'horizon'] as const) if (opts[flag] !== undefined) cmd.error(`error: --${flag} does not apply to "forecast eval" (the test file sets the horizons)`, { exitCode: 2, code: 'shardcast.badOption' });
      return runEval(opts, cmd);
    });
}
