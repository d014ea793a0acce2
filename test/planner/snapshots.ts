// Random but reproducible planner snapshots for property tests (a seed in, a snapshot out).
import { evenRanges } from '../../core/ranges.js';
import { mulberry32 } from '../../core/rng.js';
import type { AccessHistogram, MigrationInFlight, MicroshardSnapshot, PlannerSnapshot, RecentMove } from '../../core/planner/snapshot.js';
import { plannerConfig, type PlannerConfig } from '../../core/planner/config.js';

/** The shared generator; seed 0 is taken as 1, as these snapshots always were. */
export function prng(seed: number): () => number {
  return mulberry32(seed >>> 0 || 1);
}

export const H = 6;
export const CAP = 1000;

export function testConfig(over: Partial<PlannerConfig> = {}): PlannerConfig {
  return plannerConfig({ horizon: H, cooldown: 10, minAgeAfterSplit: 5, budgetWindow: 4, migrationBandwidth: 100, nodeBytesBudgetPerInterval: 100, ...over });
}

function histogram(r: () => number, start: bigint, end: bigint): AccessHistogram {
  const n = 1 + Math.floor(r() * 8);
  const edges: bigint[] = [start];
  const width = end - start;
  for (let i = 1; i < n; i++) edges.push(start + (width * BigInt(i)) / BigInt(n));
  edges.push(end);
  return { edges, counts: Array.from({ length: n }, () => Math.floor(r() * 100)) };
}

export interface SnapshotShape {
  nodes?: number;
  microshards?: number;
  /** Load scale: 1 = around capacity per node on average. */
  load?: number;
}

export function randomSnapshot(seed: number, shape: SnapshotShape = {}): PlannerSnapshot {
  const r = prng(seed);
  const nodes = shape.nodes ?? 2 + Math.floor(r() * 6);
  const count = shape.microshards ?? nodes + Math.floor(r() * 30);
  const loadScale = shape.load ?? 0.3 + r() * 1.2;
  const now = 20 + Math.floor(r() * 20);
  const nodeIds = Array.from({ length: nodes }, (_, i) => `n${i}`);
  const perMs = (loadScale * CAP * nodes) / count;
  const ms: MicroshardSnapshot[] = evenRanges(count).map((rg) => {
    const base = perMs * (0.1 + r() * 2) * (r() < 0.1 ? 4 : 1);
    const trend = (r() - 0.5) * base * 0.2;
    const p50 = Array.from({ length: H }, (_, k) => Math.max(0, base + trend * k));
    const p90 = p50.map((v) => v * (1 + r() * 0.3));
    const owner = nodeIds[Math.floor(r() * nodes)]!;
    const moved = r() < 0.3 ? { at: now - Math.floor(r() * 20), from: nodeIds[Math.floor(r() * nodes)]!, to: owner } : undefined;
    return {
      id: rg.id.toString(),
      start: rg.start,
      end: rg.end,
      owner,
      sizeBytes: Math.floor(r() * 300),
      load: base,
      forecast: { p50, p90 },
      histogram: r() < 0.8 ? histogram(r, rg.start, rg.end) : undefined,
      createdAt: Math.floor(r() * now),
      lastMove: moved,
    };
  });
  const migrations: MigrationInFlight[] = [];
  for (const m of ms) {
    if (r() < 0.08) {
      const to = nodeIds.find((n) => n !== m.owner);
      if (to) migrations.push({ microshard: m.id, from: m.owner, to, bytes: m.sizeBytes, remainingIntervals: 1 + Math.floor(r() * 3) });
    }
  }
  const recentMoves: RecentMove[] = migrations.map((g) => ({ microshard: g.microshard, from: g.from, to: g.to, bytes: g.bytes, at: now - 1 }));
  return { now, microshards: ms, nodes: nodeIds.map((id) => ({ id, capacity: CAP })), migrations, recentMoves, nextMicroshardId: BigInt(count) };
}

/** A snapshot where microshard loads are flat over the horizon and given per node. */
export function flatSnapshot(perNode: number[][], opts: { now?: number; bytes?: number; capacity?: number } = {}): PlannerSnapshot {
  const count = perNode.reduce((s, l) => s + l.length, 0);
  const ranges = evenRanges(count);
  const ms: MicroshardSnapshot[] = [];
  let i = 0;
  perNode.forEach((loads, n) => {
    for (const l of loads) {
      const rg = ranges[i++]!;
      const f = new Array(H).fill(l);
      ms.push({ id: rg.id.toString(), start: rg.start, end: rg.end, owner: `n${n}`, sizeBytes: opts.bytes ?? 50, load: l, forecast: { p50: f, p90: f }, createdAt: 0 });
    }
  });
  ms.sort((a, b) => (a.start < b.start ? -1 : 1));
  return { now: opts.now ?? 100, microshards: ms, nodes: perNode.map((_, n) => ({ id: `n${n}`, capacity: opts.capacity ?? CAP })), migrations: [], recentMoves: [], nextMicroshardId: BigInt(count) };
}

/**
 * Two microshards, 0 on n0 hot (600 of CAP, its histogram's load in the middle two quarters)
 * and 1 on n1 cold (100): every policy's pass splits 0 between its second and third quarter.
 */
export function hotSplitSnapshot(): { snap: PlannerSnapshot; at: bigint } {
  const [a, b] = evenRanges(2);
  const q = (b!.start - a!.start) / 4n;
  const hot: MicroshardSnapshot = {
    id: '0', start: a!.start, end: a!.end, owner: 'n0', sizeBytes: 100, load: 600,
    forecast: { p50: new Array(H).fill(600), p90: new Array(H).fill(600) },
    histogram: { edges: [a!.start, a!.start + q, a!.start + 2n * q, a!.start + 3n * q, a!.end], counts: [10, 280, 300, 10] },
    createdAt: 0,
  };
  const cold: MicroshardSnapshot = { ...hot, id: '1', start: b!.start, end: b!.end, owner: 'n1', load: 100, forecast: { p50: new Array(H).fill(100), p90: new Array(H).fill(100) }, histogram: undefined };
  const snap: PlannerSnapshot = { now: 50, microshards: [hot, cold], nodes: [{ id: 'n0', capacity: CAP }, { id: 'n1', capacity: CAP }], migrations: [], recentMoves: [], nextMicroshardId: 2n };
  return { snap, at: a!.start + 2n * q };
}
