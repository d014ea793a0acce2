// The four contenders. They share the simulator's move machinery and the planner's limits;
// they differ only in what they look at and how they decide. Predictive and oracle run the live
// coordinator's round (core/planner/round.ts: candidates -> auction -> plan on the bids), with
// every node bidding locally the way its sidecar would (core/planner/bidder.ts localBidders).
import type { PlannerConfig } from '../core/planner/config.js';
import type { PlannerSnapshot } from '../core/planner/snapshot.js';
import { SkillBook } from '../core/planner/skill-book.js';
import { POLICIES, policyByName } from '../core/policies/index.js';
import type { PlanResult } from '../core/planner/planner.js';
import { runRound } from '../core/planner/round.js';
import { localBidders } from '../core/planner/bidder.js';
import { quantile, type Forecaster } from './forecaster.js';
import { ReactiveRebalancer, type ReactiveSettings } from './reactive.js';
import type { Controller, DecisionInfo } from './simulator.js';
import { SeriesWatch } from '../core/anomaly/episode.js';
import { untrustedForecast, DEFAULT_ANOMALY_BAND_WIDEN } from '../core/anomaly/planner-load.js';

/** Totals of the rounds' diagnostics (SHARDCAST_ROUND_STATS=1; printed by the CLI to stderr). */
export const roundStats = { rounds: 0, auctions: 0, lots: 0, unauctioned: 0, wrongPiece: 0, clashes: 0, extraAuctions: 0 };

export const POLICY_NAMES = ['static', 'reactive', 'predictive', 'oracle'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** Initial consistent-hash placement; never moves. */
export function staticController(): Controller {
  return { name: 'static', decide: () => ({ operators: [] }) };
}

export function reactiveController(cfg: PlannerConfig, settings: ReactiveSettings): Controller {
  const r = new ReactiveRebalancer(cfg, settings);
  return { name: r.name, decide: (view) => ({ operators: r.round(view.snapshot()) }) };
}

export interface PlannerControllerOptions {
  /** A fixed policy name, or undefined for dynamic selection among all registered policies. */
  policy?: string;
  /** Predictive only: intervals of history before the first decision. */
  warmup?: number;
  /** Predictive only: act on forecasts calibrated by each microshard's forecast record (default true). */
  skill?: boolean;
  /** Called with every round's snapshot and plan (explain records included), for analysis. */
  onPlan?: (snap: PlannerSnapshot, result: PlanResult) => void;
  /**
   * Predictive only: the live sidecars' anomaly rule (core/anomaly/episode.ts): each microshard's
   * load is scored every interval, and while it is anomalous the planner plans it on
   * max(observed, forecast) with a widened band (core/anomaly/planner-load.ts), as the live leader
   * does. The simulator decides every interval, so the live leader's immediate round is the next
   * decision here; what changes is the load planned on. Off when undefined.
   */
  anomalies?: SimAnomalyOptions;
}

export interface SimAnomalyOptions {
  /** Intervals a detector only learns from (it learns a new microshard's history first). */
  probation: number;
  /** Smallest change worth acting on, as a fraction of a node's capacity per interval. */
  minDeltaFraction: number;
  /** p90 - p50 at least this x p50 while anomalous (default: the live leader's). */
  widen?: number;
  /**
   * When the rule applies: 'episode' (the live leader's: from the flag until the episode clears)
   * or 'above-band' (only intervals whose load is above the detector's band: an ablation).
   */
  rule?: 'episode' | 'above-band';
}

/** Defaults for hourly simulator intervals: two seasons of probation; 5% of a node; the live rule. */
export const DEFAULT_SIM_ANOMALIES: Readonly<SimAnomalyOptions> = Object.freeze({ probation: 48, minDeltaFraction: 0.05, rule: 'episode' as const });

/** Per-microshard anomaly state of one simulated run (ids come and go with splits and merges). */
class SimAnomalies {
  private readonly watches = new Map<string, SeriesWatch>();
  flagged = 0;
  planned = 0;

  constructor(
    private readonly opts: SimAnomalyOptions,
    private readonly season: number,
  ) {}

  /** Scores every microshard's load of interval t and rewrites the forecasts of the anomalous ones. */
  apply(snap: PlannerSnapshot, historiesOf: () => readonly Float64Array[], t: number, capacity: number, horizon: number): void {
    const seen = new Set<string>();
    let histories: readonly Float64Array[] | undefined;
    snap.microshards.forEach((m, i) => {
      seen.add(m.id);
      let w = this.watches.get(m.id);
      if (!w) {
        w = new SeriesWatch({ probation: this.opts.probation, season: this.season >= 2 ? this.season : 0 });
        // A split half or a merge learns the history the simulator keeps for it (all but now).
        const h = (histories ??= historiesOf())[i];
        if (h) for (let k = 0; k < h.length - 1; k++) w.learn(h[k]!);
        this.watches.set(m.id, w);
      }
      const step = w.observe(m.load, t, this.opts.minDeltaFraction * capacity);
      if (step.flagged) this.flagged++;
      if (!step.open) return;
      if (this.opts.rule === 'above-band' && !(m.load > step.verdict.expectedHigh)) return;
      this.planned++;
      m.forecast = untrustedForecast(m.forecast, m.load, horizon, this.opts.widen ?? DEFAULT_ANOMALY_BAND_WIDEN);
      // The record calibrates the model's forecast; this one is not the model's.
      m.skill = undefined;
    });
    for (const id of this.watches.keys()) if (!seen.has(id)) this.watches.delete(id);
  }
}

async function plannerDecision(snap: PlannerSnapshot, cfg: PlannerConfig, current: { policy?: string }, opts: PlannerControllerOptions): Promise<DecisionInfo> {
  const fixed = opts.policy ? policyByName(opts.policy) : undefined;
  const withPolicy: PlannerSnapshot = fixed ? snap : { ...snap, currentPolicy: current.policy };
  const r = await runRound(withPolicy, { cfg, policies: POLICIES, fixed, bidder: localBidders(snap, cfg), liveNodes: snap.nodes.map((n) => n.id) });
  opts.onPlan?.(snap, r.result);
  if (process.env.SHARDCAST_ROUND_STATS) {
    roundStats.rounds++;
    roundStats.unauctioned += r.diagnostics.unauctioned;
    roundStats.wrongPiece += r.diagnostics.wrongPiece;
    roundStats.clashes += r.diagnostics.clashes;
    roundStats.extraAuctions += Math.max(0, r.auctions.length - 2);
    roundStats.auctions += r.auctions.length;
    roundStats.lots += r.lots.size;
  }
  if (fixed) return { operators: r.result.operators, explainRecords: r.result.explain.length };
  current.policy = r.selection.chosen;
  return { operators: r.result.operators, explainRecords: r.result.explain.length, policySwitched: r.selection.switched };
}

/**
 * Intervals of history the predictive planner waits for before it acts. 1 = it acts from the
 * first interval on; a longer warm-up (6) was tried and did not pay off (ramp and daily scenarios,
 * several seeds): the planner's own limits already keep early, flat forecasts from doing much.
 */
export const DEFAULT_PREDICTIVE_WARMUP = 1;

/** The planner on forecasts made from the past only. */
export function predictiveController(cfg: PlannerConfig, forecaster: Forecaster, season: number, opts: PlannerControllerOptions = {}): Controller {
  const current: { policy?: string } = {};
  const warmup = opts.warmup ?? DEFAULT_PREDICTIVE_WARMUP;
  const book = opts.skill === false ? undefined : new SkillBook(cfg);
  const anomalies = opts.anomalies ? new SimAnomalies(opts.anomalies, season) : undefined;
  return {
    name: 'predictive',
    decide: async (view) => {
      const fc = await forecaster.forecast(view.histories(), cfg.horizon, season);
      const forecasts = fc.map((f) => ({ p50: quantile(f, 0.5), p90: quantile(f, 0.9) }));
      const snap = view.snapshot(forecasts);
      if (book) {
        // Score last rounds' forecasts against this interval, then record this round's.
        book.observe(view.t, new Map(snap.microshards.map((m) => [m.id, m.load])));
        for (const m of snap.microshards) {
          book.issue(view.t, m.id, m.forecast, cfg.horizon);
          m.skill = book.skillOf(m.id);
        }
      }
      anomalies?.apply(snap, () => view.histories(), view.t, view.cfg.capacity, cfg.horizon);
      const methods: Record<string, number> = {};
      for (const f of fc) methods[f.method ?? forecaster.name] = (methods[f.method ?? forecaster.name] ?? 0) + 1;
      const info = { forecast: { forecaster: forecaster.name, version: forecaster.version, methods } };
      if (view.t + 1 < warmup) return { operators: [], ...info };
      const decision = await plannerDecision(snap, cfg, current, opts);
      book?.noteOperators(decision.operators);
      return { ...decision, ...info };
    },
  };
}

/** The same planner fed the true future instead of forecasts. */
export function oracleController(cfg: PlannerConfig, opts: PlannerControllerOptions = {}): Controller {
  const current: { policy?: string } = {};
  return {
    name: 'oracle',
    decide: (view) => {
      const future = view.futureLoads(cfg.horizon);
      return plannerDecision(view.snapshot(future.map((f) => ({ p50: f, p90: f }))), cfg, current, opts);
    },
  };
}
