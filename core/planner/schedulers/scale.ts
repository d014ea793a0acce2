// Capacity scheduler: when the cluster's predicted p90 (means add, independent spreads add in
// quadrature) goes above the scale-up utilisation within the horizon, recommend adding nodes,
// if the load above the limit outweighs the nodes' cost. The scaling loop acts on it.
import type { Scheduler } from './scheduler.js';
import type { PlanContext } from '../context.js';
import { over, round3 } from '../context.js';
import type { CostBreakdown, GainBreakdown } from '../operator.js';
import { totalCost, totalGain, ZERO_COST, ZERO_GAIN } from '../operator.js';
import { p90Of } from '../profile.js';

export const scaleScheduler: Scheduler = {
  name: 'scale',
  kind: 'scheduler',
  run(ctx: PlanContext): void {
    const h = ctx.state.horizon;
    let totalCap = 0;
    for (const n of ctx.state.nodes) totalCap += n.capacity;
    if (ctx.state.nodes.length === 0) return;
    const avgCap = totalCap / ctx.state.nodes.length;
    let excess = 0;
    let peak = 0;
    for (let k = 0; k < h; k++) {
      // Cluster p90: means add, independent spreads add in quadrature.
      let mean = 0;
      let spread = 0;
      for (const n of ctx.state.nodes) {
        mean += n.mean[k]!;
        spread += n.spread[k]!;
      }
      const total = p90Of(mean, spread);
      peak = Math.max(peak, total);
      excess += over(total, ctx.cfg.scaleUpUtilisation * totalCap);
    }
    if (excess <= 0) return;
    const count = Math.max(1, Math.ceil(peak / (avgCap * ctx.cfg.scaleUpUtilisation)) - ctx.state.nodes.length);
    const gain: GainBreakdown = { ...ZERO_GAIN, other: ctx.cfg.overloadWeight * excess };
    const cost: CostBreakdown = { ...ZERO_COST, churn: ctx.cfg.nodeCost * avgCap * h * count };
    const inputs = { peakClusterLoad: round3(peak), totalCapacity: totalCap, utilisationLimit: ctx.cfg.scaleUpUtilisation, count };
    if (totalGain(gain) <= totalCost(cost) || !ctx.budgetLeft()) {
      ctx.record({ subject: {}, outcome: 'no-action', candidate: 'cluster-capacity', because: !ctx.budgetLeft() ? 'operator budget for this round spent' : `adding ${count} node(s) costs ${totalCost(cost).toFixed(1)} >= load above the limit ${excess.toFixed(1)}`, inputs });
      return;
    }
    const op = ctx.emit('scale', 'cluster-capacity', `predicted cluster peak ${peak.toFixed(1)} > ${(ctx.cfg.scaleUpUtilisation * 100).toFixed(0)}% of capacity ${totalCap}: add ${count} node(s)`, [{ kind: 'add-nodes', count }], gain, cost, inputs);
    ctx.record({ subject: {}, outcome: 'decision', candidate: 'cluster-capacity', because: op.detail, operator: op.id, inputs });
  },
};
