// Development aid: runs scenarios and prints the headline figures (never touches the README).
//   node dist/sim/experiment.js [scenario ...] [--goal] [--seeds 0,10,20] [--policy NAME] [--forecaster NAME]
// --goal runs every goal scenario; --seeds offsets each scenario's own seed (0 = its default).
// POLICIES=predictive,oracle limits the contenders; SWEEP=1 prints the reactive sweep.
import { SCENARIOS, traceOf, type Scenario } from './workloads/index.js';
import { compare } from './compare.js';
import { simConfig } from './config.js';
import { createForecaster } from './forecasters.js';
import type { PolicyName } from './controllers.js';

const SEEDS: Record<string, number> = { daily: 1, ramp: 2, trend: 3, hotspot: 4, zipf: 5, coaccess: 6, real: 7 };
const args = process.argv.slice(2);
const take = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const plannerPolicy = take('--policy');
const forecasterName = take('--forecaster');
const seeds = (take('--seeds') ?? '0').split(',').map(Number);
const goal = args.includes('--goal');
const predictiveSkill = !args.includes('--no-skill');
const names = goal ? Object.keys(SCENARIOS).filter((n) => SCENARIOS[n]!().goal) : args.filter((a) => !a.startsWith('--'));
const forecaster = await createForecaster(forecasterName);
const totals: Record<string, { o: number; b: number; th: number; runs: number }> = {};
for (const name of names.length > 0 ? names : Object.keys(SCENARIOS)) {
  for (const off of seeds) {
    const make = SCENARIOS[name] as (seed?: number) => Scenario;
    const s = make((SEEDS[name] ?? 0) + off);
    const t0 = performance.now();
    const trace = traceOf(s);
    const cfg = simConfig({ nodes: s.nodes, capacity: s.capacity, microshards: s.microshards, season: s.season, planner: process.env.PLANNER ? JSON.parse(process.env.PLANNER) : undefined });
    const r = await compare(trace, cfg, { forecaster, plannerPolicy, predictiveSkill, policies: (process.env.POLICIES?.split(',') as PolicyName[]) ?? undefined });
    console.log(`== ${name} seed ${(SEEDS[name] ?? 0) + off} (${trace.rowCount} rows, ${((performance.now() - t0) / 1000).toFixed(1)} s) reactive best ${JSON.stringify(r.reactiveBest)}`);
    for (const [p, m] of Object.entries(r.policies)) {
      const tt = (totals[p] ??= { o: 0, b: 0, th: 0, runs: 0 });
      tt.o += m.overloaded_node_intervals;
      tt.b += m.bytes_moved;
      tt.th += m.thrash;
      tt.runs++;
      console.log(`${p.padEnd(11)} over ${String(m.overloaded_node_intervals).padStart(5)} excess ${m.overload_excess_ops.toFixed(0).padStart(9)} copyOver ${String(m.overloaded_with_copy).padStart(5)} mm50 ${m.max_mean_p50.toFixed(2)} mm99 ${m.max_mean_p99.toFixed(2)} moves ${String(m.moves).padStart(4)} GiB ${(m.bytes_moved / 2 ** 30).toFixed(1).padStart(6)} splits ${m.splits} merges ${m.merges} thrash ${m.thrash} cross ${m.cross_node_group_fraction.toFixed(3)} ms99 ${m.decision_ms_p99.toFixed(1)} rej ${m.rejected_steps} sw ${m.policy_switches}${process.env.AT ? ` at [${m.overloaded_at.join(',')}]` : ''}${m.forecaster ? ` fc ${m.forecaster.version ?? m.forecaster.name} ${JSON.stringify(m.forecaster.methods)}` : ''}`);
    }
    if (process.env.SWEEP) for (const row of r.reactiveSweep) console.log(`  sweep ${JSON.stringify(row.settings)} over ${row.metrics.overloaded_node_intervals} moves ${row.metrics.moves} GiB ${(row.metrics.bytes_moved / 2 ** 30).toFixed(1)} thrash ${row.metrics.thrash}`);
  }
}
console.log('== totals');
for (const [p, tt] of Object.entries(totals)) console.log(`${p.padEnd(11)} over ${tt.o} GiB ${(tt.b / 2 ** 30).toFixed(1)} thrash ${tt.th} (${tt.runs} runs)`);
await forecaster.close?.();
