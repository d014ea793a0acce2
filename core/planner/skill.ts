// Forecast skill: how far each microshard's forecasts have been from what then happened, and the
// forecast the planner acts on in proportion to that record. Functions over plain data: the
// caller (simulator, live coordinator; SkillBook does the bookkeeping) keeps one ForecastSkill per
// microshard between rounds, folds in each observed interval (observeSkill) and each issued
// forecast (issueForecast; the *InPlace variants change a record the caller owns), and hands the
// record to the planner in MicroshardSnapshot.skill; buildState calibrates (calibrateInto).
//
// Why: a model that is right on average can be wrong in a way that matters here. The ONNX model
// treats a sudden, sustained rise (a flash crowd) as noise and forecasts a return to the usual
// daily level, interval after interval, while the crowd holds. Its one-step errors show that at
// once. So beside the model's median the record keeps a corrected median: the model plus the
// recent level of its one-step errors (and their damped trend), i.e. what persisted in the
// errors. Per lead, each is weighted by the inverse of its recent squared error (Bates-Granger):
// where the model is good (daily cycles) the correction fades out; where it misses a regime
// change the corrected one takes over within an interval or two. So the median the planner
// prices expected gains on follows the better member, lead by lead.
// The p90 (risk) keeps the model's band shape, narrowed or widened by how the blend's own errors
// at that lead compare with the band (a calibration ratio, shrunk toward 1 while evidence is thin
// and bounded both ways), and never sits below the corrected median: when the two members
// disagree, the load persisting is a plausible bad case, and the planner must see it before it
// places a hot microshard somewhere it cannot leave for a cool-down.
import type { LoadForecast } from './forecast.js';
import { DEFAULT_PLANNER_CONFIG, type PlannerConfig } from './config.js';

/** Leads (intervals ahead) whose errors are scored; other leads interpolate, longer ones use the last. */
export const SKILL_LEADS: readonly number[] = Object.freeze([1, 2, 4, 8]);
/** p90 - p50 of a normal error per unit of mean absolute error: z(0.9) / sqrt(2 / pi). */
export const MAE_TO_P90 = 1.2816 / Math.sqrt(2 / Math.PI);

/** The planner settings the forecast record uses (documented in config.ts). Leads are fixed: a record's arrays line up with SKILL_LEADS. */
export type SkillConfig = Pick<
  PlannerConfig,
  'skillBiasSmoothing' | 'skillTrendSmoothing' | 'skillTrendDamping' | 'skillErrorSmoothing' | 'skillCalibrationPrior' | 'skillMinBandRatio' | 'skillMaxBandRatio'
>;

/**
 * Layout of one issued forecast in ForecastSkill.issued (a flat array, so that a record is a
 * handful of heap objects however many forecasts it holds): the round it was issued at, then per
 * scored lead the model's median, its p90 - p50 band, the blended median and the corrected one.
 */
const L_COUNT = SKILL_LEADS.length;
export const ISSUED_STRIDE = 1 + 4 * L_COUNT;
const I_MODEL = 1;
const I_BAND = 1 + L_COUNT;
const I_BLEND = 1 + 2 * L_COUNT;
const I_CORRECTED = 1 + 3 * L_COUNT;

/** One microshard's forecast record. Plain data (JSON-safe): the caller stores it between rounds. */
export interface ForecastSkill {
  /** Last round whose observation was folded in. */
  at: number;
  /** Recent level of the model median's one-step error (ops per interval), and its trend. */
  bias: number;
  trend: number;
  /** Per scored lead: recent mean absolute error of the model median, the corrected one, the blend. */
  errModel: number[];
  errCorrected: number[];
  errBlend: number[];
  /** Per scored lead: recent mean of the model's p90 - p50 band (what the band claimed). */
  band: number[];
  /** Per scored lead: errors scored so far. */
  scored: number[];
  /**
   * Derived from the above when it changes, so that calibrating a forecast reads little: per
   * scored lead, the weight of the corrected median and the band's calibration ratio.
   */
  weight: number[];
  ratio: number[];
  /** Forecasts issued in the last max(leads) rounds, oldest first, ISSUED_STRIDE numbers each. */
  issued: number[];
}

export function emptySkill(at: number): ForecastSkill {
  const z = (v = 0) => SKILL_LEADS.map(() => v);
  return { at, bias: 0, trend: 0, errModel: z(), errCorrected: z(), errBlend: z(), band: z(), scored: z(), weight: z(0.5), ratio: z(1), issued: [] };
}

function ew(prev: number, x: number, n: number, a: number): number {
  return n === 0 ? x : (1 - a) * prev + a * x;
}

/**
 * Folds in the load observed in interval `now`: scores every issued forecast whose lead lands on
 * `now`, and moves the error level and trend by the model's one-step error.
 */
export function observeSkill(prev: ForecastSkill, observed: number, now: number, cfg: SkillConfig = DEFAULT_PLANNER_CONFIG): ForecastSkill {
  if (now <= prev.at) return prev;
  return observeInPlace(cloneSkill(prev), observed, now, cfg);
}

/** A deep copy of a record. */
export function cloneSkill(s: ForecastSkill): ForecastSkill {
  return {
    at: s.at,
    bias: s.bias,
    trend: s.trend,
    errModel: [...s.errModel],
    errCorrected: [...s.errCorrected],
    errBlend: [...s.errBlend],
    band: [...s.band],
    scored: [...s.scored],
    weight: [...s.weight],
    ratio: [...s.ratio],
    issued: [...s.issued],
  };
}

/**
 * observeSkill on a record the caller owns, changed in place (what SkillBook does with its own
 * records: at 100,000 microshards a copy per record per round is most of the bookkeeping).
 */
export function observeInPlace(s: ForecastSkill, observed: number, now: number, cfg: SkillConfig = DEFAULT_PLANNER_CONFIG): ForecastSkill {
  if (now <= s.at) return s;
  const prevBias = s.bias;
  const prevTrend = s.trend;
  s.at = now;
  const a = cfg.skillErrorSmoothing;
  const I = s.issued;
  for (let e = 0; e < I.length; e += ISSUED_STRIDE) {
    const at = I[e]!;
    for (let j = 0; j < L_COUNT; j++) {
      if (at + SKILL_LEADS[j]! !== now) continue;
      const n = s.scored[j]!;
      s.errModel[j] = ew(s.errModel[j]!, Math.abs(observed - I[e + I_MODEL + j]!), n, a);
      s.errCorrected[j] = ew(s.errCorrected[j]!, Math.abs(observed - I[e + I_CORRECTED + j]!), n, a);
      s.errBlend[j] = ew(s.errBlend[j]!, Math.abs(observed - I[e + I_BLEND + j]!), n, a);
      s.band[j] = ew(s.band[j]!, I[e + I_BAND + j]!, n, a);
      s.scored[j] = n + 1;
    }
  }
  // The one-step error of the forecast issued last round moves the error level.
  const last = I.length >= ISSUED_STRIDE ? I.length - ISSUED_STRIDE : -1;
  const lastAt = last >= 0 ? I[last]! : -Infinity;
  const j1 = SKILL_LEADS.indexOf(1);
  if (lastAt === now - 1 && j1 >= 0) {
    const level = (1 - cfg.skillBiasSmoothing) * prevBias + cfg.skillBiasSmoothing * (observed - I[last + I_MODEL + j1]!);
    s.trend = (1 - cfg.skillTrendSmoothing) * prevTrend + cfg.skillTrendSmoothing * (level - prevBias);
    s.bias = level;
  } else if (now - lastAt > 1) {
    // A gap in the record: what the errors said is stale.
    s.bias = 0;
    s.trend = 0;
  }
  // Keep the forecasts a scored lead still lands on.
  const keep = SKILL_LEADS[L_COUNT - 1]!;
  let from = 0;
  while (from < I.length && now - I[from]! >= keep) from += ISSUED_STRIDE;
  if (from > 0) I.splice(0, from);
  return derive(s, cfg);
}

/** Fills the derived weights and ratios of a record (in place; returns it). */
function derive(s: ForecastSkill, cfg: SkillConfig): ForecastSkill {
  for (let j = 0; j < L_COUNT; j++) {
    s.weight[j] = correctionWeight(s, j);
    s.ratio[j] = bandRatio(s, j, cfg);
  }
  return s;
}

/** Weight of the corrected median at scored lead j (inverse squared recent error). */
function correctionWeight(s: ForecastSkill, j: number): number {
  if (s.scored[j] === 0) return 0.5;
  const m = s.errModel[j]! ** 2;
  const c = s.errCorrected[j]! ** 2;
  return m + c > 0 ? m / (m + c) : 0.5;
}

/** Band calibration at scored lead j: the blend's realised error against what the band claimed. */
function bandRatio(s: ForecastSkill, j: number, cfg: SkillConfig): number {
  const n = s.scored[j]!;
  const claimed = s.band[j]!;
  const realised = MAE_TO_P90 * s.errBlend[j]!;
  const raw = claimed > 0 ? realised / claimed : realised > 0 ? cfg.skillMaxBandRatio : 1;
  const r = (n * raw + cfg.skillCalibrationPrior) / (n + cfg.skillCalibrationPrior);
  return Math.min(cfg.skillMaxBandRatio, Math.max(cfg.skillMinBandRatio, r));
}

/** Per step k (0-based) of a horizon: the scored-lead index at or below lead k + 1 and the weight of the next one. */
interface LeadTable {
  lo: Int32Array;
  frac: Float64Array;
}

const leadTables = new Map<number, LeadTable>();

/** Linear interpolation between scored leads; beyond the last lead, the last (cached per horizon). */
function leadTable(horizon: number): LeadTable {
  let t = leadTables.get(horizon);
  if (!t) {
    const lo = new Int32Array(horizon);
    const frac = new Float64Array(horizon);
    const last = SKILL_LEADS.length - 1;
    for (let k = 0; k < horizon; k++) {
      const lead = k + 1;
      if (lead <= SKILL_LEADS[0]!) continue;
      if (lead >= SKILL_LEADS[last]!) {
        lo[k] = last;
        continue;
      }
      let j = 0;
      while (lead > SKILL_LEADS[j + 1]!) j++;
      lo[k] = j;
      frac[k] = (lead - SKILL_LEADS[j]!) / (SKILL_LEADS[j + 1]! - SKILL_LEADS[j]!);
    }
    t = { lo, frac };
    leadTables.set(horizon, t);
  }
  return t;
}

function interpolate(values: Float64Array, t: LeadTable, k: number): number {
  const j = t.lo[k]!;
  const f = t.frac[k]!;
  return f > 0 ? values[j]! * (1 - f) + values[j + 1]! * f : values[j]!;
}

const dampedSums = new Map<string, Float64Array>();
let lastDamped: { phi: number; horizon: number; d: Float64Array } | undefined;

/** sum of phi^i for i = 1..k, at index k - 1 for k = 1..horizon: the damped trend carried k steps. */
function dampedSum(phi: number, horizon: number): Float64Array {
  if (lastDamped && lastDamped.phi === phi && lastDamped.horizon === horizon) return lastDamped.d;
  const key = `${phi}:${horizon}`;
  let d = dampedSums.get(key);
  if (!d) {
    d = new Float64Array(horizon);
    let acc = 0;
    let p = 1;
    for (let k = 0; k < horizon; k++) {
      p *= phi;
      acc += p;
      d[k] = acc;
    }
    dampedSums.set(key, d);
  }
  lastDamped = { phi, horizon, d };
  return d;
}

export interface CalibratedForecast {
  p50: Float64Array;
  p90: Float64Array;
  /** The corrected median (before blending), for issueForecast. */
  corrected: Float64Array;
}

/**
 * The forecast the planner acts on: per step, the model median moved toward the corrected one in
 * proportion to their recent errors; the p90 the model's band scaled by its calibration ratio,
 * and at least the corrected median.
 */
export function calibrateForecast(f: LoadForecast, s: ForecastSkill | undefined, horizon: number, cfg: SkillConfig = DEFAULT_PLANNER_CONFIG): CalibratedForecast {
  const out = { p50: new Float64Array(horizon), p90: new Float64Array(horizon), corrected: new Float64Array(horizon) };
  calibrateInto(f, s, horizon, cfg, out.p50, out.p90, out.corrected);
  return out;
}

/** Scratch for the per-lead weights and ratios (the planner is single-threaded and not re-entrant here). */
const scratchW = new Float64Array(SKILL_LEADS.length);
const scratchR = new Float64Array(SKILL_LEADS.length);

/** calibrateForecast writing into given arrays (no allocation beyond them; `corrected` optional). */
export function calibrateInto(f: LoadForecast, s: ForecastSkill | undefined, horizon: number, cfg: SkillConfig, p50: Float64Array, p90: Float64Array, corrected?: Float64Array): void {
  const n50 = f.p50.length;
  const n90 = f.p90.length;
  const w = scratchW;
  const r = scratchR;
  if (s) {
    for (let j = 0; j < SKILL_LEADS.length; j++) {
      w[j] = s.weight[j]!;
      r[j] = s.ratio[j]!;
    }
  }
  const table = leadTable(horizon);
  const trend = dampedSum(cfg.skillTrendDamping, horizon);
  for (let k = 0; k < horizon; k++) {
    const m = finite(n50 > 0 ? f.p50[Math.min(k, n50 - 1)]! : 0);
    const q = Math.max(m, finite(n90 > 0 ? f.p90[Math.min(k, n90 - 1)]! : m));
    if (!s) {
      p50[k] = m;
      p90[k] = q;
      if (corrected) corrected[k] = m;
      continue;
    }
    const c = Math.max(0, m + s.bias + s.trend * trend[k]!);
    const mid = Math.max(0, m + interpolate(w, table, k) * (c - m));
    p50[k] = mid;
    // The risk quantile covers both members: when they disagree (a crowd the model reads as
    // noise), the one that has the load persisting is a plausible bad case.
    p90[k] = Math.max(mid + (q - m) * interpolate(r, table, k), c);
    if (corrected) corrected[k] = c;
  }
}

/** What the record says about a microshard's forecasts, one step ahead (explain records carry it). */
export interface SkillSummary {
  /** Recent level of the model median's one-step error, ops per interval. */
  bias: number;
  /** Weight of the corrected median against the model's, one step ahead (0..1). */
  correctionWeight: number;
  /** Calibration ratio applied to the model's band, one step ahead. */
  bandRatio: number;
  /** One-step errors scored so far. */
  scored: number;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function summariseSkill(s: ForecastSkill): SkillSummary {
  return { bias: r3(s.bias), correctionWeight: r3(s.weight[0]!), bandRatio: r3(s.ratio[0]!), scored: s.scored[0]! };
}

function finite(x: number): number {
  return Number.isFinite(x) && x > 0 ? x : 0;
}

/** Records the forecast issued at `now` (the model's and the calibrated one) for later scoring. */
export function issueForecast(s: ForecastSkill, model: LoadForecast, calibrated: CalibratedForecast, now: number): ForecastSkill {
  return issueInPlace(cloneSkill(s), model, calibrated.p50, calibrated.corrected, now);
}

/** issueForecast on a record the caller owns, changed in place. */
export function issueInPlace(s: ForecastSkill, model: LoadForecast, blend: ArrayLike<number>, corrected: ArrayLike<number>, now: number): ForecastSkill {
  const at = (a: ArrayLike<number>, L: number) => (a.length > 0 ? finite(a[Math.min(L, a.length) - 1]!) : 0);
  const I = s.issued;
  // A forecast issued again for the same round replaces the earlier one.
  if (I.length >= ISSUED_STRIDE && I[I.length - ISSUED_STRIDE] === now) I.length -= ISSUED_STRIDE;
  I.push(now);
  for (const L of SKILL_LEADS) I.push(at(model.p50, L));
  for (const L of SKILL_LEADS) I.push(Math.max(0, at(model.p90, L) - at(model.p50, L)));
  for (const L of SKILL_LEADS) I.push(at(blend, L));
  for (const L of SKILL_LEADS) I.push(at(corrected, L));
  return s;
}

/** A record scaled to a part of the microshard carrying `share` of its load (split halves). */
export function scaleSkill(s: ForecastSkill, share: number): ForecastSkill {
  const x = (a: readonly number[]) => a.map((v) => v * share);
  return {
    ...s,
    bias: s.bias * share,
    trend: s.trend * share,
    errModel: x(s.errModel),
    errCorrected: x(s.errCorrected),
    errBlend: x(s.errBlend),
    band: x(s.band),
    scored: [...s.scored],
    weight: [...s.weight],
    ratio: [...s.ratio],
    issued: s.issued.map((v, i) => (i % ISSUED_STRIDE === 0 ? v : v * share)),
  };
}

/** The record of two microshards merged into one (loads add; errors add, a pessimistic bound). */
export function combineSkills(a: ForecastSkill, b: ForecastSkill, cfg: SkillConfig = DEFAULT_PLANNER_CONFIG): ForecastSkill {
  const add = (x: readonly number[], y: readonly number[]) => x.map((v, i) => v + (y[i] ?? 0));
  const issued: number[] = [];
  for (let e = 0; e < a.issued.length; e += ISSUED_STRIDE) {
    const at = a.issued[e]!;
    let g = -1;
    for (let f = 0; f < b.issued.length; f += ISSUED_STRIDE) if (b.issued[f] === at) g = f;
    if (g < 0) continue;
    issued.push(at);
    for (let i = 1; i < ISSUED_STRIDE; i++) issued.push(a.issued[e + i]! + b.issued[g + i]!);
  }
  return derive({
    at: Math.max(a.at, b.at),
    bias: a.bias + b.bias,
    trend: a.trend + b.trend,
    errModel: add(a.errModel, b.errModel),
    errCorrected: add(a.errCorrected, b.errCorrected),
    errBlend: add(a.errBlend, b.errBlend),
    band: add(a.band, b.band),
    scored: a.scored.map((n, i) => Math.min(n, b.scored[i] ?? 0)),
    weight: [],
    ratio: [],
    issued,
  }, cfg);
}
