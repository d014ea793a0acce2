// The real series of a data folder (default ../shared/data, or $SHARDCAST_DATA, or --data DIR),
// loaded for training and held-out evaluation and split by time: the first 80 % of each series
// is training data, the rest its future. Every loader validates what it reads: a bad cell is an
// error naming the file and line; a dataset whose files are absent is skipped (a small fixture
// folder holds only some of them).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** Fraction of each real series (oldest first) used for training; the rest is held out. */
export const DEFAULT_TRAIN_FRACTION = 0.8;
/** VMs (of 1,600) kept from the Google VM archive: every k-th, so they do not outnumber the rest. */
export const DEFAULT_VM_SERIES = 100;

export interface RealSeries {
  id: string;
  /** Which dataset group it belongs to, e.g. "tweets-5min". */
  group: string;
  season: number;
  values: Float64Array;
  /** Index of the first held-out point: values[0 .. split) is training data. */
  split: number;
  /** The file it came from (error messages). */
  file?: string;
}

/** Finds the shared data folder: $SHARDCAST_DATA, else ../shared/data beside the checkout. */
export function dataDir(): string {
  const env = process.env['SHARDCAST_DATA'];
  if (env) return env;
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const up of ['../../..', '../..', '..']) {
    const dir = resolve(here, up, 'shared', 'data');
    if (existsSync(dir)) return dir;
    const sibling = resolve(here, up, '..', 'shared', 'data');
    if (existsSync(sibling)) return sibling;
  }
  throw new Error('shared data folder not found (set SHARDCAST_DATA or pass --data DIR)');
}

/** A data file that is not what its loader expects: names the file and the line. */
export class DataFileError extends Error {
  constructor(readonly file: string, readonly line: number | undefined, message: string) {
    super(line === undefined ? `${file}: ${message}` : `${file} line ${line}: ${message}`);
    this.name = 'DataFileError';
  }
}

function readText(path: string): string {
  try {
    const bytes = readFileSync(path);
    return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataFileError(path, undefined, `cannot read: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

/** Data lines of a CSV text as [line number, cells] (header skipped, blank lines ignored). */
function csvLines(text: string, sep: string | RegExp = ','): [number, string[]][] {
  const out: [number, string[]][] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!.replace(/\r$/, '');
    if (l.trim() !== '') out.push([i + 1, l.split(sep).map((c) => c.replace(/^"|"$/g, ''))]);
  }
  return out;
}

/** A numeric cell; blank gives NaN when `blankOk`, anything else that is not a number throws. */
function num(file: string, line: number, cell: string | undefined, what: string, blankOk = false): number {
  if (cell === undefined) throw new DataFileError(file, line, `missing column ${what}`);
  const t = cell.trim();
  if (t === '' && blankOk) return NaN;
  const v = Number(t);
  if (t === '' || !Number.isFinite(v)) throw new DataFileError(file, line, `${what} is not a number: ${JSON.stringify(cell)}`);
  return v;
}

/** Carries the last finite value forward over gaps (leading gaps take the first finite value). */
function fillGaps(xs: number[]): Float64Array {
  const out = new Float64Array(xs.length);
  let first = xs.find((v) => Number.isFinite(v)) ?? 0;
  for (let i = 0; i < xs.length; i++) {
    if (Number.isFinite(xs[i]!)) first = xs[i]!;
    out[i] = first;
  }
  return out;
}

/** Trims leading and trailing blanks (a region's span), fills inner gaps. */
function span(xs: number[]): Float64Array {
  let a = 0;
  let b = xs.length;
  while (a < b && !Number.isFinite(xs[a]!)) a++;
  while (b > a && !Number.isFinite(xs[b - 1]!)) b--;
  return fillGaps(xs.slice(a, b));
}

/** Sums (or averages) consecutive blocks of k points; a partial last block is dropped. */
function aggregate(xs: Float64Array, k: number, how: 'sum' | 'mean'): Float64Array {
  const out = new Float64Array(Math.floor(xs.length / k));
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += xs[i * k + j]!;
    out[i] = how === 'sum' ? s : s / k;
  }
  return out;
}

export interface LoadOptions {
  /** The data folder (default dataDir()). */
  dir?: string;
  /** Read at most this many points per file (tests keep it small). */
  limit?: number;
  /** Only these tickers (default: all). */
  tickers?: string[];
  trainFraction?: number;
  /** Google VMs kept (default DEFAULT_VM_SERIES). */
  vms?: number;
}

function make(id: string, group: string, season: number, values: Float64Array, frac: number, file: string): RealSeries {
  return { id, group, season, values, split: Math.floor(values.length * frac), file };
}

/** Tweet volumes: each ticker at 5 minutes (S = 288) and summed to clock hours (S = 24). */
export function loadTweets(opts: LoadOptions = {}): RealSeries[] {
  const dir = join(opts.dir ?? dataDir(), 'tweets');
  if (!existsSync(dir)) return [];
  const frac = opts.trainFraction ?? DEFAULT_TRAIN_FRACTION;
  const files = readdirSync(dir).filter((f) => /^Twitter_volume_.*\.csv$/.test(f)).sort();
  const out: RealSeries[] = [];
  for (const file of files) {
    const ticker = file.replace(/^Twitter_volume_|\.csv$/g, '');
    if (opts.tickers && !opts.tickers.includes(ticker)) continue;
    const path = join(dir, file);
    let rows = csvLines(readText(path));
    if (opts.limit !== undefined) rows = rows.slice(0, opts.limit);
    const values = Float64Array.from(rows, ([line, r]) => num(path, line, r[1], 'value'));
    out.push(make(`${ticker}-5min`, 'tweets-5min', 288, values, frac, path));
    // Hourly: sum the 5-minute counts within each clock hour; drop partial first/last hours.
    const hours: number[] = [];
    const counts: number[] = [];
    let current = '';
    rows.forEach(([, r], i) => {
      const hour = r[0]!.slice(0, 13);
      if (hour !== current) { hours.push(0); counts.push(0); current = hour; }
      hours[hours.length - 1]! += values[i]!;
      counts[counts.length - 1]! += 1;
    });
    let a = 0;
    let b = hours.length;
    while (a < b && counts[a]! < 12) a++;
    while (b > a && counts[b - 1]! < 12) b--;
    out.push(make(`${ticker}-hourly`, 'tweets-hourly', 24, Float64Array.from(hours.slice(a, b)), frac, path));
  }
  return out;
}

/** Pedestrian counts at two Melbourne sensors, hourly (S = 24). */
export function loadPedestrians(opts: LoadOptions = {}): RealSeries[] {
  const path = join(opts.dir ?? dataDir(), 'pedestrians_hourly.csv');
  if (!existsSync(path)) return [];
  const frac = opts.trainFraction ?? DEFAULT_TRAIN_FRACTION;
  let rows = csvLines(readText(path));
  if (opts.limit !== undefined) rows = rows.slice(0, opts.limit);
  return [1, 2].map((col) => {
    const values = Float64Array.from(rows, ([line, r]) => num(path, line, r[col], `column ${col + 1}`));
    return make(`pedestrians-${col === 1 ? 'location_4' : 'location_41'}`, 'pedestrians', 24, values, frac, path);
  });
}

/** Columns of a wide hourly CSV (a time column first), as series; blank cells are gaps. */
function wideCsv(path: string, group: string, opts: LoadOptions, pick: (name: string) => boolean, sortByTime: boolean): RealSeries[] {
  if (!existsSync(path)) return [];
  const frac = opts.trainFraction ?? DEFAULT_TRAIN_FRACTION;
  const text = readText(path);
  const header = text.slice(0, text.indexOf('\n')).replace(/\r$/, '').split(',');
  let rows = csvLines(text);
  if (sortByTime) {
    // PJM: rows out of order and a few duplicated hours at DST changes: sort, keep the first.
    rows.sort((x, y) => (x[1][0]! < y[1][0]! ? -1 : x[1][0]! > y[1][0]! ? 1 : x[0] - y[0]));
    rows = rows.filter((r, i) => i === 0 || r[1][0] !== rows[i - 1]![1][0]);
  }
  if (opts.limit !== undefined) rows = rows.slice(-opts.limit);
  const out: RealSeries[] = [];
  header.forEach((name, col) => {
    if (col === 0 || !pick(name)) return;
    const values = span(rows.map(([line, r]) => num(path, line, r[col], name, true)));
    if (values.length > 0) out.push(make(`${group}-${name.replace(/\s+/g, '_')}`, group, 24, values, frac, path));
  });
  return out;
}

/** PJM electricity load, 12 regions, hourly (S = 24). */
export function loadPjm(opts: LoadOptions = {}): RealSeries[] {
  return wideCsv(join(opts.dir ?? dataDir(), 'forecast/pjm_hourly/est_hourly.csv.gz'), 'pjm', opts, () => true, true);
}

/** ETT transformer load: the 6 load columns of ETTh1 and ETTh2 (not the oil temperature). */
export function loadEtt(opts: LoadOptions = {}): RealSeries[] {
  const dir = join(opts.dir ?? dataDir(), 'forecast/ett');
  return ['ETTh1', 'ETTh2'].flatMap((f) => wideCsv(join(dir, `${f}.csv`), 'ett', opts, (n) => n !== 'OT', false).map((s) => ({ ...s, id: s.id.replace('ett-', `ett-${f}-`) })));
}

/** Burke-Gilman trail counters: total and 4 directions, hourly; empty hours carried over. */
export function loadTrail(opts: LoadOptions = {}): RealSeries[] {
  return wideCsv(join(opts.dir ?? dataDir(), 'forecast/seattle_trail/burke_gilman_hourly.csv'), 'trail', opts, () => true, false);
}

/** Bike rentals per hour (cnt). */
export function loadBikes(opts: LoadOptions = {}): RealSeries[] {
  const path = join(opts.dir ?? dataDir(), 'forecast/bike_sharing/hour.csv');
  if (!existsSync(path)) return [];
  const text = readText(path);
  const col = text.slice(0, text.indexOf('\n')).split(',').indexOf('cnt');
  if (col < 0) throw new DataFileError(path, 1, 'no cnt column in the header');
  let rows = csvLines(text);
  if (opts.limit !== undefined) rows = rows.slice(0, opts.limit);
  const values = Float64Array.from(rows, ([line, r]) => num(path, line, r[col], 'cnt'));
  return [make('bikes-cnt', 'bikes', 24, values, opts.trainFraction ?? DEFAULT_TRAIN_FRACTION, path)];
}

/** Files of a ustar archive (enough of the format for the VM archive: regular files only). */
function untar(bytes: Buffer): { name: string; data: Buffer }[] {
  const out: { name: string; data: Buffer }[] = [];
  for (let off = 0; off + 512 <= bytes.length;) {
    const name = bytes.toString('utf8', off, off + 100).replace(/\0.*$/s, '');
    if (name === '') break;
    const size = parseInt(bytes.toString('utf8', off + 124, off + 136).replace(/\0.*$/s, '').trim() || '0', 8);
    const type = bytes[off + 156];
    if (type === 0 || type === 48) out.push({ name, data: bytes.subarray(off + 512, off + 512 + size) });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/**
 * Google VMs: CPU % of one day at 5 minutes each. One day is too short for a daily season, so
 * S = 1 (non-seasonal, as M4 treats such series); every k-th VM, DEFAULT_VM_SERIES of them.
 */
export function loadVms(opts: LoadOptions = {}): RealSeries[] {
  const path = join(opts.dir ?? dataDir(), 'forecast/google_vm_util/GCD_VMs.tar.gz');
  if (!existsSync(path)) return [];
  let files: { name: string; data: Buffer }[];
  try {
    files = untar(gunzipSync(readFileSync(path))).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch (err) {
    throw new DataFileError(path, undefined, `cannot read the archive: ${(err as Error).message}`);
  }
  const want = opts.vms ?? DEFAULT_VM_SERIES;
  const step = Math.max(1, Math.floor(files.length / want));
  const out: RealSeries[] = [];
  for (let i = 0; i < files.length && out.length < want; i += step) {
    const f = files[i]!;
    const where = `${path}:${f.name}`;
    const lines = f.data.toString('utf8').split('\n').map((l, k) => [k + 1, l.trim()] as const).filter(([, l]) => l !== '');
    const values = Float64Array.from(lines, ([line, l]) => num(where, line, l.split(/\s+/)[0], 'CPU %'));
    out.push(make(`vm-${f.name.replace(/^.*\//, '')}`, 'vm-cpu', 1, values, opts.trainFraction ?? DEFAULT_TRAIN_FRACTION, where));
  }
  return out;
}

/**
 * Microsoft cloud monitoring: hourly series as they are (S = 24); 1-minute series averaged to
 * 5 minutes (S = 288: a daily season at 1 minute would need a context longer than the series).
 */
export function loadCloud(opts: LoadOptions = {}): RealSeries[] {
  const root = join(opts.dir ?? dataDir(), 'anomaly/ms_cloud_monitoring/data');
  if (!existsSync(root)) return [];
  const frac = opts.trainFraction ?? DEFAULT_TRAIN_FRACTION;
  const out: RealSeries[] = [];
  for (const domain of readdirSync(root).sort()) {
    const d = join(root, domain);
    if (!statSync(d).isDirectory()) continue;
    for (const file of readdirSync(d).filter((f) => f.endsWith('.csv')).sort()) {
      const path = join(d, file);
      const rows = csvLines(readText(path));
      if (rows.length < 3) throw new DataFileError(path, rows[0]?.[0], 'fewer than 3 data lines');
      const values = fillGaps(rows.map(([line, r]) => num(path, line, r[1], 'Value', true)));
      const t0 = Date.parse(rows[0]![1][0]!.replace(' ', 'T') + (rows[0]![1][0]!.endsWith('Z') ? '' : 'Z'));
      const t1 = Date.parse(rows[1]![1][0]!.replace(' ', 'T') + (rows[1]![1][0]!.endsWith('Z') ? '' : 'Z'));
      if (!Number.isFinite(t0) || !Number.isFinite(t1)) throw new DataFileError(path, rows[0]![0], `bad timestamp ${JSON.stringify(rows[0]![1][0])}`);
      const id = `cloud-${file.replace(/\.csv$/, '')}`;
      if (t1 - t0 <= 60_000) out.push(make(id, 'cloud-5min', 288, aggregate(values, 5, 'mean'), frac, path));
      else out.push(make(id, 'cloud-hourly', 24, values, frac, path));
    }
  }
  return out;
}

/** Every dataset of the folder that is present. */
export function loadAllReal(opts: LoadOptions = {}): RealSeries[] {
  const dir = opts.dir ?? dataDir();
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
  } catch (err) {
    throw new DataFileError(dir, undefined, `data folder not readable: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (err as Error).message}`);
  }
  const o = { ...opts, dir };
  return [...loadTweets(o), ...loadPedestrians(o), ...loadPjm(o), ...loadEtt(o), ...loadTrail(o), ...loadBikes(o), ...loadCloud(o), ...loadVms(o)];
}
