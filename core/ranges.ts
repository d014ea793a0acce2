// Microshards: contiguous ranges [start, end) that tile the keyspace (invariant 1).
import { KEYSPACE_END, positionToHex } from './keyspace.js';

export interface Range {
  /** Inclusive. */
  start: bigint;
  /** Exclusive; KEYSPACE_END for the last range. */
  end: bigint;
}

export interface MicroshardRange extends Range {
  id: bigint;
}

/** `count` ranges of (almost) equal width covering the whole keyspace, ids 0..count-1. */
export function evenRanges(count: number): MicroshardRange[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`microshard count must be a positive integer, got ${count}`);
  const n = BigInt(count);
  const out: MicroshardRange[] = [];
  for (let i = 0n; i < n; i++) {
    out.push({ id: i, start: (KEYSPACE_END * i) / n, end: (KEYSPACE_END * (i + 1n)) / n });
  }
  return out;
}

export function rangeContains(r: Range, pos: bigint): boolean {
  return pos >= r.start && pos < r.end;
}

export function describeRange(r: Range): string {
  return `[${positionToHex(r.start)}, ${positionToHex(r.end)})`;
}

/**
 * Why `ranges` do not tile the keyspace, or undefined when they do: sorted by start, the first
 * starts at 0, each starts where the previous ends, the last ends at 2^64, none is empty.
 */
export function tilingViolation(ranges: readonly Range[]): string | undefined {
  if (ranges.length === 0) return 'no ranges';
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let expected = 0n;
  for (const r of sorted) {
    if (r.end <= r.start) return `empty or inverted range ${describeRange(r)}`;
    if (r.start < expected) return `overlap at ${positionToHex(r.start)} (previous range ends at ${positionToHex(expected)})`;
    if (r.start > expected) return `gap [${positionToHex(expected)}, ${positionToHex(r.start)})`;
    expected = r.end;
  }
  if (expected !== KEYSPACE_END) return `gap [${positionToHex(expected)}, ${positionToHex(KEYSPACE_END)})`;
  return undefined;
}

/** Index (into ranges sorted by start that tile the keyspace) of the range holding pos. */
export function findRangeIndex(sorted: readonly Range[], pos: bigint): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]!.start <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Splits r at `at` (start < at < end) into [start, at) and [at, end). */
export function splitRange(r: Range, at: bigint): [Range, Range] {
  if (at <= r.start || at >= r.end) throw new RangeError(`split point ${positionToHex(at)} is not inside ${describeRange(r)}`);
  return [{ start: r.start, end: at }, { start: at, end: r.end }];
}

/** Joins two adjacent ranges (in either order). */
export function mergeRanges(a: Range, b: Range): Range {
  if (a.end === b.start) return { start: a.start, end: b.end };
  if (b.end === a.start) return { start: b.start, end: a.end };
  throw new RangeError(`ranges ${describeRange(a)} and ${describeRange(b)} are not adjacent`);
}

export function compareByStart(a: Range, b: Range): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : 0;
}
