// Where accesses fall inside a microshard's hash range: a fixed number of equal-width buckets
// over [start, end). The split point comes from it (the position that halves the load), and a
// split or merge apportions history by it. Pure functions; the aggregator fills the buckets.
import type { Range } from '../../core/ranges.js';

/**
 * Buckets per microshard. 32 keeps the per-microshard cost at 256 bytes while placing a split
 * point within ~3 % of the range; a hot single key needs a finer look than any fixed histogram.
 */
export const DEFAULT_ACCESS_BUCKETS = 32;

/** Ops per equal-width bucket of [start, end); bucket i starts at bucketStart(h, i). */
export interface AccessHistogram {
  start: bigint;
  end: bigint;
  buckets: number[];
}

export function emptyHistogram(range: Range, buckets = DEFAULT_ACCESS_BUCKETS): AccessHistogram {
  if (range.end <= range.start) throw new RangeError(`empty range [${range.start}, ${range.end})`);
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`bucket count must be a positive integer, got ${buckets}`);
  return { start: range.start, end: range.end, buckets: new Array<number>(buckets).fill(0) };
}

/** Exact first position of bucket i (i = buckets.length gives end). */
export function bucketStart(h: AccessHistogram, i: number): bigint {
  const n = BigInt(h.buckets.length);
  return h.start + ((h.end - h.start) * BigInt(i)) / n;
}

/** Bucket of a position inside the range (exact, bigint; the hot path uses doubles, see aggregator). */
export function bucketOf(h: AccessHistogram, pos: bigint): number {
  if (pos < h.start || pos >= h.end) throw new RangeError(`position ${pos} outside [${h.start}, ${h.end})`);
  const n = BigInt(h.buckets.length);
  // Largest i with bucketStart(i) <= pos: floor(((pos-start+1)*n - 1) / width) handles the floor in bucketStart.
  const i = Number((((pos - h.start) + 1n) * n - 1n) / (h.end - h.start));
  return Math.min(i, h.buckets.length - 1);
}

export function histogramTotal(h: AccessHistogram): number {
  let s = 0;
  for (const b of h.buckets) s += b;
  return s;
}

/**
 * Fraction of the load below `point` (in [start, end]), load taken as uniform inside a bucket.
 * With no load recorded, the width fraction (a split then spreads history by keyspace width).
 */
export function shareBelow(h: AccessHistogram, point: bigint): number {
  const width = Number(h.end - h.start);
  if (point <= h.start) return 0;
  if (point >= h.end) return 1;
  const total = histogramTotal(h);
  if (total <= 0) return Number(point - h.start) / width;
  let below = 0;
  for (let i = 0; i < h.buckets.length; i++) {
    const bs = bucketStart(h, i);
    const be = bucketStart(h, i + 1);
    if (be <= point) below += h.buckets[i]!;
    else {
      if (bs < point) below += (h.buckets[i]! * Number(point - bs)) / Number(be - bs);
      break;
    }
  }
  return below / total;
}

export interface SplitSuggestion {
  /** First position of the upper half: the split is [start, point) + [point, end). */
  point: bigint;
  /** Estimated share of the load below the point (0.5 unless one bucket holds it all). */
  leftShare: number;
  /** 'load' when placed by the histogram, 'midpoint' when no load was recorded. */
  basis: 'load' | 'midpoint';
}

/**
 * The position that balances the recorded load between the two halves, interpolated linearly
 * inside the bucket where the cumulative load crosses half. Always strictly inside the range
 * (start < point < end) so both halves are non-empty; ranges narrower than 2 positions throw.
 */
export function splitPointFromHistogram(h: AccessHistogram): SplitSuggestion {
  if (h.end - h.start < 2n) throw new RangeError('a range of one position cannot be split');
  const clamp = (p: bigint): bigint => (p <= h.start ? h.start + 1n : p >= h.end ? h.end - 1n : p);
  const total = histogramTotal(h);
  if (total <= 0) {
    const point = clamp(h.start + (h.end - h.start) / 2n);
    return { point, leftShare: shareBelow(h, point), basis: 'midpoint' };
  }
  const half = total / 2;
  let cum = 0;
  let point = h.end - 1n;
  for (let i = 0; i < h.buckets.length; i++) {
    const b = h.buckets[i]!;
    if (b > 0 && cum + b >= half) {
      const bs = bucketStart(h, i);
      const bw = bucketStart(h, i + 1) - bs;
      const frac = (half - cum) / b;
      // Scale in bigint via a 2^20 fixed-point fraction so wide buckets keep their precision.
      point = bs + (bw * BigInt(Math.round(frac * 1048576))) / 1048576n;
      break;
    }
    cum += b;
  }
  point = clamp(point);
  return { point, leftShare: shareBelow(h, point), basis: 'load' };
}

/**
 * The same load seen over a different range (after the microshard's range changed): each
 * bucket's mass is spread uniformly over its sub-range and re-binned; mass outside the new
 * range is returned as `dropped`.
 */
export function rebucket(h: AccessHistogram, range: Range, buckets = h.buckets.length): { histogram: AccessHistogram; dropped: number } {
  const out = emptyHistogram(range, buckets);
  let dropped = 0;
  for (let i = 0; i < h.buckets.length; i++) {
    const mass = h.buckets[i]!;
    if (mass === 0) continue;
    const bs = bucketStart(h, i);
    const be = bucketStart(h, i + 1);
    const bw = Number(be - bs);
    let placed = 0;
    for (let j = 0; j < buckets; j++) {
      const os = bucketStart(out, j);
      const oe = bucketStart(out, j + 1);
      const lo = bs > os ? bs : os;
      const hi = be < oe ? be : oe;
      if (hi > lo) {
        const part = (mass * Number(hi - lo)) / bw;
        out.buckets[j]! += part;
        placed += part;
      }
    }
    dropped += mass - placed;
  }
  return { histogram: out, dropped: Math.max(0, dropped) };
}

/** Element-wise sum of histograms over adjacent ranges, re-binned over their union. */
export function mergeHistograms(parts: readonly AccessHistogram[], buckets = DEFAULT_ACCESS_BUCKETS): AccessHistogram {
  if (parts.length === 0) throw new RangeError('nothing to merge');
  const sorted = [...parts].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start !== sorted[i - 1]!.end) throw new RangeError('merged histograms must cover adjacent ranges');
  }
  const union = { start: sorted[0]!.start, end: sorted[sorted.length - 1]!.end };
  const out = emptyHistogram(union, buckets);
  for (const p of sorted) {
    const r = rebucket(p, union, buckets).histogram;
    for (let j = 0; j < buckets; j++) out.buckets[j]! += r.buckets[j]!;
  }
  return out;
}
