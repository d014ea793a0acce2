// One-command report of the scaling simulation: node-hours and overload of static-peak, the
// reactive (HPA-style) autoscaler (swept, best reported) and the predictive capacity decision on
// the pubsub (issue 6's own), daily, ramp, trend and real workloads, beside the hindsight lower
// bound on node-hours, as markdown tables with the goal verdicts.
//   node dist/sim/scaling/report.js [--forecaster onnx|seasonal-naive] [--scenarios a,b] [--copy-mb-per-s N] [--out FILE]
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Forecaster } from '../forecaster.js';
import { createForecaster, DEFAULT_FORECASTER, FORECASTERS } from '../forecasters.js';
import { DEFAULT_RETIRE_UTILISATION, DEFAULT_TARGET_UTILISATION, type CapacityConfig } from '../../core/capacity/config.js';
import { Predictive, Reactive, reactiveSweep, StaticPeak, type ReactiveOptions } from './autoscalers.js';
import { oracleNodeHours, type OracleResult } from './oracle.js';
import { SCALING_SCENARIOS } from './scenarios.js';
import { DEFAULT_PROVISION_INTERVALS, DEFAULT_SCALING_COPY_BYTES_PER_S, peakNodes, simulateScaling, type ScalingMetrics, type ScalingParams, type ScalingWorkload } from './scaling-sim.js';
import { scalingWorkload } from './workload.js';

/** Workloads of the report: issue 6's pub/sub topics first, then daily cycles, flash crowds that ramp, growth, the real series. */
export const REPORT_SCENARIOS: readonly string[] = Object.freeze(['pubsub', 'daily', 'ramp', 'trend', 'real']);
/** One interval of the workloads is an hour (their season is 24). */
export const DEFAULT_STEP_MS = 3_600_000;

/** Bytes one copy moves per interval at `bytesPerS` (intervals of `stepMs`). */
export function bandwidthPerInterval(bytesPerS: number, stepMs = DEFAULT_STEP_MS): number {
  return bytesPerS * (stepMs / 1000);
}

/** The report's mechanics: copies at the live copy rate, a one-interval provisioning delay, the shared rebalancer at the capacity core's target utilisation. */
export const DEFAULT_SCALING_PARAMS: Readonly<ScalingParams> = Object.freeze({
  provisionIntervals: DEFAULT_PROVISION_INTERVALS,
  bandwidth: bandwidthPerInterval(DEFAULT_SCALING_COPY_BYTES_PER_S),
  rebalanceAbove: DEFAULT_TARGET_UTILISATION,
});
/** Goal: predictive's overloaded node-intervals at most this share of reactive's. */
export const GOAL_OVERLOAD_RATIO = 0.5;
/** Goal: predictive's node-hours at most this share of static peak provisioning's. */
export const GOAL_NODE_HOURS_RATIO = 0.6;

export interface PolicyResult {
  policy: string;
  metrics: ScalingMetrics;
}

export interface ScenarioResult {
  scenario: string;
  staticNodes: number;
  initialNodes: number;
  staticPeak: PolicyResult;
  /** Fewest overloaded node-intervals among settings within the node-hours budget of the goal (else overall). */
  reactive: PolicyResult & { withinBudget: boolean };
  /** Fewest overloaded node-intervals at any cost. */
  reactiveMinOverload: PolicyResult;
  predictive: PolicyResult;
  /** How often each decision reason of the capacity core came up, over the run. */
  predictiveReasons: Record<string, number>;
  /** Hindsight lower bound on node-hours (no mechanics). */
  oracle: OracleResult & { peakNodes: number };
  sweep: { opts: ReactiveOptions; metrics: ScalingMetrics }[];
}

const better = (a: ScalingMetrics, b: ScalingMetrics) =>
  a.overloadedNodeIntervals - b.overloadedNodeIntervals || a.overloadExcessOps - b.overloadExcessOps || a.nodeIntervals - b.nodeIntervals;

export async function runScenario(w: ScalingWorkload, forecaster: Forecaster, params: ScalingParams = DEFAULT_SCALING_PARAMS, stepMs = DEFAULT_STEP_MS, predictiveConfig?: Partial<CapacityConfig>): Promise<ScenarioResult> {
  // Static: the fewest nodes whose usable capacity (the capacity core's target utilisation) holds the peak.
  const staticNodes = peakNodes(w, DEFAULT_TARGET_UTILISATION);
  const first: ScalingWorkload = { ...w, loads: w.loads.map((r) => r.subarray(0, 1)) };
  const initialNodes = peakNodes(first, DEFAULT_TARGET_UTILISATION);
  const st = await simulateScaling(w, staticNodes, new StaticPeak(), params);
  const sweep: ScenarioResult['sweep'] = [];
  for (const opts of reactiveSweep()) sweep.push({ opts, metrics: await simulateScaling(w, initialNodes, new Reactive(opts), params) });
  const budget = GOAL_NODE_HOURS_RATIO * st.nodeIntervals;
  const inBudget = sweep.filter((s) => s.metrics.nodeIntervals <= budget).sort((a, b) => better(a.metrics, b.metrics));
  const all = [...sweep].sort((a, b) => better(a.metrics, b.metrics));
  const pick = inBudget[0] ?? all[0]!;
  const pr = new Predictive({ forecaster, stepMs, provisionIntervals: params.provisionIntervals, bandwidth: params.bandwidth, config: predictiveConfig });
  const pm = await simulateScaling(w, initialNodes, pr, params);
  const rname = (o: ReactiveOptions) => new Reactive(o).name;
  const oracle = oracleNodeHours(w, DEFAULT_TARGET_UTILISATION);
  return {
    scenario: w.name,
    staticNodes,
    initialNodes,
    staticPeak: { policy: `static-peak (${staticNodes} nodes)`, metrics: st },
    reactive: { policy: rname(pick.opts), metrics: pick.metrics, withinBudget: inBudget.length > 0 },
    reactiveMinOverload: { policy: rname(all[0]!.opts), metrics: all[0]!.metrics },
    predictive: { policy: pr.name, metrics: pm },
    predictiveReasons: { ...pr.reasons },
    oracle: { ...oracle, peakNodes: Math.max(...oracle.nodesPerInterval) },
    sweep,
  };
}

const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : a > 0 ? 'inf' : '-');

function row(label: string, m: ScalingMetrics, st: ScalingMetrics): string {
  return `| ${label} | ${m.nodeIntervals} | ${pct(m.nodeIntervals, st.nodeIntervals)} | ${m.overloadedNodeIntervals} | ${Math.round(m.overloadExcessOps)} | ${m.provisionActions} / ${m.retireActions} | ${m.peakNodes} | ${m.moves} |`;
}

export function verdict(r: ScenarioResult): { overload: boolean; hours: boolean; text: string } {
  const p = r.predictive.metrics;
  const re = r.reactive.metrics;
  const st = r.staticPeak.metrics;
  const overload = p.overloadedNodeIntervals <= GOAL_OVERLOAD_RATIO * re.overloadedNodeIntervals && (re.overloadedNodeIntervals > 0 || p.overloadedNodeIntervals === 0);
  const hours = p.nodeIntervals <= GOAL_NODE_HOURS_RATIO * st.nodeIntervals;
  const text =
    `overload goal (<= ${GOAL_OVERLOAD_RATIO * 100}% of reactive's ${re.overloadedNodeIntervals}): predictive ${p.overloadedNodeIntervals} = ${pct(p.overloadedNodeIntervals, re.overloadedNodeIntervals)} — **${overload ? 'met' : 'missed'}**; ` +
    `node-hours goal (<= ${GOAL_NODE_HOURS_RATIO * 100}% of static's ${st.nodeIntervals}): predictive ${p.nodeIntervals} = ${pct(p.nodeIntervals, st.nodeIntervals)} — **${hours ? 'met' : 'missed'}**`;
  return { overload, hours, text };
}

export function markdown(results: ScenarioResult[], forecaster: Forecaster, params: ScalingParams, retireUtilisation = DEFAULT_RETIRE_UTILISATION): string {
  const out: string[] = [];
  const mbs = Number((params.bandwidth / (DEFAULT_STEP_MS / 1000) / 1e6).toPrecision(4));
  out.push(`Forecaster: **${forecaster.name}${forecaster.version ? ` ${forecaster.version}` : ''}**. Provisioning delay ${params.provisionIntervals} interval(s); copy ${mbs} MB/s per copy = ${Math.round(params.bandwidth / 2 ** 20)} MiB per interval (a copy takes at least one interval); shared rebalancer above ${params.rebalanceAbove !== undefined ? `${params.rebalanceAbove * 100}%` : 'off'}. One interval = one node-hour per node. Predictive retire line ${retireUtilisation}${retireUtilisation === DEFAULT_RETIRE_UTILISATION ? ' (the core default)' : ''}. Reactive: HPA rule swept over target x k x window (${reactiveSweep().length} settings); the row reported is the setting with the fewest overloaded node-intervals among those using at most ${GOAL_NODE_HOURS_RATIO * 100}% of static's node-hours (the goal's budget), the next row the fewest overloaded at any cost. Oracle: in every interval, ceil(total load / (capacity x ${DEFAULT_TARGET_UTILISATION})) nodes, known in advance, no provisioning delay and no copies (a hindsight lower bound on node-hours); its overload column is the floor for every policy: microshard-intervals in which one microshard alone exceeds a node's capacity (no policy here splits).`);
  out.push('');
  const tot = { st: 0, stO: 0, re: 0, reO: 0, pr: 0, prO: 0, rm: 0, rmO: 0, or: 0, orO: 0 };
  for (const r of results) {
    const st = r.staticPeak.metrics;
    out.push(`#### ${r.scenario} (${st.intervals} intervals; static ${r.staticNodes} nodes, autoscalers start at ${r.initialNodes})`);
    out.push('');
    out.push('| policy | node-hours | vs static | overloaded node-intervals | overload excess (ops) | scale actions (out / in) | peak nodes | moves |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
    out.push(row(r.staticPeak.policy, st, st));
    out.push(row(`${r.reactive.policy}${r.reactive.withinBudget ? '' : ' (none within budget)'}`, r.reactive.metrics, st));
    out.push(row(`${r.reactiveMinOverload.policy}, fewest overloaded at any cost`, r.reactiveMinOverload.metrics, st));
    out.push(row(r.predictive.policy, r.predictive.metrics, st));
    out.push(`| oracle (hindsight, no moves) | ${r.oracle.nodeIntervals} | ${pct(r.oracle.nodeIntervals, st.nodeIntervals)} | >= ${r.oracle.unavoidableOverloads} | - | - | ${r.oracle.peakNodes} | - |`);
    out.push('');
    out.push(`Goals: ${verdict(r).text}.`);
    out.push('');
    const reasons = Object.entries(r.predictiveReasons).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    out.push(`Predictive decisions (capacity core reasons, rounds): ${reasons.map(([k, n]) => `${k} ${n}`).join(', ')}.`);
    out.push('');
    tot.st += st.nodeIntervals;
    tot.stO += st.overloadedNodeIntervals;
    tot.re += r.reactive.metrics.nodeIntervals;
    tot.reO += r.reactive.metrics.overloadedNodeIntervals;
    tot.rm += r.reactiveMinOverload.metrics.nodeIntervals;
    tot.rmO += r.reactiveMinOverload.metrics.overloadedNodeIntervals;
    tot.pr += r.predictive.metrics.nodeIntervals;
    tot.prO += r.predictive.metrics.overloadedNodeIntervals;
    tot.or += r.oracle.nodeIntervals;
    tot.orO += r.oracle.unavoidableOverloads;
  }
  out.push('#### All scenarios together');
  out.push('');
  out.push('| policy | node-hours | vs static | overloaded node-intervals |');
  out.push('|---|---:|---:|---:|');
  out.push(`| static-peak | ${tot.st} | 100.0% | ${tot.stO} |`);
  out.push(`| reactive (best within budget, per scenario) | ${tot.re} | ${pct(tot.re, tot.st)} | ${tot.reO} |`);
  out.push(`| reactive (fewest overloaded, per scenario) | ${tot.rm} | ${pct(tot.rm, tot.st)} | ${tot.rmO} |`);
  out.push(`| predictive | ${tot.pr} | ${pct(tot.pr, tot.st)} | ${tot.prO} |`);
  out.push(`| oracle (hindsight, no moves) | ${tot.or} | ${pct(tot.or, tot.st)} | >= ${tot.orO} |`);
  out.push('');
  out.push(`Together: predictive overloaded ${tot.prO} vs reactive ${tot.reO} (${pct(tot.prO, tot.reO)}, goal <= 50%: **${tot.prO <= GOAL_OVERLOAD_RATIO * tot.reO ? 'met' : 'missed'}**); node-hours ${pct(tot.pr, tot.st)} of static (goal <= 60%: **${tot.pr <= GOAL_NODE_HOURS_RATIO * tot.st ? 'met' : 'missed'}**).`);
  return out.join('\n') + '\n';
}

export interface ReportArgs {
  forecaster: string;
  out?: string;
  scenarios: string[];
  /** Copy rate of one move, bytes per second. */
  copyBytesPerS: number;
  /** The predictive policy's retire line (capacity core retireUtilisation); undefined: the core's default. */
  retireUtilisation?: number;
}

const FLAGS = ['--forecaster', '--out', '--scenarios', '--copy-mb-per-s', '--retire-utilisation'];

/** The report's command line; throws an Error naming the flag on bad input. */
export function parseReportArgs(argv: string[]): ReportArgs {
  const a: ReportArgs = { forecaster: DEFAULT_FORECASTER, out: undefined, scenarios: [...REPORT_SCENARIOS], copyBytesPerS: DEFAULT_SCALING_COPY_BYTES_PER_S };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i]!;
    const v = argv[i + 1];
    if (!FLAGS.includes(f)) throw new Error(`unknown flag ${f} (known: ${FLAGS.join(', ')})`);
    if (v === undefined || v.startsWith('--')) throw new Error(`flag ${f} needs a value`);
    if (f === '--forecaster') {
      if (!FORECASTERS[v]) throw new Error(`--forecaster: unknown forecaster "${v}" (known: ${Object.keys(FORECASTERS).join(', ')})`);
      a.forecaster = v;
    } else if (f === '--out') a.out = v;
    else if (f === '--scenarios') {
      a.scenarios = v.split(',');
      for (const s of a.scenarios) if (!SCALING_SCENARIOS[s]) throw new Error(`--scenarios: unknown scenario "${s}" (known: ${Object.keys(SCALING_SCENARIOS).join(', ')})`);
    } else if (f === '--retire-utilisation') {
      const n = v.trim() === '' ? NaN : Number(v);
      if (!Number.isFinite(n) || n <= 0 || n >= DEFAULT_TARGET_UTILISATION) throw new Error(`--retire-utilisation: expected a number above 0 and below the target utilisation ${DEFAULT_TARGET_UTILISATION}, got "${v}"`);
      a.retireUtilisation = n;
    } else {
      const n = v.trim() === '' ? NaN : Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`--copy-mb-per-s: expected a positive number of MB/s (1 MB = 10^6 bytes), got "${v}"`);
      a.copyBytesPerS = n * 1e6;
    }
    i++;
  }
  return a;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseReportArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`sim:scaling: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const forecaster = await createForecaster(args.forecaster);
  const params: ScalingParams = { ...DEFAULT_SCALING_PARAMS, bandwidth: bandwidthPerInterval(args.copyBytesPerS) };
  try {
    const results: ScenarioResult[] = [];
    for (const s of args.scenarios) {
      const t0 = Date.now();
      results.push(await runScenario(scalingWorkload(SCALING_SCENARIOS[s]!()), forecaster, params, DEFAULT_STEP_MS, args.retireUtilisation !== undefined ? { retireUtilisation: args.retireUtilisation } : undefined));
      process.stderr.write(`${s}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    }
    const md = markdown(results, forecaster, params, args.retireUtilisation);
    if (args.out) writeFileSync(args.out, md);
    process.stdout.write(md);
  } finally {
    await forecaster.close?.();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    process.stderr.write(`sim:scaling: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
