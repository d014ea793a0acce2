// Runs the chosen policies over one trace. The reactive baseline is swept over tolerance x k and
// its best setting (fewest overloaded node-intervals, then least excess, then fewest bytes) is
// the one reported as "reactive".
import type { PlannerConfig } from '../core/planner/config.js';
import { oracleController, POLICY_NAMES, predictiveController, reactiveController, staticController, type PolicyName, type SimAnomalyOptions } from './controllers.js';
import type { Forecaster } from './forecaster.js';
import type { SimMetrics } from './metrics.js';
import { silentProgress, type Progress } from '../platform/progress.js';
import { DEFAULT_REACTIVE_KS, DEFAULT_REACTIVE_TOLERANCES, type ReactiveSettings } from './reactive.js';
import { simulate, type Controller, type SimConfig, type TimelineEntry } from './simulator.js';
import type { Trace } from './trace.js';

export interface CompareOptions {
  policies?: readonly PolicyName[];
  forecaster: Forecaster;
  reactiveTolerances?: readonly number[];
  reactiveKs?: readonly number[];
  /** Called with each policy's timeline (only the best reactive setting's). */
  onTimeline?: (policy: PolicyName, entries: TimelineEntry[]) => void | Promise<void>;
  progress?: Progress;
  /** A fixed planner policy instead of dynamic selection (for experiments). */
  plannerPolicy?: string;
  /** Intervals of history before the predictive planner acts (default DEFAULT_PREDICTIVE_WARMUP). */
  predictiveWarmup?: number;
  /** Whether predictive calibrates forecasts by each microshard's record (default true). */
  predictiveSkill?: boolean;
  /** Further predictive runs for comparison (another forecaster, or raw forecasts), by label. */
  variants?: readonly PredictiveVariant[];
}

export interface PredictiveVariant {
  label: string;
  forecaster: Forecaster;
  skill: boolean;
  /** The anomaly rule on (sim/controllers.ts PlannerControllerOptions.anomalies). */
  anomalies?: SimAnomalyOptions;
}

export interface SweepRow {
  settings: ReactiveSettings;
  metrics: SimMetrics;
}

export interface CompareResult {
  policies: Partial<Record<PolicyName, SimMetrics>>;
  /** The predictive variants' figures, by label. */
  variants: Record<string, SimMetrics>;
  reactiveSweep: SweepRow[];
  reactiveBest?: ReactiveSettings;
}

function better(a: SimMetrics, b: SimMetrics): boolean {
  if (a.overloaded_node_intervals !== b.overloaded_node_intervals) return a.overloaded_node_intervals < b.overloaded_node_intervals;
  if (a.overload_excess_ops !== b.overload_excess_ops) return a.overload_excess_ops < b.overload_excess_ops;
  return a.bytes_moved < b.bytes_moved;
}

export async function compare(trace: Trace, cfg: SimConfig, opts: CompareOptions): Promise<CompareResult> {
  const policies = opts.policies ?? POLICY_NAMES;
  const progress = opts.progress ?? silentProgress;
  const planner: PlannerConfig = cfg.planner;
  const result: CompareResult = { policies: {}, variants: {}, reactiveSweep: [] };
  const run = async (label: string, c: Controller, keepTimeline: boolean) => {
    const entries: TimelineEntry[] = [];
    const metrics = await simulate(trace, cfg, c, {
      onTimeline: keepTimeline ? (e) => entries.push(e) : undefined,
      onProgress: (t, total) => progress.update(t, total, label),
    });
    return { metrics, entries };
  };
  const keep = opts.onTimeline !== undefined;
  for (const name of policies) {
    if (name === 'reactive') {
      let best: { settings: ReactiveSettings; metrics: SimMetrics; entries: TimelineEntry[] } | undefined;
      for (const tolerance of opts.reactiveTolerances ?? DEFAULT_REACTIVE_TOLERANCES) {
        for (const k of opts.reactiveKs ?? DEFAULT_REACTIVE_KS) {
          const settings = { tolerance, k };
          const r = await run(`reactive tol=${tolerance} k=${k}`, reactiveController(planner, settings), keep);
          result.reactiveSweep.push({ settings, metrics: r.metrics });
          if (!best || better(r.metrics, best.metrics)) best = { settings, ...r };
        }
      }
      result.policies.reactive = best!.metrics;
      result.reactiveBest = best!.settings;
      if (keep) await opts.onTimeline!('reactive', best!.entries);
      continue;
    }
    const controller =
      name === 'static'
        ? staticController()
        : name === 'predictive'
          ? predictiveController(planner, opts.forecaster, cfg.season, { policy: opts.plannerPolicy, warmup: opts.predictiveWarmup, skill: opts.predictiveSkill })
          : oracleController(planner, { policy: opts.plannerPolicy });
    const r = await run(name, controller, keep);
    result.policies[name] = r.metrics;
    if (keep) await opts.onTimeline!(name, r.entries);
  }
  for (const v of opts.variants ?? []) {
    const r = await run(`predictive (${v.label})`, predictiveController(planner, v.forecaster, cfg.season, { policy: opts.plannerPolicy, warmup: opts.predictiveWarmup, skill: v.skill, anomalies: v.anomalies }), false);
    result.variants[v.label] = r.metrics;
  }
  progress.done();
  return result;
}
