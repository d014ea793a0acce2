// What moves onto new capacity: after a scale-up, the microshards to migrate to the new node(s),
// hot topics' microshards first. Greedy on predicted p90 peaks: repeatedly take the node with the
// highest peak utilisation (p90 peak / usable capacity) and move its best candidate (one holding a
// hot topic first, then the one with the highest peak) to the new node with the most room, while
// that lowers the busiest node's peak and leaves the target below it (a microshard hotter than a
// whole node still moves to an empty one: it relieves the rest). Stops when no node is above its
// usable capacity, or after maxMoves. Pure.
import type { QuantileForecast } from './forecast.js';

export interface MoveSource {
  nodeId: string;
  /** Usable capacity (targetUtilisation x capacity), ops/s. */
  usable: number;
  /** The node's predicted p90 per step, ops/s. */
  p90: ArrayLike<number>;
}

export interface MoveCandidate {
  id: string;
  owner: string;
  forecast: QuantileForecast;
  /** Hot topics it holds (moved first). */
  hotTopics?: readonly string[];
  /** Part of a migration already: not moved. */
  busy?: boolean;
}

export interface PlannedMove {
  microshardId: string;
  from: string;
  to: string;
  /** p90 peak of the microshard, ops/s. */
  peakOpsPerS: number;
  hotTopics: string[];
}

export interface MovePlan {
  moves: PlannedMove[];
  /** Peak utilisation per node after the moves (1 = at usable capacity). */
  utilisationAfter: Record<string, number>;
  /** Candidates whose peak alone exceeds a new node's usable capacity (the planner should split them). */
  tooBig: string[];
}

function peakOf(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

export function planScaleMoves(sources: readonly MoveSource[], targets: readonly MoveSource[], candidates: readonly MoveCandidate[], maxMoves: number): MovePlan {
  const H = Math.max(1, ...sources.map((s) => s.p90.length), ...targets.map((t) => t.p90.length));
  const profile = (a: ArrayLike<number>) => Float64Array.from({ length: H }, (_, k) => (a.length === 0 ? 0 : a[Math.min(k, a.length - 1)]!));
  const nodes = new Map<string, { id: string; usable: number; p90: Float64Array; target: boolean }>();
  for (const s of sources) nodes.set(s.nodeId, { id: s.nodeId, usable: s.usable, p90: profile(s.p90), target: false });
  for (const t of targets) nodes.set(t.nodeId, { id: t.nodeId, usable: t.usable, p90: profile(t.p90), target: true });
  const util = (n: { usable: number; p90: Float64Array }) => (n.usable > 0 ? peakOf(n.p90) / n.usable : Infinity);
  const byOwner = new Map<string, MoveCandidate[]>();
  for (const c of candidates) {
    if (c.busy || !nodes.has(c.owner) || nodes.get(c.owner)!.target) continue;
    byOwner.set(c.owner, [...(byOwner.get(c.owner) ?? []), c]);
  }
  const series = new Map(candidates.map((c) => [c.id, profile(c.forecast.p90)]));
  const moves: PlannedMove[] = [];
  const tooBig = new Set<string>();
  const done = new Set<string>();
  const stuck = new Set<string>();
  while (moves.length < maxMoves) {
    const busiest = [...nodes.values()].filter((n) => !n.target && !stuck.has(n.id)).sort((a, b) => util(b) - util(a))[0];
    if (!busiest || util(busiest) <= 1) break;
    const before = util(busiest);
    const list = (byOwner.get(busiest.id) ?? []).filter((c) => !done.has(c.id));
    list.sort((a, b) => Number((b.hotTopics?.length ?? 0) > 0) - Number((a.hotTopics?.length ?? 0) > 0) || peakOf(series.get(b.id)!) - peakOf(series.get(a.id)!));
    let moved = false;
    for (const c of list) {
      const s = series.get(c.id)!;
      const peak = peakOf(s);
      if (peak <= 0) continue;
      // The target with the most room at this candidate's peak.
      const target = [...nodes.values()].filter((n) => n.target).sort((a, b) => util(a) - util(b))[0];
      if (!target) break;
      const srcAfter = busiest.p90.map((v, k) => Math.max(0, v - s[k]!));
      const tgtAfter = target.p90.map((v, k) => v + s[k]!);
      const uSrc = util({ usable: busiest.usable, p90: srcAfter });
      const uTgt = util({ usable: target.usable, p90: tgtAfter });
      // Too big for any one node: still worth moving onto an empty one (the rest of the busiest
      // node is relieved), but the planner should split it; reported.
      if (peak > target.usable) tooBig.add(c.id);
      // Worth it only if the busiest gets less busy and the target stays below where it was.
      if (!(uSrc < before && uTgt < before)) continue;
      busiest.p90 = srcAfter;
      target.p90 = tgtAfter;
      done.add(c.id);
      moves.push({ microshardId: c.id, from: busiest.id, to: target.id, peakOpsPerS: Math.round(peak * 1000) / 1000, hotTopics: [...(c.hotTopics ?? [])] });
      moved = true;
      break;
    }
    if (!moved) stuck.add(busiest.id);
  }
  const utilisationAfter: Record<string, number> = {};
  for (const n of nodes.values()) utilisationAfter[n.id] = Math.round(util(n) * 1000) / 1000;
  return { moves, utilisationAfter, tooBig: [...tooBig] };
}
