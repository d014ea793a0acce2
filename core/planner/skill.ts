// Forecast skill: how far each microshard's forecasts have been from what then happened, and the
// forecast the planner acts on in proportion to that record. Pure functions over plain data: the
// caller (simulator, live coordinator) keeps one ForecastSkill per microshard between rounds,
// folds in each observed interval (observeSkill) and each issued forecast (issueForecast), and
// hands the record to the planner in the snapshot; buildState calls calibrateForecast.
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
import type { LoadForecast } from './snapshot.js';
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

/** What was forecast at one round, at the scored leads (kept until the longest lead is scored). */
export interface IssuedForecast {
  at: number;
  /** The model's median, its p90 - p50 band, and the blended median, at each scored lead. */
  model: number[];
  band: number[];
  blend: number[];
  /** The corrected median (model + error level + trend) at each scored lead. */
  corrected: number[];
}

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
  /** Forecasts issued in the last max(leads) rounds, oldest first. */
  issued: IssuedForecast[];
}

export function emptySkill(at: number): ForecastSkill {
  const z = () => SKILL_LEADS.map(() => 0);
  return { at, bias: 0, trend: 0, errModel: z(), errCorrected: z(), errBlend: z(), band: z(), scored: z(), issued: [] };
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
  const s: ForecastSkill = {
    ...prev,
    at: now,
    errModel: [...prev.errModel],
    errCorrected: [...prev.errCorrected],
    errBlend: [...prev.errBlend],
    band: [...prev.band],
    scored: [...prev.scored],
  };
  const a = cfg.skillErrorSmoothing;
  for (const f of prev.issued) {
    SKILL_LEADS.forEach((L, j) => {
      if (f.at + L !== now) return;
      const n = s.scored[j]!;
      s.errModel[j] = ew(s.errModel[j]!, Math.abs(observed - f.model[j]!), n, a);
      s.errCorrected[j] = ew(s.errCorrected[j]!, Math.abs(observed - f.corrected[j]!), n, a);
      s.errBlend[j] = ew(s.errBlend[j]!, Math.abs(observed - f.blend[j]!), n, a);
      s.band[j] = ew(s.band[j]!, f.band[j]!, n, a);
      s.scored[j] = n + 1;
    });
  }
  // The one-step error of the forecast issued last round moves the error level.
  const last = prev.issued.length > 0 ? prev.issued[prev.issued.length - 1] : undefined;
  const j1 = SKILL_LEADS.indexOf(1);
  if (last && last.at === now - 1 && j1 >= 0) {
    const level = (1 - cfg.skillBiasSmoothing) * prev.bias + cfg.skillBiasSmoothing * (observed - last.model[j1]!);
    s.trend = (1 - cfg.skillTrendSmoothing) * prev.trend + cfg.skillTrendSmoothing * (level - prev.bias);
    s.bias = level;
  } else if (!last || now - last.at > 1) {
    // A gap in the record: what the errors said is stale.
    s.bias = 0;
    s.trend = 0;
  }
  const keep = Math.max(...SKILL_LEADS);
  s.issued = prev.issued.filter((f) => now - f.at < keep);
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

/** Linear interpolation of per-lead values at lead k (1-based); beyond the last lead, the last. */
function atLead(values: readonly number[], leads: readonly number[], k: number): number {
  if (k <= leads[0]!) return values[0]!;
  for (let j = 0; j + 1 < leads.length; j++) {
    if (k <= leads[j + 1]!) {
      const f = (k - leads[j]!) / (leads[j + 1]! - leads[j]!);
      return values[j]! * (1 - f) + values[j + 1]! * f;
    }
  }
  return values[values.length - 1]!;
}

/** The damped error trend accumulated over k steps. */
function trendAt(s: ForecastSkill, k: number, cfg: SkillConfig): number {
  const phi = cfg.skillTrendDamping;
  return phi < 1 ? (s.trend * phi * (1 - phi ** k)) / (1 - phi) : s.trend * k;
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
  const p50 = new Float64Array(horizon);
  const p90 = new Float64Array(horizon);
  const corrected = new Float64Array(horizon);
  const n50 = f.p50.length;
  const n90 = f.p90.length;
  const w = s ? SKILL_LEADS.map((_, j) => correctionWeight(s, j)) : undefined;
  const r = s ? SKILL_LEADS.map((_, j) => bandRatio(s, j, cfg)) : undefined;
  for (let k = 0; k < horizon; k++) {
    const m = finite(n50 > 0 ? f.p50[Math.min(k, n50 - 1)]! : 0);
    const q = Math.max(m, finite(n90 > 0 ? f.p90[Math.min(k, n90 - 1)]! : m));
    if (!s) {
      p50[k] = m;
      p90[k] = q;
      corrected[k] = m;
      continue;
    }
    const c = Math.max(0, m + s.bias + trendAt(s, k + 1, cfg));
    const wk = atLead(w!, SKILL_LEADS, k + 1);
    const mid = Math.max(0, m + wk * (c - m));
    p50[k] = mid;
    // The risk quantile covers both members: when they disagree (a crowd the model reads as
    // noise), the one that has the load persisting is a plausible bad case.
    p90[k] = Math.max(mid + (q - m) * atLead(r!, SKILL_LEADS, k + 1), c);
    corrected[k] = c;
  }
  return { p50, p90, corrected };
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

export function summariseSkill(s: ForecastSkill, cfg: SkillConfig = DEFAULT_PLANNER_CONFIG): SkillSummary {
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { bias: r3(s.bias), correctionWeight: r3(correctionWeight(s, 0)), bandRatio: r3(bandRatio(s, 0, cfg)), scored: s.scored[0]! };
}

function finite(x: number): number {
  return Number.isFinite(x) && x > 0 ? x : 0;
}

/** Records the forecast issued at `now` (the model's and the calibrated one) for later scoring. */
export function issueForecast(s: ForecastSkill, model: LoadForecast, calibrated: CalibratedForecast, now: number, cfg: SkillConfig = DEFAULT_PLANNER_CONFIG): ForecastSkill {
  const at = (a: ArrayLike<number>, L: number) => (a.length > 0 ? finite(a[Math.min(L, a.length) - 1]!) : 0);
  const entry: IssuedForecast = {
    at: now,
    model: SKILL_LEADS.map((L) => at(model.p50, L)),
    band: SKILL_LEADS.map((L) => Math.max(0, at(model.p90, L) - at(model.p50, L))),
    blend: SKILL_LEADS.map((L) => at(calibrated.p50, L)),
    corrected: SKILL_LEADS.map((L) => at(calibrated.corrected, L)),
  };
  return { ...s, issued: [...s.issued.filter((f) => f.at !== now), entry] };
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
    issued: s.issued.map((f) => ({ at: f.at, model: x(f.model), band: x(f.band), blend: x(f.blend), corrected: x(f.corrected) })),
  };
}

/** The record of two microshards merged into one (loads add; errors add, a pessimistic bound). */
export function combineSkills(a: ForecastSkill, b: ForecastSkill): ForecastSkill {
  const add = (x: readonly number[], y: readonly number[]) => x.map((v, i) => v + (y[i] ?? 0));
  const issued: IssuedForecast[] = [];
  for (const f of a.issued) {
    const g = b.issued.find((e) => e.at === f.at);
    if (g) issued.push({ at: f.at, model: add(f.model, g.model), band: add(f.band, g.band), blend: add(f.blend, g.blend), corrected: add(f.corrected, g.corrected) });
  }
  return {
    at: Math.max(a.at, b.at),
    bias: a.bias + b.bias,
    trend: a.trend + b.trend,
    errModel: add(a.errModel, b.errModel),
    errCorrected: add(a.errCorrected, b.errCorrected),
    errBlend: add(a.errBlend, b.errBlend),
    band: add(a.band, b.band),
    scored: a.scored.map((n, i) => Math.min(n, b.scored[i] ?? 0)),
    issued,
  };
}
