// The three contenders of the scaling simulation.
//   static-peak: provisioned for the trace's peak, never scales.
//   reactive:    the Kubernetes HPA rule on the utilisation observed now (mean over the serving
//                nodes): desired = ceil(load / (capacity x target)); scale out to it once the
//                utilisation has been above target (beyond HPA's 10% tolerance) for k consecutive
//                intervals; scale in to the highest recommendation of the stabilisation window.
//   predictive:  core/capacity decideScale on forecasts of every microshard's load made from its
//                history only, summed per node over the layout the copies in flight lead to.
import { costModel, type CostModel } from '../../core/capacity/cost-model.js';
import { capacityConfig, DEFAULT_RETIRE_AFTER_MS, DEFAULT_SCALE_DOWN_COOLDOWN_MS, type CapacityConfig } from '../../core/capacity/config.js';
import { decideScale, type CapacityNode, type ScaleMemory } from '../../core/capacity/decision.js';
import { sumForecasts, toQuantileForecast, type QuantileForecast } from '../../core/capacity/forecast.js';
import type { Forecaster } from '../forecaster.js';
import type { Autoscaler, ClusterView, ScaleActions } from './scaling-sim.js';

/** HPA's tolerance: no action while current/target utilisation is within 10% of 1 (its default). */
export const DEFAULT_HPA_TOLERANCE = 0.1;
/** Reactive sweep: target utilisations. */
export const REACTIVE_TARGETS: readonly number[] = Object.freeze([0.5, 0.6, 0.7, 0.8, 0.9]);
/** Reactive sweep: consecutive intervals above target before scaling out. */
export const REACTIVE_KS: readonly number[] = Object.freeze([1, 2, 3]);
/** Reactive sweep: scale-in stabilisation windows, intervals. */
export const REACTIVE_WINDOWS: readonly number[] = Object.freeze([3, 6, 12]);
/** Forecast horizon of the predictive policy, intervals (the main simulator's default). */
export const DEFAULT_PREDICTIVE_HORIZON = 24;

const none: ScaleActions = { provision: 0, retire: [] };

export class StaticPeak implements Autoscaler {
  readonly name = 'static-peak';
  decide(): ScaleActions {
    return none;
  }
}

export interface ReactiveOptions {
  /** Target mean utilisation (0-1). */
  target: number;
  /** Intervals above target (beyond tolerance) before scaling out. */
  k: number;
  /** Scale-in stabilisation window, intervals. */
  window: number;
  tolerance?: number;
}

/** Nodes that count for the autoscaler's arithmetic: asked for or serving, not retiring. */
function activeNodes(v: ClusterView) {
  return v.nodes.filter((n) => !n.retiring);
}

export class Reactive implements Autoscaler {
  readonly name: string;
  private above = 0;
  private readonly recs: number[] = [];
  constructor(readonly opts: ReactiveOptions) {
    this.name = `reactive(target ${opts.target}, k ${opts.k}, window ${opts.window})`;
  }

  decide(v: ClusterView): ScaleActions {
    const tol = this.opts.tolerance ?? DEFAULT_HPA_TOLERANCE;
    const serving = v.nodes.filter((n) => n.microshards.length > 0);
    const load = serving.reduce((s, n) => s + n.load, 0);
    const util = serving.length > 0 ? load / (serving.length * v.capacity) : 0;
    const current = activeNodes(v).length;
    const desired = Math.max(1, Math.ceil(load / (v.capacity * this.opts.target) - 1e-9));
    const ratio = util / this.opts.target;
    this.recs.push(desired);
    if (this.recs.length > this.opts.window) this.recs.shift();
    if (ratio > 1 + tol) this.above++;
    else this.above = 0;
    if (this.above >= this.opts.k && desired > current) return { provision: desired - current, retire: [] };
    // Scale in only to the highest recommendation of the window (HPA's stabilisation) and only
    // outside the tolerance band.
    const stable = Math.max(...this.recs);
    if (this.recs.length >= this.opts.window && ratio < 1 - tol && stable < current) {
      const pending = activeNodes(v).filter((n) => n.provisioning || n.filling);
      if (pending.length > 0) return none; // let the scale-out land first
      const order = activeNodes(v).sort((a, b) => a.load - b.load || (a.id < b.id ? -1 : 1));
      return { provision: 0, retire: order.slice(0, current - stable).map((n) => n.id) };
    }
    return none;
  }
}

/** Every (target, k, window) of the sweep. */
export function reactiveSweep(): ReactiveOptions[] {
  const out: ReactiveOptions[] = [];
  for (const target of REACTIVE_TARGETS) for (const k of REACTIVE_KS) for (const window of REACTIVE_WINDOWS) out.push({ target, k, window });
  return out;
}

export interface PredictiveOptions {
  forecaster: Forecaster;
  /** Interval length, ms (the capacity core keeps time in ms and load in ops/s). */
  stepMs: number;
  provisionIntervals: number;
  /** Bytes one copy moves per interval. */
  bandwidth: number;
  horizon?: number;
  config?: Partial<CapacityConfig>;
  model?: CostModel;
}

/**
 * The capacity core's settings in the simulator's time unit: provisioning lead = the simulated
 * provisioning delay; copy rate = the simulated bandwidth; one interval of safety margin; retire
 * after the forecasts stayed low for the live default (15 min) or one interval when that is
 * longer, the same for no retirement after a scale-up; no second scale-up within one interval.
 * Thresholds and prices stay the core's defaults.
 */
export function predictiveSettings(o: PredictiveOptions, capacityPerInterval: number): { config: CapacityConfig; model: CostModel } {
  const config = capacityConfig({
    copyBytesPerS: o.bandwidth / (o.stepMs / 1000),
    safetyMarginMs: o.stepMs,
    // The live defaults (15 min), or one decision period when an interval is longer.
    retireAfterMs: Math.max(DEFAULT_RETIRE_AFTER_MS, o.stepMs),
    scaleDownCooldownMs: Math.max(DEFAULT_SCALE_DOWN_COOLDOWN_MS, o.stepMs),
    scaleUpCooldownMs: o.stepMs,
    ...o.config,
  });
  const model = o.model ?? costModel({ types: { default: { provisionLeadMs: o.provisionIntervals * o.stepMs, capacityOpsPerS: capacityPerInterval / (o.stepMs / 1000) } } });
  return { config, model };
}

export class Predictive implements Autoscaler {
  readonly name: string;
  private memory: ScaleMemory = {};
  private settings?: { config: CapacityConfig; model: CostModel };
  private readonly H: number;
  /** Decisions taken (explanations), for the report and tests. */
  readonly log: { t: number; action: string; explanation: string }[] = [];
  /** How often each decision reason came up (why it did or did not act). */
  readonly reasons: Record<string, number> = {};
  /** The last explanation given for each reason. */
  readonly lastExplanation: Record<string, string> = {};

  constructor(private readonly o: PredictiveOptions) {
    this.name = `predictive(${o.forecaster.name})`;
    this.H = o.horizon ?? DEFAULT_PREDICTIVE_HORIZON;
  }

  async decide(v: ClusterView): Promise<ScaleActions> {
    const perS = 1000 / this.o.stepMs;
    // A new node has the simulated nodes' capacity (the cost model's type carries it).
    this.settings ??= predictiveSettings(this.o, v.capacity);
    const { config: base, model } = this.settings;
    const histories: Float64Array[] = [];
    for (let m = 0; m < v.microshards; m++) histories.push(Float64Array.from(v.history(m)));
    const fs = await this.o.forecaster.forecast(histories, this.H, v.season);
    const perShard: QuantileForecast[] = fs.map((f) => toQuantileForecast(f.levels, f.values, perS));
    const nodes: CapacityNode[] = [];
    let provisioning = 0;
    for (const n of v.nodes) {
      if (n.provisioning) {
        provisioning++;
        continue;
      }
      const mine = n.retiring ? n.microshards : n.projected;
      const f = sumForecasts(mine.map((m) => perShard[m]!), this.H);
      const biggest = new Float64Array(this.H);
      for (const m of mine) for (let k = 0; k < this.H; k++) biggest[k] = Math.max(biggest[k]!, perShard[m]!.p90[Math.min(k, perShard[m]!.p90.length - 1)]!);
      nodes.push({
        id: n.id,
        capacityOpsPerS: v.capacity * perS,
        forecast: mine.length > 0 ? f : undefined,
        currentOpsPerS: n.load * perS,
        bytes: mine.reduce((s, m) => s + v.bytes(m), 0),
        managed: true,
        retiring: n.retiring,
        largestMicroshard: biggest,
      });
    }
    // The simulation copies every microshard of a fill at once, each at the full bandwidth: a
    // fill takes about one microshard's copy time, so the core is told the aggregate rate of the
    // copies a fill runs in parallel (the bandwidth x microshards per node now).
    const live = nodes.filter((n) => !n.retiring).length;
    const parallel = Math.max(1, Math.round(v.microshards / Math.max(1, live)));
    const config: CapacityConfig = { ...base, copyBytesPerS: base.copyBytesPerS * parallel };
    const d = decideScale({ nowMs: v.t * this.o.stepMs, stepMs: this.o.stepMs, horizon: this.H, nodes, provisioning }, model, config, this.memory);
    this.memory = d.memory;
    this.reasons[d.reason] = (this.reasons[d.reason] ?? 0) + 1;
    this.lastExplanation[d.reason] = `t=${v.t}: ${d.explanation}`;
    if (d.action !== 'none') this.log.push({ t: v.t, action: d.action, explanation: d.explanation });
    if (d.action === 'provision') return { provision: d.count, retire: [] };
    if (d.action === 'retire' && d.retireNode) return { provision: 0, retire: [d.retireNode] };
    return none;
  }
}
