// Balance scheduler: while the budget lasts, the worst source (predicted overload first, then
// the policy's imbalance) offers its hottest movable microshards at its bad steps; each is
// auctioned and priced through the cost function, and the best net gain moves when it clears
// the migration threshold and the trouble is near enough to start the copy now. A source with
// nothing worth moving is set aside for the rest of the pass.
import type { Scheduler } from './scheduler.js';
import type { PlanContext } from '../context.js';
import { round3 } from '../context.js';
import { totalCost, totalGain } from '../operator.js';
import type { Bid } from '../snapshot.js';
import type { MsState, NodeState } from '../state.js';
import { peakOf } from '../state.js';
import type { MoveEvaluation } from '../cost.js';
import { firstBadStep, sourceCandidate, whyNotMovable } from '../candidates.js';
import { bandAt } from '../../policies/band.js';
import { withinTolerance } from '../stability.js';

export const balanceScheduler: Scheduler = {
  name: 'moves',
  kind: 'scheduler',
  run(ctx: PlanContext): void {
    if (withinTolerance(ctx.state, ctx.policy)) {
      ctx.record({ subject: {}, outcome: 'no-action', candidate: 'balanced', because: `every node within tolerance ${ctx.cfg.balanceTolerance} and below capacity over the horizon`, inputs: { policy: ctx.policy.name } });
      return;
    }
    const exhausted = new Set<NodeState>();
    while (ctx.budgetLeft()) {
      let src: ReturnType<typeof sourceCandidate>;
      for (const n of ctx.state.nodes) {
        if (exhausted.has(n)) continue;
        const c = sourceCandidate(ctx.state, n, ctx.policy);
        if (c && (!src || c.severity > src.severity)) src = c;
      }
      if (!src) break;
      const from = src.node;
      const base = { overload: round3(src.overload), imbalance: round3(src.imbalance), peak: round3(peakOf(from.profile)), capacity: from.capacity, inFlight: from.inFlight };
      if (from.inFlight >= ctx.cfg.maxConcurrentPerNode) {
        exhausted.add(from);
        ctx.record({ subject: { node: from.id }, outcome: 'no-action', candidate: src.reason, because: `node has ${from.inFlight} migrations in flight (K = ${ctx.cfg.maxConcurrentPerNode})`, inputs: base });
        continue;
      }
      // The hottest movable microshards at the source's bad steps go up for auction.
      const offered: { ms: MsState; score: number }[] = [];
      let unmovable = 0;
      let unmovableWhy: string | undefined;
      for (const ms of from.microshards) {
        const why = whyNotMovable(ctx.state, ms);
        if (why) {
          unmovable++;
          unmovableWhy ??= `${ms.id}: ${why}`;
          continue;
        }
        const score = ctx.policy.offerScore(ctx.state, ms, from);
        if (score <= 0) continue;
        offered.push({ ms, score });
      }
      offered.sort((a, b) => b.score - a.score);
      offered.length = Math.min(offered.length, ctx.cfg.candidatesPerSource);
      // A load imbalance waits until its trouble is near enough to start the copy; one the policy
      // says is there now (remote accesses) is bad from step 0.
      const now = src.reason === 'imbalance' && ctx.policy.imbalanceNow?.(ctx.state, from) === true;
      const bad = now ? 0 : firstBadStep(ctx.state, from, src.reason, (k) => bandAt(ctx.state, from, k));
      // Such a move is never urgent, and copies are slow: it leaves each node a migration slot and
      // half its bytes budget, or overload that comes later finds them spent.
      const budget = ctx.cfg.nodeBytesBudgetPerInterval * ctx.cfg.budgetWindow;
      const spare = (n: NodeState, bytes: number) => n.inFlight + 1 < ctx.cfg.maxConcurrentPerNode && n.bytesInWindow + bytes <= budget / 2;
      let best: { ms: MsState; to: NodeState; e: MoveEvaluation; bid: Bid } | undefined;
      const tried: { ms: MsState; e?: MoveEvaluation; to?: NodeState; bid?: Bid; because?: string }[] = [];
      for (const { ms } of offered) {
        const r = ctx.auction(ms, from);
        const to = r.winner && ctx.state.nodeById.get(r.winner.node);
        let because = r.because;
        if (r.evaluation && !because) {
          const change = Math.max(r.evaluation.loadChange, from.bytes > 0 ? ms.bytes / from.bytes : 0);
          if (r.evaluation.net <= 0) because = `best bid (${to!.id}) gains ${totalGain(r.evaluation.gain).toFixed(1)} <= cost ${totalCost(r.evaluation.cost).toFixed(1)}`;
          else if (change < ctx.cfg.migrationThreshold) because = `predicted change ${(change * 100).toFixed(1)}% below migration threshold ${(ctx.cfg.migrationThreshold * 100).toFixed(1)}%`;
          else if (bad > r.evaluation.intervals + ctx.cfg.actionSlack) because = `not yet: trouble predicted ${bad + 1} intervals ahead, the copy takes ${r.evaluation.intervals}`;
          else if (now && (!spare(from, ms.bytes) || !spare(to!, ms.bytes))) because = `${ctx.policy.name} waits: it would leave ${spare(from, ms.bytes) ? to!.id : from.id} no spare migration slot or under half its bytes budget for overload`;
          else if (!best || r.evaluation.net > best.e.net) best = { ms, to: to!, e: r.evaluation, bid: r.winner! };
        }
        tried.push({ ms, e: r.evaluation, to, bid: r.winner, because });
      }
      if (best) {
        ctx.doMove(best.ms, from, best.to, best.e, best.bid, src.reason, src.reason === 'predicted-overload' ? 'predicted overload' : `${ctx.policy.name} imbalance`);
        for (const t of tried) {
          if (t.ms === best.ms || !t.because) continue;
          ctx.record({ subject: { microshard: t.ms.id, node: from.id }, outcome: 'no-action', candidate: src.reason, because: t.because, inputs: ctx.moveInputs(t.ms, from, t.to, t.e, t.bid) });
        }
        continue;
      }
      exhausted.add(from);
      if (tried.length === 0) {
        ctx.record({ subject: { node: from.id }, outcome: 'no-action', candidate: src.reason, because: unmovable > 0 ? `no movable microshard (${unmovable} unmovable, e.g. ${unmovableWhy})` : 'no microshard contributes at the bad steps', inputs: base });
      }
      for (const t of tried) {
        ctx.record({ subject: { microshard: t.ms.id, node: from.id }, outcome: 'no-action', candidate: src.reason, because: t.because ?? 'no better placement', inputs: { ...ctx.moveInputs(t.ms, from, t.to, t.e, t.bid), source: base } });
      }
    }
  },
};
