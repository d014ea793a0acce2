// Split checker: a microshard predicted hot (p90 above the split threshold) or oversize is cut
// where its access histogram balances the halves, or, when one hot key dominates and the
// microshard is too big to move whole in one interval, around that key. A split pays when its
// gain (overload avoided, or copy time saved) beats its churn; the new pieces then go up for
// auction and the better one moves when that pays too.
import type { Scheduler } from './scheduler.js';
import type { PlanContext } from '../context.js';
import { over, round3 } from '../context.js';
import type { CostBreakdown, GainBreakdown, OperatorStep } from '../operator.js';
import { totalCost, totalGain, ZERO_COST, ZERO_GAIN } from '../operator.js';
import type { AccessHistogram } from '../snapshot.js';
import type { MsState, NodeState } from '../state.js';
import { allocateId, compact, peakOf } from '../state.js';
import { firstBadStep, splitCandidate, whyNotSplittable } from '../candidates.js';
import { bandAt } from '../../policies/band.js';
import { chooseIsolatingSplit, chooseSplitPoint } from '../split.js';

function subHistogram(h: AccessHistogram | undefined, lo: bigint, hi: bigint): AccessHistogram | undefined {
  if (!h) return undefined;
  const edges: bigint[] = [lo];
  const counts: number[] = [];
  for (let i = 0; i < h.counts.length; i++) {
    const a = h.edges[i]! > lo ? h.edges[i]! : lo;
    const b = h.edges[i + 1]! < hi ? h.edges[i + 1]! : hi;
    if (b <= a) continue;
    const width = Number(h.edges[i + 1]! - h.edges[i]!);
    counts.push((h.counts[i]! * Number(b - a)) / width);
    edges.push(b);
  }
  return counts.length > 0 ? { edges, counts } : undefined;
}

function scaled(a: Float64Array, f: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * f;
  return out;
}

/** New split pieces go up for auction: the better of them moves if it pays and trouble is near. */
function auctionHalves(ctx: PlanContext, owner: NodeState, halves: MsState[]): void {
  let best: { ms: MsState; r: ReturnType<PlanContext['auction']> } | undefined;
  for (const h of halves) {
    const r = ctx.auction(h, owner);
    if (r.evaluation && (!best || r.evaluation.net > best.r.evaluation!.net)) best = { ms: h, r };
  }
  if (!best || !ctx.budgetLeft()) return;
  const e = best.r.evaluation!;
  const bad = firstBadStep(ctx.state, owner, 'imbalance', (k) => bandAt(ctx.state, owner, k));
  if (e.net > 0 && e.loadChange >= ctx.cfg.migrationThreshold && bad <= e.intervals + ctx.cfg.actionSlack) {
    ctx.doMove(best.ms, owner, ctx.state.nodeById.get(best.r.winner!.node)!, e, best.r.winner!, 'hot', 'new split half');
  } else {
    ctx.record({ subject: { microshard: best.ms.id, node: owner.id }, outcome: 'no-action', candidate: 'hot', because: e.net <= 0 ? `new split half stays: best bid nets ${e.net.toFixed(1)}` : e.loadChange < ctx.cfg.migrationThreshold ? `new split half stays: load change ${(e.loadChange * 100).toFixed(1)}% below the migration threshold` : `new split half stays for now: trouble predicted ${bad + 1} intervals ahead`, inputs: ctx.moveInputs(best.ms, owner, ctx.state.nodeById.get(best.r.winner!.node), e, best.r.winner) });
  }
}

export const splitChecker: Scheduler = {
  name: 'splits',
  kind: 'checker',
  run(ctx: PlanContext): void {
    let count = ctx.state.ms.length;
    for (const ms of [...ctx.state.ms]) {
      const cand = splitCandidate(ctx.state, ms);
      if (!cand) continue;
      const node = ctx.state.nodeById.get(ms.owner);
      if (!node) continue;
      const base = { p90Peak: round3(ms.peak), threshold: ctx.cfg.splitThreshold * node.capacity, bytes: ms.bytes, owner: ms.owner };
      const no = (because: string, inputs: Record<string, unknown> = {}) =>
        ctx.record({ subject: { microshard: ms.id, node: node.id }, outcome: 'no-action', candidate: cand.reason, because, inputs: { ...base, ...inputs } });
      if (!ctx.budgetLeft()) {
        no('operator budget for this round spent');
        continue;
      }
      const why = whyNotSplittable(ctx.state, ms, count);
      if (why) {
        no(why);
        continue;
      }
      const choice = chooseSplitPoint(ms, ms.histogram, cand.mode);
      if ('refused' in choice) {
        no(choice.refused);
        continue;
      }
      const l = choice.leftShare;
      let cuts: bigint[] = [choice.at];
      let shares = [l, 1 - l];
      let how = choice.how;
      if (cand.mode === 'load' && Math.max(l, 1 - l) > ctx.cfg.maxSplitImbalance) {
        // No balanced cut: one bucket (a hot key) dominates. Worth isolating it when the
        // microshard is big enough that moving it whole would take more than one interval.
        const iso = ms.bytes > ctx.cfg.migrationBandwidth ? chooseIsolatingSplit(ms, ms.histogram) : undefined;
        if (!iso || 'refused' in iso) {
          no(`unsplittable: the heavier half would carry ${(Math.max(l, 1 - l) * 100).toFixed(0)}% of the load (one hot key?)${iso && 'refused' in iso ? `; ${iso.refused}` : ''}`, { leftShare: round3(l), how: choice.how });
          continue;
        }
        cuts = iso.cuts;
        shares = iso.shares;
        how = iso.how;
      }
      const bounds = [ms.start, ...cuts, ms.end];
      const width = Number(ms.end - ms.start);
      const pieceBytes = shares.map((_, i) => Math.round((ms.bytes * Number(bounds[i + 1]! - bounds[i]!)) / width));
      let gainValue: number;
      if (cand.reason === 'hot' && cuts.length === 1 && how === choice.how) {
        const thr = ctx.cfg.splitThreshold * node.capacity;
        let g = 0;
        for (let k = 0; k < ctx.state.horizon; k++) {
          const x = ms.p90[k]!;
          g += over(x, thr) - over(x * l, thr) - over(x * (1 - l), thr);
        }
        gainValue = ctx.cfg.overloadWeight * g;
      } else {
        // Splitting shortens future copies of the load-bearing part: price the copy time saved
        // (oversize: the larger half; isolation: the hot piece).
        const kept = how === choice.how ? Math.max(...pieceBytes) : pieceBytes[shares.indexOf(Math.max(...shares))]!;
        gainValue = ctx.cfg.bandwidthPrice * ((ms.bytes - kept) / ctx.cfg.migrationBandwidth) * node.capacity;
      }
      const gain: GainBreakdown = { ...ZERO_GAIN, other: gainValue };
      const cost: CostBreakdown = { ...ZERO_COST, churn: ctx.cfg.splitCost * node.capacity * cuts.length };
      if (totalGain(gain) <= totalCost(cost)) {
        no(`split gains ${gainValue.toFixed(1)} <= cost ${totalCost(cost).toFixed(1)}`, { leftShare: round3(l), how });
        continue;
      }
      const mk = (id: string, start: bigint, end: bigint, share: number, bytes: number): MsState => {
        const p90 = scaled(ms.p90, share);
        return {
          id,
          start,
          end,
          owner: ms.owner,
          bytes,
          load: ms.load * share,
          p50: scaled(ms.p50, share),
          p90,
          peak: peakOf(p90),
          busy: false,
          createdAt: ctx.state.now + 1,
          lastMove: ms.lastMove,
          histogram: subHistogram(ms.histogram, start, end),
          coAccess: ms.coAccess?.map((p) => ({ partner: p.partner, weight: p.weight * share })),
          regions: ms.regions && Object.fromEntries(Object.entries(ms.regions).map(([r, v]) => [r, v * share])),
          regionTotal: ms.regionTotal * share,
          skill: ms.skill,
          alive: true,
        };
      };
      // Cut from the right: each step splits the piece that still spans the remaining cuts.
      const steps: OperatorStep[] = [];
      const pieces: MsState[] = new Array(shares.length);
      let restId = ms.id;
      for (let c = cuts.length - 1; c >= 0; c--) {
        const leftId = allocateId(ctx.state);
        const rightId = allocateId(ctx.state);
        steps.push({ kind: 'split', microshard: restId, at: cuts[c]!, left: leftId, right: rightId });
        pieces[c + 1] = mk(rightId, bounds[c + 1]!, bounds[c + 2]!, shares[c + 1]!, pieceBytes[c + 1]!);
        restId = leftId;
        if (c === 0) pieces[0] = mk(leftId, bounds[0]!, bounds[1]!, shares[0]!, pieceBytes[0]!);
      }
      ms.alive = false;
      node.microshards.delete(ms);
      node.version++;
      for (const p of pieces) {
        node.microshards.add(p);
        ctx.state.ms.push(p);
        ctx.state.byId.set(p.id, p);
      }
      count += pieces.length - 1;
      const op = ctx.emit(
        'split',
        cand.reason,
        `${cand.reason === 'hot' ? `predicted peak ${ms.peak.toFixed(1)} > ${base.threshold.toFixed(1)}` : `size ${ms.bytes} > ${ctx.cfg.maxMicroshardBytes}`}: split at ${how}`,
        steps,
        gain,
        cost,
        { ...base, leftShare: round3(shares[0]!), shares: shares.map(round3), how, at: cuts.map((c) => c.toString(16)) },
      );
      ctx.record({ subject: { microshard: ms.id, node: node.id }, outcome: 'decision', candidate: cand.reason, because: op.detail, operator: op.id, inputs: op.inputs });
      // New halves go up for auction: the better of the two moves if it pays.
      auctionHalves(ctx, node, pieces);
    }
    compact(ctx.state);
  },
};
