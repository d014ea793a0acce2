// Synthetic training series, so the model learns shapes the few real series do not show: daily
// and weekly cycles of many forms, trends, level shifts, ramps, bursts, count noise, intermittent
// traffic, and M4-like trended/seasonal business series at seasons 1, 4, 7, 12, 52, 24, 168.
import type { Rng } from './rng.js';

export type SyntheticKind = 'load' | 'business' | 'intermittent' | 'trend';

export interface SyntheticSeries {
  kind: SyntheticKind;
  season: number;
  values: Float64Array;
}

/** A random positive profile over one period with mean 1 (log of a few harmonics, exponentiated). */
function profile(rng: Rng, period: number, strength: number): Float64Array {
  const out = new Float64Array(period);
  if (period <= 1) return out.fill(1);
  const harmonics = Math.min(Math.floor(period / 2), rng.int(1, 4));
  const amps: number[] = [];
  const phases: number[] = [];
  for (let k = 1; k <= harmonics; k++) {
    amps.push((strength * rng.uniform(0.2, 1)) / k);
    phases.push(rng.uniform(0, 2 * Math.PI));
  }
  const business = period >= 12 && rng.chance(0.25);
  const open = rng.uniform(0.2, 0.45);
  const close = open + rng.uniform(0.3, 0.5);
  let mean = 0;
  for (let p = 0; p < period; p++) {
    const phi = p / period;
    let v = 0;
    for (let k = 0; k < harmonics; k++) v += amps[k]! * Math.cos(2 * Math.PI * (k + 1) * phi + phases[k]!);
    if (business) {
      const edge = 0.02 + 0.05 * rng.next();
      const up = 1 / (1 + Math.exp(-(phi - open) / edge));
      const down = 1 / (1 + Math.exp((phi - close) / edge));
      v = 0.3 * v + strength * 2.5 * (up * down - 0.4);
    }
    out[p] = Math.exp(v);
    mean += out[p]!;
  }
  mean /= period;
  for (let p = 0; p < period; p++) out[p]! /= mean;
  return out;
}

/** Seasons the load generator treats as "one day" (so a weekly cycle of 7 seasons can apply). */
const DAILY_SEASONS = new Set([24, 48, 96, 144, 288]);

function loadSeries(rng: Rng, season: number, length: number, intermittent: boolean): Float64Array {
  const S = season;
  const level = intermittent ? rng.logUniform(0.03, 3) : rng.logUniform(0.5, 5000);
  const day = profile(rng, S, rng.uniform(0.05, 1.2));
  const weekly = DAILY_SEASONS.has(S) && rng.chance(0.6);
  const weekdayFactor = Array.from({ length: 7 }, () => 1 + 0.05 * rng.normal());
  if (weekly) {
    const weekend = rng.int(0, 6);
    const dip = rng.uniform(0.25, 1.15);
    weekdayFactor[weekend] = dip;
    weekdayFactor[(weekend + 1) % 7] = dip * rng.uniform(0.9, 1.1);
  }
  const growth = rng.chance(0.5) ? 0 : 0.015 * rng.normal(); // log growth per season
  const rwSigma = rng.chance(0.5) ? 0 : rng.uniform(0, 0.05) / Math.sqrt(S); // log level random walk per point
  const shiftAt = rng.chance(0.3) ? rng.int(0, length - 1) : -1;
  const shiftBy = rng.logUniform(0.4, 2.5);
  const rampAt = rng.chance(0.2) ? rng.int(0, length - 1) : -1;
  const rampLen = Math.max(1, Math.round(rng.uniform(0.25, 3) * S));
  const rampBy = rng.logUniform(0.5, 3);
  const burstRate = rng.chance(0.4) ? rng.uniform(0, 0.6) / S : 0;
  const countNoise = intermittent || rng.chance(0.45);
  const sigma = rng.uniform(0.01, 0.3);
  const arPhi = rng.uniform(0, 0.9);
  const offset = rng.chance(0.15) ? rng.uniform(0, 1) : 0; // a floor of background traffic
  const out = new Float64Array(length);
  let logLevel = 0;
  let burst = 0;
  let ar = 0;
  const decay = Math.exp(-1 / Math.max(1, rng.uniform(1, S / 6)));
  for (let t = 0; t < length; t++) {
    logLevel += rwSigma * rng.normal();
    let mean = level * Math.exp(logLevel + (growth * t) / S) * day[t % S]!;
    if (weekly) mean *= weekdayFactor[Math.floor(t / S) % 7]!;
    if (shiftAt >= 0 && t >= shiftAt) mean *= shiftBy;
    if (rampAt >= 0 && t >= rampAt) mean *= 1 + (rampBy - 1) * Math.min(1, (t - rampAt) / rampLen);
    mean += offset * level;
    if (burstRate > 0 && rng.chance(burstRate)) burst += level * rng.logUniform(0.5, 20);
    burst *= decay;
    mean += burst;
    ar = arPhi * ar + Math.sqrt(1 - arPhi * arPhi) * rng.normal();
    if (countNoise) out[t] = rng.poisson(mean * Math.exp(0.5 * sigma * ar));
    else out[t] = Math.max(0, mean * (1 + sigma * ar));
  }
  return out;
}

/** M4-like business series: level, linear/damped/exponential trend, a season, noise; positive. */
function businessSeries(rng: Rng, season: number, length: number): Float64Array {
  const S = season;
  const level = rng.logUniform(10, 20000);
  const slope = rng.chance(0.25) ? 0 : rng.normal() * rng.uniform(0.002, 0.03) * Math.max(1, 12 / Math.max(S, 1)) ** 0.5;
  const damp = rng.chance(0.4) ? rng.uniform(0.9, 0.995) : 1;
  const rw = rng.uniform(0, 0.04);
  const noise = rng.uniform(0.003, 0.08);
  const seasonal = S > 1 && rng.chance(0.75) ? profile(rng, S, rng.uniform(0.02, 0.5)) : new Float64Array(Math.max(S, 1)).fill(1);
  const multiplicative = rng.chance(0.6);
  const breakAt = rng.chance(0.2) ? rng.int(0, length - 1) : -1;
  const breakBy = rng.logUniform(0.6, 1.6);
  const out = new Float64Array(length);
  let lv = 0;
  let tr = slope;
  let ar = 0;
  for (let t = 0; t < length; t++) {
    tr *= damp;
    lv += tr + rw * rng.normal();
    ar = 0.5 * ar + rng.normal();
    let base = level * Math.exp(lv);
    if (breakAt >= 0 && t >= breakAt) base *= breakBy;
    const s = seasonal[t % Math.max(S, 1)]!;
    const v = multiplicative ? base * s : base + level * (s - 1);
    out[t] = v * (1 + noise * ar);
  }
  let min = Infinity;
  let mean = 0;
  for (const v of out) { min = Math.min(min, v); mean += v / length; }
  const floor = 0.05 * Math.abs(mean);
  if (min < floor) for (let t = 0; t < length; t++) out[t]! += floor - min;
  return out;
}

/**
 * Smooth, persistent growth or decline (linear, exponential or saturating), little noise,
 * sometimes a season: the series where extrapolating the trend beats any average of the past.
 */
function trendSeries(rng: Rng, season: number, length: number): Float64Array {
  const S = Math.max(season, 1);
  const level = rng.logUniform(5, 100000);
  // Growth per season, spread per step; seasons of 1 (yearly data) grow fastest per step.
  const perSeason = rng.chance(0.8) ? rng.uniform(-0.04, 0.12) : rng.uniform(-0.15, 0.3);
  const g = perSeason / Math.sqrt(S) / Math.max(1, Math.sqrt(S) / 2);
  const form = rng.pick(['linear', 'exponential', 'saturating'] as const);
  const mid = rng.uniform(0.3, 1.2) * length;
  const width = rng.uniform(0.05, 0.3) * length;
  const amp = rng.uniform(0.5, 3);
  const seasonal = season > 1 && rng.chance(0.6) ? profile(rng, season, rng.uniform(0.02, 0.4)) : undefined;
  const noise = rng.chance(0.2) ? 0 : rng.logUniform(0.0005, 0.05);
  const out = new Float64Array(length);
  let ar = 0;
  for (let t = 0; t < length; t++) {
    let base: number;
    if (form === 'linear') base = level * Math.max(0.05, 1 + g * t);
    else if (form === 'exponential') base = level * Math.exp(Math.max(-3, Math.min(3, g * t)));
    else base = level * (1 + (Math.sign(g) || 1) * amp / (1 + Math.exp(-(t - mid) / width)));
    ar = 0.5 * ar + rng.normal();
    const v = base * (seasonal ? seasonal[t % season]! : 1) * (1 + noise * ar);
    out[t] = Math.max(v, 0.01 * level);
  }
  return out;
}

export function generateSeries(rng: Rng, kind: SyntheticKind, season: number, length: number): SyntheticSeries {
  const values = kind === 'business' ? businessSeries(rng, season, length)
    : kind === 'trend' ? trendSeries(rng, season, length)
    : loadSeries(rng, season, length, kind === 'intermittent');
  return { kind, season, values };
}
