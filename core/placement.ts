// Initial placement: consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam 2018).
// Every node has virtual points on a ring; a microshard goes to the first node clockwise from its
// own point that is below the load bound ceil(c * M / N). Pure: the same inputs give the same
// placement, and a change of node set moves as few microshards as possible.
import { hash64 } from './keyspace.js';

/** Load bound factor c: no node holds more than ceil(c * average) microshards. */
export const DEFAULT_LOAD_BOUND_FACTOR = 1.25;
/** Virtual points per node on the ring: more points, smoother preference spread. */
export const DEFAULT_VIRTUAL_POINTS = 64;

export interface PlacementOptions {
  loadBoundFactor?: number;
  virtualPoints?: number;
}

/** microshard id (decimal string) -> node id */
export type Assignment = Map<string, string>;

interface RingPoint {
  point: bigint;
  node: string;
}

const utf8 = new TextEncoder();

function ringOf(nodes: readonly string[], virtualPoints: number): RingPoint[] {
  const ring: RingPoint[] = [];
  for (const node of nodes) {
    for (let v = 0; v < virtualPoints; v++) ring.push({ point: hash64(utf8.encode(`${node}#${v}`)), node });
  }
  ring.sort((a, b) => (a.point < b.point ? -1 : a.point > b.point ? 1 : a.node < b.node ? -1 : 1));
  return ring;
}

function microshardPoint(id: string): bigint {
  return hash64(utf8.encode(`microshard:${id}`));
}

/** Nodes in the order a microshard prefers them (clockwise from its point, each node once). */
function preferenceOrder(ring: readonly RingPoint[], point: bigint, nodeCount: number): string[] {
  let lo = 0;
  let hi = ring.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ring[mid]!.point < point) lo = mid + 1;
    else hi = mid;
  }
  const seen = new Set<string>();
  const order: string[] = [];
  for (let i = 0; i < ring.length && order.length < nodeCount; i++) {
    const node = ring[(lo + i) % ring.length]!.node;
    if (!seen.has(node)) {
      seen.add(node);
      order.push(node);
    }
  }
  return order;
}

export function loadBound(microshards: number, nodes: number, factor = DEFAULT_LOAD_BOUND_FACTOR): number {
  if (nodes === 0) return 0;
  return Math.ceil((factor * microshards) / nodes);
}

function validate(nodes: readonly string[], opts: PlacementOptions): { factor: number; virtualPoints: number } {
  const factor = opts.loadBoundFactor ?? DEFAULT_LOAD_BOUND_FACTOR;
  const virtualPoints = opts.virtualPoints ?? DEFAULT_VIRTUAL_POINTS;
  if (!(factor >= 1)) throw new RangeError(`load bound factor must be >= 1, got ${factor}`);
  if (!Number.isInteger(virtualPoints) || virtualPoints < 1) throw new RangeError(`virtual points must be a positive integer, got ${virtualPoints}`);
  if (new Set(nodes).size !== nodes.length) throw new RangeError('node ids must be unique');
  return { factor, virtualPoints };
}

/**
 * Places microshards on nodes. With `current`, keeps every assignment it can: a microshard moves
 * only when its owner is gone or above the bound, or to bring a newly joined node up to its
 * share — so a join pulls about M/N microshards and a leave moves exactly the leaver's.
 */
export function place(
  microshardIds: readonly string[],
  nodes: readonly string[],
  current: ReadonlyMap<string, string> = new Map(),
  opts: PlacementOptions = {},
): Assignment {
  const { factor, virtualPoints } = validate(nodes, opts);
  const out: Assignment = new Map();
  if (nodes.length === 0) return out;
  const bound = loadBound(microshardIds.length, nodes.length, factor);
  const target = Math.ceil(microshardIds.length / nodes.length);
  const ring = ringOf(nodes, virtualPoints);
  const live = new Set(nodes);
  const load = new Map<string, number>(nodes.map((n) => [n, 0]));
  const prefs = new Map<string, string[]>();
  const prefOf = (id: string): string[] => {
    let p = prefs.get(id);
    if (!p) prefs.set(id, (p = preferenceOrder(ring, microshardPoint(id), nodes.length)));
    return p;
  };
  // Deterministic processing order: by ring point, so results do not depend on input order.
  const ids = [...microshardIds].sort((a, b) => {
    const pa = microshardPoint(a);
    const pb = microshardPoint(b);
    return pa < pb ? -1 : pa > pb ? 1 : a < b ? -1 : 1;
  });

  // 1. Keep current owners that are live and within the bound.
  const pending: string[] = [];
  for (const id of ids) {
    const owner = current.get(id);
    if (owner !== undefined && live.has(owner) && load.get(owner)! < bound) {
      out.set(id, owner);
      load.set(owner, load.get(owner)! + 1);
    } else pending.push(id);
  }
  // Nodes that owned nothing before (all of them on a first placement) are filled up to their share.
  const owningBefore = new Set(current.values());
  const joiners = nodes.filter((n) => !owningBefore.has(n)).sort();
  const joinerSet = new Set(joiners);
  // 2. Everything unplaced goes to its first preferred node below the bound; a microshard pushed
  // off an over-bound owner goes to a joiner when one has room, so old nodes do not trade.
  for (const id of pending) {
    const pushed = current.has(id) && live.has(current.get(id)!);
    const prefs = prefOf(id);
    const node = (pushed ? prefs.find((n) => joinerSet.has(n) && load.get(n)! < bound) : undefined) ?? prefs.find((n) => load.get(n)! < bound)!;
    out.set(id, node);
    load.set(node, load.get(node)! + 1);
  }
  // 3. Newly joined nodes (owning nothing before) pull up to their share: first the microshards
  // that prefer them, then, from the fullest nodes, those ranking them highest. Only joins pay
  // these moves, so a leave moves exactly the leaver's microshards.
  if (joiners.length === 0) return out;
  const share = target - 1;
  const moveTo = (id: string, to: string) => {
    const from = out.get(id)!;
    out.set(id, to);
    load.set(from, load.get(from)! - 1);
    load.set(to, load.get(to)! + 1);
  };
  for (const id of ids) {
    const first = prefOf(id)[0]!;
    const owner = out.get(id)!;
    if (first !== owner && joinerSet.has(first) && load.get(first)! < share && load.get(owner)! > share) moveTo(id, first);
  }
  for (const joiner of joiners) {
    if (load.get(joiner)! >= share) continue;
    // Only moves that narrow the gap between the source and the joiner.
    const worthMoving = (id: string) => load.get(out.get(id)!)! > load.get(joiner)! + 1;
    const candidates = ids
      .filter((id) => out.get(id) !== joiner && worthMoving(id))
      .map((id) => ({ id, rank: prefOf(id).indexOf(joiner) }))
      .sort((a, b) => a.rank - b.rank);
    for (const { id } of candidates) {
      if (load.get(joiner)! >= share) break;
      if (worthMoving(id)) moveTo(id, joiner);
    }
  }
  return out;
}

/** Number of microshards whose owner differs between two assignments. */
export function movedCount(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): number {
  let moved = 0;
  for (const [id, node] of after) if (before.has(id) && before.get(id) !== node) moved++;
  return moved;
}

/**
 * Owners for microshards that need one (orphans, never-assigned), leaving every other
 * assignment alone: each goes to its first preferred node below the load bound, counting what
 * the nodes already hold. Used when a node leaves under the `reassign` policy.
 */
export function placeOrphans(
  orphanIds: readonly string[],
  nodes: readonly string[],
  currentLoads: ReadonlyMap<string, number>,
  totalMicroshards: number,
  opts: PlacementOptions = {},
): Assignment {
  const { factor, virtualPoints } = validate(nodes, opts);
  const out: Assignment = new Map();
  if (nodes.length === 0) return out;
  const bound = loadBound(totalMicroshards, nodes.length, factor);
  const ring = ringOf(nodes, virtualPoints);
  const load = new Map<string, number>(nodes.map((n) => [n, currentLoads.get(n) ?? 0]));
  const ids = [...orphanIds].sort((a, b) => {
    const pa = microshardPoint(a);
    const pb = microshardPoint(b);
    return pa < pb ? -1 : pa > pb ? 1 : a < b ? -1 : 1;
  });
  for (const id of ids) {
    const prefs = preferenceOrder(ring, microshardPoint(id), nodes.length);
    // When every node is at the bound (existing skew), fall back to the least loaded.
    const node = prefs.find((n) => load.get(n)! < bound) ?? [...prefs].sort((a, b) => load.get(a)! - load.get(b)!)[0]!;
    out.set(id, node);
    load.set(node, load.get(node)! + 1);
  }
  return out;
}
