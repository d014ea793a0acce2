// The real series as per-tenant loads: ten Twitter ticker-volume series (Numenta Anomaly
// Benchmark, summed to hourly) and two Melbourne pedestrian-count series, 720 hours each. Every
// tenant's load is spread over its keys with a Zipf(0.8) split; the whole is scaled to a 65%
// peak utilisation. Real bursts (news) and real daily and weekly cycles.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../../models/data.js';
import { lognormal, rng, zipfWeights } from './random.js';
import { DEFAULT_COLD_KEYS, scaleToUtilisation, type Scenario } from './scenario.js';


function csvColumn(text: string, column: number): number[] {
  const lines = text.split('\n').slice(1).filter((l) => l.trim() !== '');
  return lines.map((l) => Number(l.split(',')[column]));
}

/** Twitter volumes at 5 minutes summed per hour (12 points; the first timestamps start mid-hour). */
function hourly(values: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 12 <= values.length; i += 12) out.push(values.slice(i, i + 12).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0));
  return out;
}

export function realSeries(dir = dataDir(), hours = 720): { name: string; values: number[] }[] {
  const out: { name: string; values: number[] }[] = [];
  const tweets = join(dir, 'tweets');
  for (const f of readdirSync(tweets).filter((x) => x.startsWith('Twitter_volume_') && x.endsWith('.csv')).sort()) {
    out.push({ name: f.replace(/^Twitter_volume_|\.csv$/g, ''), values: hourly(csvColumn(readFileSync(join(tweets, f), 'utf8'), 1)).slice(0, hours) });
  }
  const ped = readFileSync(join(dir, 'pedestrians_hourly.csv'), 'utf8');
  out.push({ name: 'ped4', values: csvColumn(ped, 1).slice(0, hours) }, { name: 'ped41', values: csvColumn(ped, 2).slice(0, hours) });
  return out;
}

export function real(seed = 7, dir?: string): Scenario {
  const r = rng(seed);
  const series = realSeries(dir);
  const intervals = Math.min(...series.map((s) => s.values.length));
  const nodes = 8;
  const capacity = 10_000;
  const perTenant = 80;
  const shares = zipfWeights(perTenant, 0.8);
  const keys: string[] = [];
  const load: Float64Array[] = [];
  for (const s of series) {
    // Tenants of very different sizes, as in life: normalise each, then weight by rank.
    const mean = s.values.slice(0, intervals).reduce((a, b) => a + b, 0) / intervals || 1;
    const weight = 1 / (series.indexOf(s) + 1) ** 0.5;
    for (let j = 0; j < perTenant; j++) {
      keys.push(`${s.name}:${j}`);
      const row = new Float64Array(intervals);
      for (let t = 0; t < intervals; t++) row[t] = ((s.values[t]! / mean) * weight * shares[j]! * lognormal(r, 0.05));
      load.push(row);
    }
  }
  scaleToUtilisation(load, intervals, nodes, capacity, 0.65);
  return {
    name: 'real',
    description: `${series.length} real series (10 tweet volumes hourly, 2 pedestrian counts) as tenants of ${perTenant} keys, ${intervals} hours, peak utilisation 65%`,
    nodes,
    capacity,
    microshards: 64,
    intervals,
    season: 24,
    goal: false,
    keys,
    load,
    coldKeys: DEFAULT_COLD_KEYS,
  };
}
