// Predictive with and without the anomaly rule (the live leader's: an anomalous microshard is
// planned on max(observed, forecast) with a widened band), over the scenarios named (default:
// surprise, the one with unannounced spikes, drops and level shifts, plus hotspot and ramp),
// as a markdown table for sim/README.md ("Anomalies").
//   node dist/sim/anomaly-report.js [scenario ...]
import { fileURLToPath } from 'node:url';
import { compare } from './compare.js';
import { simConfig } from './config.js';
import { createForecaster } from './forecasters.js';
import { DEFAULT_SIM_ANOMALIES } from './controllers.js';
import { SCENARIOS, traceOf, type Scenario } from './workloads/index.js';
import { atStart } from './report.js';
import type { SimMetrics } from './metrics.js';
import { DEFAULT_ANOMALY_BAND_WIDEN } from '../core/anomaly/planner-load.js';

export const DEFAULT_ANOMALY_SCENARIOS = ['surprise', 'hotspot', 'ramp'];

const GiB = 2 ** 30;
const cell = (m: SimMetrics | undefined) => (m ? `${m.overloaded_node_intervals} (${atStart(m)}) | ${Math.round(m.overload_excess_ops)} | ${(m.bytes_moved / GiB).toFixed(1)} | ${m.splits} | ${m.thrash}` : '- | - | - | - | -');

export async function anomalyReport(names: readonly string[]): Promise<string> {
  for (const n of names) if (!SCENARIOS[n]) throw new Error(`unknown scenario "${n}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
  const forecaster = await createForecaster();
  const out = [
    `Anomaly rule: probation ${DEFAULT_SIM_ANOMALIES.probation} intervals (a new microshard learns its history first), smallest change ${DEFAULT_SIM_ANOMALIES.minDeltaFraction * 100}% of a node; as live, the band is widened to p90 >= ${1 + DEFAULT_ANOMALY_BAND_WIDEN} x p50. Forecaster ${forecaster.name}${forecaster.version ? ` ${forecaster.version}` : ''}.`,
    '',
    '| scenario | policy | overloaded node-intervals (at t = 0) | excess ops | GiB moved | splits | thrash |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  try {
    for (const name of names) {
      const s: Scenario = SCENARIOS[name]!();
      const cfg = simConfig({ nodes: s.nodes, capacity: s.capacity, microshards: s.microshards, season: s.season });
      const variants = [
        { label: 'live', forecaster, skill: true, anomalies: DEFAULT_SIM_ANOMALIES },
        { label: 'above-band', forecaster, skill: true, anomalies: { ...DEFAULT_SIM_ANOMALIES, rule: 'above-band' as const, widen: 0 } },
      ];
      const r = await compare(traceOf(s), cfg, { forecaster, policies: ['static', 'predictive', 'oracle'], variants });
      const rows = [
        ['static', r.policies.static],
        ['predictive', r.policies.predictive],
        ['predictive + anomaly rule as live (until the episode clears, band widened)', r.variants['live']],
        ['predictive + anomaly rule, only intervals above the band, no widening', r.variants['above-band']],
        ['oracle', r.policies.oracle],
      ] as const;
      for (const [label, m] of rows) out.push(`| ${name} | ${label} | ${cell(m)} |`);
      process.stderr.write(`${name} done\n`);
    }
  } finally {
    await forecaster.close?.();
  }
  return out.join('\n') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const names = process.argv.slice(2);
  process.stdout.write(await anomalyReport(names.length ? names : DEFAULT_ANOMALY_SCENARIOS));
}
