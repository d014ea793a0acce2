// Development aid: runs scenarios and prints the headline figures.
//   node dist/sim/experiment.js [scenario ...] [--policy NAME]
import { SCENARIOS, traceOf } from './workloads/index.js';
import { compare } from './compare.js';
import { simConfig } from './config.js';
import { createForecaster } from './forecaster.js';
import type { PolicyName } from './controllers.js';

const args = process.argv.slice(2);
const pi = args.indexOf('--policy');
const plannerPolicy = pi >= 0 ? args.splice(pi, 2)[1] : undefined;
const names = args.length > 0 ? args : Object.keys(SCENARIOS);
const forecaster = await createForecaster();
for (const name of names) {
  const s = SCENARIOS[name]!();
  const t0 = performance.now();
  const trace = traceOf(s);
  const cfg = simConfig({ nodes: s.nodes, capacity: s.capacity, microshards: s.microshards, season: s.season });
  const r = await compare(trace, cfg, { forecaster, plannerPolicy, policies: (process.env.POLICIES?.split(',') as PolicyName[]) ?? undefined });
  console.log(`== ${name} (${trace.rowCount} rows, ${((performance.now() - t0) / 1000).toFixed(1)} s) reactive best ${JSON.stringify(r.reactiveBest)}`);
  for (const [p, m] of Object.entries(r.policies)) {
    console.log(`${p.padEnd(11)} over ${String(m.overloaded_node_intervals).padStart(5)} excess ${m.overload_excess_ops.toFixed(0).padStart(9)} copyOver ${String(m.overloaded_with_copy).padStart(5)} mm50 ${m.max_mean_p50.toFixed(2)} mm99 ${m.max_mean_p99.toFixed(2)} moves ${String(m.moves).padStart(4)} GiB ${(m.bytes_moved / 2 ** 30).toFixed(1).padStart(6)} splits ${m.splits} merges ${m.merges} thrash ${m.thrash} cross ${m.cross_node_group_fraction.toFixed(3)} ms99 ${m.decision_ms_p99.toFixed(1)} rej ${m.rejected_steps} sw ${m.policy_switches}`);
  }
  if (process.env.SWEEP) for (const row of r.reactiveSweep) console.log(`  sweep ${JSON.stringify(row.settings)} over ${row.metrics.overloaded_node_intervals} moves ${row.metrics.moves} GiB ${(row.metrics.bytes_moved / 2 ** 30).toFixed(1)} thrash ${row.metrics.thrash}`);
}
