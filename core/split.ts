// Split and merge plans (pure): what one guarded transaction replaces, and why a request is
// refused. The coordinator turns a plan into etcd operations; the simulator can use the same
// rules.
import type { Microshard } from './microshard.js';
import { describeRange, mergeRanges, splitRange } from './ranges.js';
import { positionToHex } from './keyspace.js';

/** A request the current state does not allow (the coordinator answers FAILED_PRECONDITION). */
export class LifecycleRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LifecycleRefusal';
  }
}

export interface SplitPlan {
  at: bigint;
  removed: Microshard;
  halves: [Microshard, Microshard];
}

/** The midpoint of a microshard's range (what a split without --at uses). */
export function midpoint(m: Microshard): bigint {
  return m.start + (m.end - m.start) / 2n;
}

/**
 * Splits `m` at `at` (default: the midpoint) into two new microshards with ids nextId and
 * nextId + 1, both at epoch + 1 with the same owner: a client still routing with the old epoch
 * is refused by the storage node and re-routes.
 */
export function planSplit(m: Microshard, at: bigint | undefined, nextId: bigint, nowMs: number): SplitPlan {
  if (m.state !== 'ACTIVE' || m.owner === '') throw new LifecycleRefusal(`microshard ${m.id} is ${m.owner === '' ? 'not assigned yet' : m.state}: only an owned, ACTIVE microshard can be split`);
  if (m.end - m.start < 2n) throw new LifecycleRefusal(`microshard ${m.id} ${describeRange(m)} is too narrow to split`);
  const point = at ?? midpoint(m);
  let parts: [{ start: bigint; end: bigint }, { start: bigint; end: bigint }];
  try {
    parts = splitRange(m, point);
  } catch {
    throw new LifecycleRefusal(`split point ${positionToHex(point)} is not strictly inside microshard ${m.id} ${describeRange(m)}`);
  }
  const half = (id: bigint, r: { start: bigint; end: bigint }): Microshard => ({ ...m, id: id.toString(), start: r.start, end: r.end, epoch: m.epoch + 1n, createdAtMs: nowMs });
  return { at: point, removed: m, halves: [half(nextId, parts[0]), half(nextId + 1n, parts[1])] };
}

/** Checks two microshards can be merged at all (owners may differ: then one moves first). */
export function checkMergeable(a: Microshard, b: Microshard): void {
  if (a.id === b.id) throw new LifecycleRefusal(`cannot merge microshard ${a.id} with itself`);
  for (const m of [a, b]) {
    if (m.state !== 'ACTIVE' || m.owner === '') throw new LifecycleRefusal(`microshard ${m.id} is ${m.owner === '' ? 'not assigned yet' : m.state}: only owned, ACTIVE microshards can be merged`);
  }
  if (a.end !== b.start && b.end !== a.start) throw new LifecycleRefusal(`microshards ${a.id} ${describeRange(a)} and ${b.id} ${describeRange(b)} are not adjacent`);
}

/**
 * Replaces adjacent a and b (same owner) by one microshard with id nextId at
 * max(epoch a, epoch b) + 1, so writes routed to either old one are refused and re-routed.
 */
export function planMerge(a: Microshard, b: Microshard, nextId: bigint, nowMs: number): Microshard {
  checkMergeable(a, b);
  if (a.owner !== b.owner) throw new LifecycleRefusal(`microshards ${a.id} (on ${a.owner}) and ${b.id} (on ${b.owner}) are on different nodes: one must move first`);
  const r = mergeRanges(a, b);
  const epoch = (a.epoch > b.epoch ? a.epoch : b.epoch) + 1n;
  return { id: nextId.toString(), start: r.start, end: r.end, owner: a.owner, epoch, state: 'ACTIVE', createdAtMs: nowMs, previousOwner: a.previousOwner };
}
