// A discrete-time scaling simulation: microshard loads per interval in, a cluster whose node count
// an autoscaler changes, metrics out (node-intervals, overloaded node-intervals, overload excess,
// scale actions). Every autoscaler runs on the same mechanics:
//   - A node asked for at the end of interval t exists (and is paid for) from t + 1 and is ready
//     at t + 1 + provisionIntervals. It then receives microshards by moves (fillNode); it serves a
//     microshard only once that copy is done.
//   - A move copies the microshard's bytes at `bandwidth` bytes per interval: it takes
//     max(1, ceil(bytes / bandwidth)) intervals and the target serves from the interval after.
//     Simplification (documented in sim/README.md): copies run in parallel, each at the full
//     bandwidth, and add no copy load; the source serves throughout.
//   - Retiring a node moves its microshards to the least-loaded remaining nodes; it is paid for
//     until the last copy is done.
//   - A node-interval is overloaded when the ops of the microshards a node serves exceed its capacity.
import { MEASURED_ADAPTIVE_COPY_BYTES_PER_S } from '../../core/migration-cost.js';

/** Intervals from a provision request until the node can receive data (the main simulator's unit: one hour). */
export const DEFAULT_PROVISION_INTERVALS = 1;
/**
 * Copy rate of one microshard move, bytes per second: the rate a default (adaptive) copy ran at
 * next to a foreground in `shardcast bench migration` (core/migration-cost.ts, 4.3 MB/s). The
 * scaling report's bandwidth per interval is this rate x the interval length.
 */
export const DEFAULT_SCALING_COPY_BYTES_PER_S = MEASURED_ADAPTIVE_COPY_BYTES_PER_S;

export interface ScalingWorkload {
  name: string;
  /** loads[m][t] = ops of microshard m in interval t. */
  loads: Float64Array[];
  /** Bytes held by each microshard (copy time = bytes / bandwidth). */
  bytes: number[];
  /** Ops per node per interval. */
  capacity: number;
  /** Length of the dominant cycle, intervals. */
  season: number;
}

export interface ScalingParams {
  provisionIntervals: number;
  /** Bytes one copy moves per interval. */
  bandwidth: number;
  /**
   * Shared rebalancer (every policy, static included): a node whose observed load is above this
   * share of capacity, with no copy out in flight, sends one microshard to the least-loaded
   * node when that lowers the pair's peak. undefined: no rebalancing (moves only on scale events).
   */
  rebalanceAbove?: number;
}

export interface NodeView {
  id: string;
  /** Ops it served in the interval just observed. */
  load: number;
  /** Microshards it serves now. */
  microshards: number[];
  /** Microshards it will serve once the copies in flight are done (own ones moving out excluded). */
  projected: number[];
  retiring: boolean;
  /** Asked for and not yet ready. */
  provisioning: boolean;
  /** Copies onto it are in flight. */
  filling: boolean;
}

export interface ClusterView {
  t: number;
  capacity: number;
  season: number;
  nodes: readonly NodeView[];
  /** loads[m] up to and including t (history only: the future is not visible). */
  history(m: number): Float64Array;
  /** Bytes microshard m holds. */
  bytes(m: number): number;
  microshards: number;
}

export interface ScaleActions {
  provision: number;
  retire: string[];
}

export interface Autoscaler {
  readonly name: string;
  decide(view: ClusterView): ScaleActions | Promise<ScaleActions>;
}

export interface ScalingMetrics {
  intervals: number;
  nodeIntervals: number;
  overloadedNodeIntervals: number;
  overloadExcessOps: number;
  provisionActions: number;
  retireActions: number;
  nodesProvisioned: number;
  nodesRetired: number;
  peakNodes: number;
  moves: number;
  bytesMoved: number;
  /** Nodes paid for in each interval. */
  nodesPerInterval: number[];
}

interface SimNode {
  id: string;
  readyAt: number;
  retiring: boolean;
  filled: boolean;
}

interface Move {
  m: number;
  from: string;
  to: string;
  doneAt: number;
}

/** Copy time of `bytes`, intervals. */
export function copyIntervals(bytes: number, bandwidth: number): number {
  return Math.max(1, Math.ceil(bytes / bandwidth));
}

/**
 * Initial placement on `n` nodes: longest-processing-time greedy on the first interval's loads
 * (ties by microshard index), so every policy starts balanced.
 */
export function initialPlacement(loads0: number[], n: number): number[] {
  const owner = new Array<number>(loads0.length).fill(0);
  const sum = new Float64Array(n);
  const order = loads0.map((l, m) => ({ l, m })).sort((a, b) => b.l - a.l || a.m - b.m);
  for (const { l, m } of order) {
    let best = 0;
    for (let i = 1; i < n; i++) if (sum[i]! < sum[best]!) best = i;
    owner[m] = best;
    sum[best] += l;
  }
  return owner;
}

/** Nodes needed so that the trace's peak total load fits under `utilisation` of capacity. */
export function peakNodes(w: ScalingWorkload, utilisation = 1): number {
  const T = w.loads[0]?.length ?? 0;
  let peak = 0;
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (const row of w.loads) s += row[t]!;
    peak = Math.max(peak, s);
  }
  return Math.max(1, Math.ceil(peak / (w.capacity * utilisation) - 1e-9));
}

export async function simulateScaling(w: ScalingWorkload, initialNodes: number, scaler: Autoscaler, params: ScalingParams): Promise<ScalingMetrics> {
  const M = w.loads.length;
  const T = w.loads[0]?.length ?? 0;
  let seq = 0;
  const nodes = new Map<string, SimNode>();
  const newId = () => `s${seq++}`;
  const owner: string[] = new Array(M);
  const init = initialPlacement(w.loads.map((r) => r[0] ?? 0), Math.max(1, initialNodes));
  const initIds: string[] = [];
  for (let i = 0; i < Math.max(1, initialNodes); i++) {
    const id = newId();
    initIds.push(id);
    nodes.set(id, { id, readyAt: 0, retiring: false, filled: true });
  }
  for (let m = 0; m < M; m++) owner[m] = initIds[init[m]!]!;
  let moves: Move[] = [];
  const lastLoad = new Map<string, number>();
  const met: ScalingMetrics = { intervals: T, nodeIntervals: 0, overloadedNodeIntervals: 0, overloadExcessOps: 0, provisionActions: 0, retireActions: 0, nodesProvisioned: 0, nodesRetired: 0, peakNodes: nodes.size, moves: 0, bytesMoved: 0, nodesPerInterval: [] };

  const moving = (m: number) => moves.some((x) => x.m === m);
  const startMove = (m: number, to: string, t: number) => {
    moves.push({ m, from: owner[m]!, to, doneAt: t + copyIntervals(w.bytes[m]!, params.bandwidth) });
    met.moves++;
    met.bytesMoved += w.bytes[m]!;
  };
  /** Load of each node after the moves in flight, on the loads of interval `t`. */
  const projectedLoads = (t: number): Map<string, number> => {
    const p = new Map<string, number>();
    for (const id of nodes.keys()) p.set(id, 0);
    const dest = new Map<number, string>();
    for (const mv of moves) dest.set(mv.m, mv.to);
    for (let m = 0; m < M; m++) {
      const o = dest.get(m) ?? owner[m]!;
      p.set(o, (p.get(o) ?? 0) + (w.loads[m]![t] ?? 0));
    }
    return p;
  };

  for (let t = 0; t < T; t++) {
    // 1. Copies done: the target serves from this interval on.
    const done = moves.filter((mv) => mv.doneAt <= t);
    moves = moves.filter((mv) => mv.doneAt > t);
    for (const mv of done) owner[mv.m] = mv.to;
    // 2. Drained nodes leave; ready nodes are filled (on the last observed interval's loads).
    for (const n of [...nodes.values()]) {
      if (n.retiring && !owner.includes(n.id) && !moves.some((mv) => mv.from === n.id || mv.to === n.id)) nodes.delete(n.id);
    }
    const again = [...nodes.values()].filter((n) => n.retiring && owner.some((o, m) => o === n.id && !moving(m))).map((n) => n.id);
    if (again.length > 0) drain(again, t - 1);
    const ready = [...nodes.values()].filter((n) => !n.filled && n.readyAt <= t);
    for (const n of ready) {
      n.filled = true;
      fillNode(n.id, Math.max(0, t - 1));
    }
    // 3. Serve interval t.
    const load = new Map<string, number>();
    for (const id of nodes.keys()) load.set(id, 0);
    for (let m = 0; m < M; m++) load.set(owner[m]!, load.get(owner[m]!)! + w.loads[m]![t]!);
    met.nodeIntervals += nodes.size;
    met.nodesPerInterval.push(nodes.size);
    met.peakNodes = Math.max(met.peakNodes, nodes.size);
    for (const [id, l] of load) {
      lastLoad.set(id, l);
      if (l > w.capacity + 1e-9) {
        met.overloadedNodeIntervals++;
        met.overloadExcessOps += l - w.capacity;
      }
    }
    // 4. Every policy's shared rebalancer, then the autoscaler's decision, at the end of t, on the past only.
    if (params.rebalanceAbove !== undefined) rebalance(t, params.rebalanceAbove * w.capacity);

    const view = buildView(t, load);
    const act = await scaler.decide(view);
    if (act.provision > 0) {
      met.provisionActions++;
      met.nodesProvisioned += act.provision;
      for (let i = 0; i < act.provision; i++) {
        const id = newId();
        nodes.set(id, { id, readyAt: t + 1 + params.provisionIntervals, retiring: false, filled: false });
      }
    }
    const retire = act.retire.filter((id) => {
      const n = nodes.get(id);
      return n && !n.retiring && n.filled;
    });
    if (retire.length > 0) {
      met.retireActions++;
      met.nodesRetired += retire.length;
      for (const id of retire) nodes.get(id)!.retiring = true;
      drain(retire, t);
    }
  }
  return met;

  function buildView(t: number, load: Map<string, number>): ClusterView {
    const dest = new Map<number, string>();
    for (const mv of moves) dest.set(mv.m, mv.to);
    const views: NodeView[] = [...nodes.values()].map((n) => ({
      id: n.id,
      load: load.get(n.id) ?? 0,
      microshards: [],
      projected: [],
      retiring: n.retiring,
      provisioning: !n.filled,
      filling: moves.some((mv) => mv.to === n.id),
    }));
    const byId = new Map(views.map((v) => [v.id, v]));
    for (let m = 0; m < M; m++) {
      byId.get(owner[m]!)!.microshards.push(m);
      byId.get(dest.get(m) ?? owner[m]!)!.projected.push(m);
    }
    return { t, capacity: w.capacity, season: w.season, nodes: views, microshards: M, history: (m) => w.loads[m]!.subarray(0, t + 1), bytes: (m) => w.bytes[m]! };
  }

  /** Moves microshards onto a new node until it carries about a fair share of the load of interval `t`. */
  function fillNode(id: string, t: number): void {
    const proj = projectedLoads(t);
    const live = [...nodes.values()].filter((n) => !n.retiring && n.filled);
    let total = 0;
    for (const n of live) total += proj.get(n.id) ?? 0;
    const fair = total / live.length;
    let mine = proj.get(id) ?? 0;
    for (let guard = 0; guard < M && mine < fair; guard++) {
      // The busiest other node gives its largest microshard that does not overshoot the fair share.
      const sources = live.filter((n) => n.id !== id).sort((a, b) => proj.get(b.id)! - proj.get(a.id)! || (a.id < b.id ? -1 : 1));
      let moved = false;
      for (const s of sources) {
        const src = proj.get(s.id)!;
        if (src <= mine) break;
        const cands = [];
        for (let m = 0; m < M; m++) if (owner[m] === s.id && !moving(m)) cands.push(m);
        cands.sort((a, b) => w.loads[b]![t]! - w.loads[a]![t]! || a - b);
        const pick = cands.find((m) => {
          const l = w.loads[m]![t]!;
          return l > 0 && mine + l <= fair * 1.1 && src - l >= mine;
        });
        if (pick === undefined) continue;
        const l = w.loads[pick]![t]!;
        startMove(pick, id, t + 1);
        proj.set(s.id, src - l);
        proj.set(id, mine + l);
        mine += l;
        moved = true;
        break;
      }
      if (!moved) break;
    }
  }

  /** One move per hot node: the microshard that best evens it with the least-loaded node. */
  function rebalance(t: number, line: number): void {
    const proj = projectedLoads(t);
    const live = [...nodes.values()].filter((n) => !n.retiring && n.filled);
    const hot = live.filter((n) => proj.get(n.id)! > line && !moves.some((mv) => mv.from === n.id)).sort((a, b) => proj.get(b.id)! - proj.get(a.id)! || (a.id < b.id ? -1 : 1));
    for (const h of hot) {
      let cool = live[0]!;
      for (const n of live) if (proj.get(n.id)! < proj.get(cool.id)!) cool = n;
      if (cool.id === h.id) continue;
      const src = proj.get(h.id)!;
      const dst = proj.get(cool.id)!;
      let best = -1;
      let bestPeak = src;
      for (let m = 0; m < M; m++) {
        if (owner[m] !== h.id || moving(m)) continue;
        const l = w.loads[m]![t]!;
        const pk = Math.max(src - l, dst + l);
        if (pk < bestPeak - 1e-9) {
          bestPeak = pk;
          best = m;
        }
      }
      if (best < 0) continue;
      const l = w.loads[best]![t]!;
      startMove(best, cool.id, t + 1);
      proj.set(h.id, src - l);
      proj.set(cool.id, dst + l);
    }
  }

  /** Moves the microshards of retiring nodes to the least-loaded remaining nodes, hottest first. */
  function drain(ids: string[], t: number): void {
    const proj = projectedLoads(t);
    const keep = [...nodes.values()].filter((n) => !n.retiring && n.filled);
    if (keep.length === 0) return;
    const out: number[] = [];
    for (let m = 0; m < M; m++) if (ids.includes(owner[m]!) && !moving(m)) out.push(m);
    // Copies still heading for a retiring node land first and are drained again (step 2 of the loop).
    out.sort((a, b) => w.loads[b]![t]! - w.loads[a]![t]! || a - b);
    for (const m of out) {
      let best = keep[0]!;
      for (const n of keep) if (proj.get(n.id)! < proj.get(best.id)!) best = n;
      startMove(m, best.id, t + 1);
      proj.set(best.id, proj.get(best.id)! + w.loads[m]![t]!);
    }
  }
}
