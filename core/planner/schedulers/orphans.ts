// Orphan checker: a microshard whose owner is gone is re-owned on the bidder with the best net
// gain (load served again vs overload added and churn), or left to wait under orphan policy
// "await". A re-own is an `assign` step: there is no live copy to move.
import type { Scheduler } from './scheduler.js';
import type { PlanContext } from '../context.js';
import { over } from '../context.js';
import type { CostBreakdown, GainBreakdown } from '../operator.js';
import { totalCost, totalGain, ZERO_COST, ZERO_GAIN } from '../operator.js';
import type { Bid } from '../snapshot.js';
import { addAt, loadWith, refresh } from '../state.js';
import { award } from '../bidding.js';
import { isOrphan } from '../candidates.js';

export const orphanChecker: Scheduler = {
  name: 'orphans',
  kind: 'checker',
  run(ctx: PlanContext): void {
    for (const ms of ctx.state.ms) {
      if (!ms.alive || !isOrphan(ctx.state, ms)) continue;
      if (ctx.cfg.orphanPolicy === 'await') {
        ctx.record({ subject: { microshard: ms.id }, outcome: 'no-action', candidate: 'orphaned', because: `orphan policy "await": waiting for ${ms.owner} to return`, inputs: { owner: ms.owner } });
        continue;
      }
      const { bids } = ctx.bidsFor(ms);
      const price = (bid: Bid) => {
        const to = ctx.state.nodeById.get(bid.node);
        if (!to) return undefined;
        let served = 0;
        let added = 0;
        for (let k = 0; k < ctx.state.horizon; k++) {
          served += ms.p90[k]!;
          added += over(loadWith(to, ms, k, 1), to.capacity) - over(to.profile[k]!, to.capacity);
        }
        const gain: GainBreakdown = { ...ZERO_GAIN, other: ctx.cfg.overloadWeight * served };
        const cost: CostBreakdown = { ...ZERO_COST, copyLoad: ctx.cfg.overloadWeight * added, churn: ctx.cfg.churnPenalty * to.capacity };
        return { gain, cost, net: totalGain(gain) - totalCost(cost), to };
      };
      const r = award(bids, price, ctx.cfg.bidsPriced);
      if (!r.evaluation || r.evaluation.net <= 0 || !ctx.budgetLeft()) {
        ctx.record({ subject: { microshard: ms.id }, outcome: 'no-action', candidate: 'orphaned', because: !ctx.budgetLeft() ? 'operator budget for this round spent' : r.because ?? 'no bidder gains more than it costs', inputs: { owner: ms.owner, best: r.evaluation && { to: r.evaluation.to.id, net: r.evaluation.net } } });
        continue;
      }
      const to = r.evaluation.to;
      for (let k = 0; k < ctx.state.horizon; k++) addAt(to, ms, k, 1, 0);
      refresh(to);
      to.microshards.add(ms);
      to.version++;
      to.bytes += ms.bytes;
      const prev = ms.owner;
      ms.owner = to.id;
      ms.busy = true;
      const op = ctx.emit('move', 'orphaned', `owner ${prev} gone: re-own on ${to.id}`, [{ kind: 'assign', microshard: ms.id, from: prev, to: to.id }], r.evaluation.gain, r.evaluation.cost, { owner: prev, to: to.id, bid: r.winner, p90Peak: ms.peak });
      ctx.record({ subject: { microshard: ms.id, node: to.id }, outcome: 'decision', candidate: 'orphaned', because: op.detail, operator: op.id, inputs: op.inputs });
    }
  },
};
