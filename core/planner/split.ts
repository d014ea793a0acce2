// Where to cut a microshard. By load: at the histogram edge that leaves the two halves carrying
// the most similar recent load. Even: at the midpoint of the hash range (spreads data evenly).
import type { Range } from '../ranges.js';
import type { AccessHistogram } from './snapshot.js';

export type SplitMode = 'load' | 'even';

export interface SplitPoint {
  at: bigint;
  /** Share of the recent load that falls left of `at` (0.5 when unknown). */
  leftShare: number;
  /** How the point was found. */
  how: string;
}

export type SplitChoice = SplitPoint | { refused: string };

export function histogramViolation(range: Range, h: AccessHistogram): string | undefined {
  if (h.edges.length < 2 || h.counts.length !== h.edges.length - 1) return 'histogram needs n + 1 edges for n counts';
  if (h.edges[0] !== range.start || h.edges[h.edges.length - 1] !== range.end) return 'histogram edges do not span the range';
  for (let i = 1; i < h.edges.length; i++) if (h.edges[i]! <= h.edges[i - 1]!) return 'histogram edges not strictly ascending';
  for (const c of h.counts) if (!(c >= 0) || !Number.isFinite(c)) return 'histogram count not a finite number >= 0';
  return undefined;
}

/** Share of the histogram's load left of `at`, counting a straddled bucket pro rata. */
export function loadShareLeftOf(h: AccessHistogram, at: bigint): number {
  let total = 0;
  let left = 0;
  for (let i = 0; i < h.counts.length; i++) {
    const c = h.counts[i]!;
    total += c;
    const lo = h.edges[i]!;
    const hi = h.edges[i + 1]!;
    if (hi <= at) left += c;
    else if (lo < at) left += (c * Number(at - lo)) / Number(hi - lo);
  }
  return total > 0 ? left / total : 0.5;
}

export function chooseSplitPoint(range: Range, histogram: AccessHistogram | undefined, mode: SplitMode): SplitChoice {
  if (range.end - range.start < 2n) return { refused: 'range too narrow to split' };
  const mid = range.start + (range.end - range.start) / 2n;
  const bad = histogram ? histogramViolation(range, histogram) : 'no histogram';
  if (mode === 'even' || bad) {
    return { at: mid, leftShare: bad ? 0.5 : loadShareLeftOf(histogram!, mid), how: mode === 'even' ? 'midpoint (even data)' : `midpoint (${bad})` };
  }
  const h = histogram!;
  let total = 0;
  for (const c of h.counts) total += c;
  if (total <= 0) return { at: mid, leftShare: 0.5, how: 'midpoint (no recent load)' };
  // One bucket: the load cannot be located any finer (in the simulator, a single key).
  if (h.counts.length < 2) return { refused: 'histogram has one bucket: the load cannot be split finer' };
  // The interior edge whose cumulative load is closest to half.
  let cum = 0;
  let bestAt = mid;
  let bestDiff = Infinity;
  let bestShare = 0.5;
  for (let i = 0; i < h.counts.length - 1; i++) {
    cum += h.counts[i]!;
    const diff = Math.abs(cum - total / 2);
    if (diff < bestDiff) {
      bestDiff = diff;
      bestAt = h.edges[i + 1]!;
      bestShare = cum / total;
    }
  }
  return { at: bestAt, leftShare: bestShare, how: 'histogram (load halves)' };
}

export interface IsolatingSplit {
  /** One or two cut points, ascending: the hottest bucket becomes a microshard of its own. */
  cuts: bigint[];
  /** Load share of each resulting piece, in keyspace order (cuts.length + 1 of them). */
  shares: number[];
  /** Index of the hot piece in `shares`. */
  hot: number;
  how: string;
}

/**
 * When one bucket carries most of the load (one hot key, typically) no cut balances the halves;
 * cutting around that bucket instead makes the hot part small, so it copies in little time while
 * the cold rest stays put.
 */
export function chooseIsolatingSplit(range: Range, histogram: AccessHistogram | undefined): IsolatingSplit | { refused: string } {
  if (!histogram) return { refused: 'no histogram' };
  const bad = histogramViolation(range, histogram);
  if (bad) return { refused: bad };
  const { edges, counts } = histogram;
  if (counts.length < 2) return { refused: 'histogram has one bucket: the load cannot be split finer' };
  let hot = 0;
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    total += counts[i]!;
    if (counts[i]! > counts[hot]!) hot = i;
  }
  if (total <= 0) return { refused: 'no recent load' };
  const cuts: bigint[] = [];
  const shares: number[] = [];
  let before = 0;
  for (let i = 0; i < hot; i++) before += counts[i]!;
  if (hot > 0) {
    cuts.push(edges[hot]!);
    shares.push(before / total);
  }
  shares.push(counts[hot]! / total);
  if (hot < counts.length - 1) {
    cuts.push(edges[hot + 1]!);
    shares.push((total - before - counts[hot]!) / total);
  }
  return { cuts, shares, hot: hot > 0 ? 1 : 0, how: `isolate the hottest bucket (${((counts[hot]! / total) * 100).toFixed(0)}% of the load)` };
}
