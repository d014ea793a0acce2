// Merge checker: two adjacent microshards cold over the whole horizon merge when the overhead
// saved beats the merge's churn (and, when they live on different nodes, the cost of moving the
// right one to the left's node first: that operator is move-then-merge).
import type { Scheduler } from './scheduler.js';
import type { PlanContext } from '../context.js';
import { round3 } from '../context.js';
import type { CostBreakdown, GainBreakdown, OperatorStep } from '../operator.js';
import { totalCost, totalGain, ZERO_COST, ZERO_GAIN } from '../operator.js';
import type { MsState } from '../state.js';
import { allocateId, compact, peakOf } from '../state.js';
import { applyMove, evaluateMove } from '../cost.js';
import { whyNotCold, whyNotMergeable } from '../merge.js';
import { moveLimitReason } from '../stability.js';

function sumRegions(a: Readonly<Record<string, number>> | undefined, b: Readonly<Record<string, number>> | undefined): Record<string, number> {
  const out: Record<string, number> = { ...(a ?? {}) };
  for (const [k, v] of Object.entries(b ?? {})) out[k] = (out[k] ?? 0) + v;
  return out;
}

export const mergeChecker: Scheduler = {
  name: 'merges',
  kind: 'checker',
  run(ctx: PlanContext): void {
    const list = ctx.state.ms;
    const n = list.length;
    for (let i = 0; i < n; i++) {
      const left = list[i]!;
      if (!left.alive || whyNotCold(ctx.state, left)) continue;
      const right = i + 1 < n ? list[i + 1] : undefined;
      const inputs = { p90Peak: round3(left.peak), owner: left.owner, age: ctx.state.now - left.createdAt };
      if (!right) {
        ctx.record({ subject: { microshard: left.id }, outcome: 'no-action', candidate: 'cold', because: 'last microshard of the keyspace: its left neighbour decides', inputs });
        continue;
      }
      const why = whyNotMergeable(ctx.state, left, right);
      if (why) {
        ctx.record({ subject: { microshard: left.id }, outcome: 'no-action', candidate: 'cold', because: `with ${right.id}: ${why}`, inputs });
        continue;
      }
      if (!ctx.budgetLeft()) {
        ctx.record({ subject: { microshard: left.id }, outcome: 'no-action', candidate: 'cold', because: 'operator budget for this round spent', inputs });
        continue;
      }
      const node = ctx.state.nodeById.get(left.owner)!;
      const saved = ctx.cfg.microshardOverhead * node.capacity * ctx.state.horizon;
      const gain: GainBreakdown = { ...ZERO_GAIN, other: saved };
      let cost: CostBreakdown = { ...ZERO_COST, churn: ctx.cfg.mergeCost * node.capacity };
      const steps: OperatorStep[] = [];
      if (right.owner !== left.owner) {
        // Different nodes: the right one moves to the left's node first, then they merge.
        const from = ctx.state.nodeById.get(right.owner)!;
        const limit = moveLimitReason(right, from, node, ctx.state.now, ctx.cfg);
        if (limit) {
          ctx.record({ subject: { microshard: left.id }, outcome: 'no-action', candidate: 'cold', because: `with ${right.id} on ${from.id}: ${limit}`, inputs });
          continue;
        }
        const e = evaluateMove(ctx.state, right, from, node, ctx.policy);
        cost = { bytes: e.cost.bytes, copyLoad: e.cost.copyLoad, churn: e.cost.churn + cost.churn };
        steps.push({ kind: 'move', microshard: right.id, from: from.id, to: node.id, bytes: right.bytes, intervals: e.intervals });
        if (totalGain(gain) <= totalCost(cost)) {
          ctx.record({ subject: { microshard: left.id }, outcome: 'no-action', candidate: 'cold', because: `with ${right.id} on ${from.id}: moving it first costs ${totalCost(cost).toFixed(1)} >= overhead saved ${saved.toFixed(1)}`, inputs });
          continue;
        }
        applyMove(ctx.state, right, from, node, e.intervals);
      } else if (totalGain(gain) <= totalCost(cost)) {
        ctx.record({ subject: { microshard: left.id }, outcome: 'no-action', candidate: 'cold', because: `overhead saved ${saved.toFixed(1)} <= merge cost ${totalCost(cost).toFixed(1)}`, inputs });
        continue;
      }
      const into = allocateId(ctx.state);
      const p90 = new Float64Array(ctx.state.horizon);
      const p50 = new Float64Array(ctx.state.horizon);
      for (let k = 0; k < ctx.state.horizon; k++) {
        p90[k] = left.p90[k]! + right.p90[k]!;
        p50[k] = left.p50[k]! + right.p50[k]!;
      }
      const merged: MsState = {
        id: into,
        start: left.start,
        end: right.end,
        owner: node.id,
        bytes: left.bytes + right.bytes,
        load: left.load + right.load,
        p50,
        p90,
        peak: peakOf(p90),
        busy: steps.length > 0,
        createdAt: ctx.state.now + 1,
        lastMove: left.lastMove,
        histogram: left.histogram && right.histogram ? { edges: [...left.histogram.edges, ...right.histogram.edges.slice(1)], counts: [...left.histogram.counts, ...right.histogram.counts] } : undefined,
        coAccess: [...(left.coAccess ?? []), ...(right.coAccess ?? [])].filter((p) => p.partner !== left.id && p.partner !== right.id),
        regions: left.regions || right.regions ? sumRegions(left.regions, right.regions) : undefined,
        regionTotal: left.regionTotal + right.regionTotal,
        skill: undefined,
        alive: true,
      };
      left.alive = false;
      right.alive = false;
      node.microshards.delete(left);
      node.microshards.delete(right);
      node.microshards.add(merged);
      node.version++;
      ctx.state.byId.set(into, merged);
      list.push(merged);
      steps.push({ kind: 'merge', left: left.id, right: right.id, into });
      const op = ctx.emit('merge', 'cold', `cold over the horizon (peaks ${left.peak.toFixed(1)}, ${right.peak.toFixed(1)} < ${(ctx.cfg.mergeThreshold * node.capacity).toFixed(1)})${steps.length > 1 ? `, ${right.id} moves to ${node.id} first` : ''}`, steps, gain, cost, { ...inputs, right: right.id, rightPeak: round3(right.peak) });
      ctx.record({ subject: { microshard: left.id, node: node.id }, outcome: 'decision', candidate: 'cold', because: op.detail, operator: op.id, inputs: op.inputs });
      i++;
    }
    compact(ctx.state);
  },
};
