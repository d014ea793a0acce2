// How history follows a microshard through splits and merges: a split apportions the parent's
// rings to its parts by share, a merge sums the sources' rings, and the forwardings left behind
// send a late record for a parent (its last partial interval) to where its history went.
import type { Range } from '../../core/ranges.js';
import { shareBelow, type AccessHistogram } from './access-histogram.js';
import type { Rings } from './history-rings.js';

/** Split/merge forwardings remembered for records that close after the route change. */
export const DEFAULT_FORWARD_LIMIT = 4096;
/** Forwardings followed from one id at most (a chain of splits, never a loop in practice). */
const MAX_FORWARD_DEPTH = 8;

export interface Part {
  id: string;
  share: number;
}

/** Where the load of ids that split or merged away goes now (oldest forgotten past the limit). */
export class Forwards {
  private readonly map = new Map<string, Part[]>();

  has(id: string): boolean {
    return this.map.has(id);
  }

  /** From now on `from`'s load goes to `parts` (none when a part keeps the parent id: records stay with it). */
  set(from: string, parts: readonly Part[]): void {
    if (parts.some((p) => p.id === from)) return;
    this.map.delete(from);
    this.map.set(from, parts.map((p) => ({ ...p })));
    if (this.map.size > DEFAULT_FORWARD_LIMIT) this.map.delete(this.map.keys().next().value!);
  }

  /** Calls fn with each id that `share` of `id`'s load belongs to, following the forwardings. */
  apportion(id: string, share: number, fn: (id: string, share: number) => void, depth = 0): void {
    const fw = this.map.get(id);
    if (fw && depth < MAX_FORWARD_DEPTH) {
      for (const p of fw) this.apportion(p.id, share * p.share, fn, depth + 1);
      return;
    }
    fn(id, share);
  }
}

/** Throws a RangeError unless the parts are at least two with finite non-negative shares summing to 1. */
export function checkSplitParts(parts: readonly Part[]): void {
  if (parts.length < 2) throw new RangeError('a split needs at least two parts');
  let sum = 0;
  for (const p of parts) {
    if (!(p.share >= 0) || !Number.isFinite(p.share)) throw new RangeError(`share of ${p.id} must be a finite non-negative number, got ${p.share}`);
    sum += p.share;
  }
  if (Math.abs(sum - 1) > 1e-6) throw new RangeError(`split shares must sum to 1, got ${sum}`);
}

/** A part's rings: the parent's points times its share (NaN stays NaN), the coverage as is. */
export function shareOf(parent: Rings, share: number): Rings {
  return { fine: scale(parent.fine, share), hourly: scale(parent.hourly, share), coverage: parent.coverage.slice() };
}

/** Rings summed point by point (NaN only where unknown in every part); coverage is the widest. */
export function sumRings(parts: readonly Rings[]): Rings {
  const sum = (arrays: Float32Array[]): Float32Array => {
    const out = new Float32Array(arrays[0]!.length).fill(NaN);
    for (const a of arrays) for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]!)) out[i] = Number.isNaN(out[i]!) ? a[i]! : out[i]! + a[i]!;
    return out;
  };
  const coverage = new Float32Array(parts[0]!.coverage.length);
  for (const p of parts) for (let i = 0; i < coverage.length; i++) coverage[i] = Math.max(coverage[i]!, p.coverage[i]!);
  return { fine: sum(parts.map((p) => p.fine)), hourly: sum(parts.map((p) => p.hourly)), coverage };
}

function scale(a: Float32Array, share: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * share; // NaN stays NaN
  return out;
}

/**
 * Shares of a microshard's load on each side of a split at `point`: from its access histogram
 * when it has one with load, else by keyspace width.
 */
export function splitShares(range: Range, point: bigint, access?: AccessHistogram): [number, number] {
  if (point <= range.start || point >= range.end) throw new RangeError(`split point ${point} is not inside [${range.start}, ${range.end})`);
  const h = access && access.start === range.start && access.end === range.end ? access : { start: range.start, end: range.end, buckets: [0] };
  const left = shareBelow(h, point);
  return [left, 1 - left];
}
