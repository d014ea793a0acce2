// The real series in ../shared/data, loaded for training and held-out evaluation, split by time.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Fraction of each real series (oldest first) used for training; the rest is held out. */
export const DEFAULT_TRAIN_FRACTION = 0.8;

export interface RealSeries {
  id: string;
  /** Which dataset group it belongs to, e.g. "tweets-5min". */
  group: string;
  season: number;
  values: Float64Array;
  /** Index of the first held-out point: values[0 .. split) is training data. */
  split: number;
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
  throw new Error('shared data folder not found (set SHARDCAST_DATA)');
}

function readRows(path: string, limit?: number): string[][] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const rows = lines.slice(1).map((l) => l.split(','));
  return limit === undefined ? rows : rows.slice(0, limit);
}

export interface LoadOptions {
  /** Read at most this many points per file (tests keep it small). */
  limit?: number;
  /** Only these tickers (default: all). */
  tickers?: string[];
  trainFraction?: number;
}

/** Tweet volumes: each ticker at 5 minutes (S = 288) and summed to clock hours (S = 24). */
export function loadTweets(opts: LoadOptions = {}): RealSeries[] {
  const dir = join(dataDir(), 'tweets');
  const frac = opts.trainFraction ?? DEFAULT_TRAIN_FRACTION;
  const files = readdirSync(dir).filter((f) => /^Twitter_volume_.*\.csv$/.test(f)).sort();
  const out: RealSeries[] = [];
  for (const file of files) {
    const ticker = file.replace(/^Twitter_volume_|\.csv$/g, '');
    if (opts.tickers && !opts.tickers.includes(ticker)) continue;
    const rows = readRows(join(dir, file), opts.limit);
    const values = Float64Array.from(rows, (r) => Number(r[1]));
    out.push({ id: `${ticker}-5min`, group: 'tweets-5min', season: 288, values, split: Math.floor(values.length * frac) });
    // Hourly: sum the 5-minute counts within each clock hour; drop partial first/last hours.
    const hours: number[] = [];
    const counts: number[] = [];
    let current = '';
    for (const r of rows) {
      const hour = r[0]!.slice(0, 13);
      if (hour !== current) {
        hours.push(0);
        counts.push(0);
        current = hour;
      }
      hours[hours.length - 1]! += Number(r[1]);
      counts[counts.length - 1]! += 1;
    }
    let a = 0;
    let b = hours.length;
    while (a < b && counts[a]! < 12) a++;
    while (b > a && counts[b - 1]! < 12) b--;
    const hv = Float64Array.from(hours.slice(a, b));
    out.push({ id: `${ticker}-hourly`, group: 'tweets-hourly', season: 24, values: hv, split: Math.floor(hv.length * frac) });
  }
  return out;
}

/** Pedestrian counts at two Melbourne sensors, hourly (S = 24). */
export function loadPedestrians(opts: LoadOptions = {}): RealSeries[] {
  const frac = opts.trainFraction ?? DEFAULT_TRAIN_FRACTION;
  const rows = readRows(join(dataDir(), 'pedestrians_hourly.csv'), opts.limit);
  return [1, 2].map((col) => {
    const values = Float64Array.from(rows, (r) => Number(r[col]));
    return { id: `pedestrians-${col === 1 ? 'location_4' : 'location_41'}`, group: 'pedestrians', season: 24, values, split: Math.floor(values.length * frac) };
  });
}

export function loadAllReal(opts: LoadOptions = {}): RealSeries[] {
  return [...loadTweets(opts), ...loadPedestrians(opts)];
}
