// Which microshards are touched by the same requests, in bounded memory. Space-Saving
// (Metwally et al. 2005) over microshard pairs: at most `capacity` counters whatever the number
// of distinct pairs, each estimate over-counts by at most its recorded error, and any pair whose
// true count exceeds total/capacity is guaranteed to be tracked. Never a full pair matrix.

/** Counters kept for pairs (and, separately, for single microshards): ~100 bytes each. */
export const DEFAULT_COACCESS_CAPACITY = 4096;
/**
 * Distinct microshards of one request that are paired. A scatter-gather request over k
 * microshards yields k(k-1)/2 pairs; beyond this the rest of the group is ignored (counted in
 * `truncatedGroups`) so one fan-out request cannot flush the sketch.
 */
export const DEFAULT_MAX_GROUP_MICROSHARDS = 16;

export interface HeavyHitter<K> {
  key: K;
  /** Estimated count: true count <= count <= true count + error. */
  count: number;
  /** Over-estimation bound (the count of the item this one replaced). */
  error: number;
}

interface Counter<K> {
  key: K;
  count: number;
  error: number;
  /** Position in the heap array (kept on every swap so no map update is needed). */
  at: number;
}

/** Space-Saving with a binary min-heap: add is O(log capacity), weights may be fractional. */
export class SpaceSaving<K> {
  private readonly heap: Counter<K>[] = [];
  private readonly byKey = new Map<K, Counter<K>>();
  private totalWeight = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.heap.length;
  }

  /** Sum of all weights added (after decay): the N of the error bound N/capacity. */
  get total(): number {
    return this.totalWeight;
  }

  add(key: K, weight = 1): void {
    if (!(weight > 0)) return;
    this.totalWeight += weight;
    const c = this.byKey.get(key);
    if (c !== undefined) {
      c.count += weight;
      this.siftDown(c.at);
      return;
    }
    if (this.heap.length < this.capacity) {
      const n: Counter<K> = { key, count: weight, error: 0, at: this.heap.length };
      this.heap.push(n);
      this.byKey.set(key, n);
      this.siftUp(n.at);
      return;
    }
    // Replace the minimum: the newcomer inherits its count as possible over-count.
    const min = this.heap[0]!;
    this.byKey.delete(min.key);
    min.key = key;
    min.error = min.count;
    min.count += weight;
    this.byKey.set(key, min);
    this.siftDown(0);
  }

  estimate(key: K): HeavyHitter<K> | undefined {
    const c = this.byKey.get(key);
    return c === undefined ? undefined : { key, count: c.count, error: c.error };
  }

  /** The k largest estimates, largest first. */
  top(k: number): HeavyHitter<K>[] {
    return [...this.heap]
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, Math.max(0, k))
      .map((c) => ({ key: c.key, count: c.count, error: c.error }));
  }

  /** Multiplies every count, error and the total by `factor` (0 < factor <= 1): heap order is kept. */
  decay(factor: number): void {
    if (!(factor > 0 && factor <= 1)) throw new RangeError(`decay factor must be in (0, 1], got ${factor}`);
    if (factor === 1) return;
    for (const c of this.heap) {
      c.count *= factor;
      c.error *= factor;
    }
    this.totalWeight *= factor;
  }

  /** Every tracked key. */
  keys(): K[] {
    return this.heap.map((c) => c.key);
  }

  /** Renames every key (a bijection on the tracked keys); counts and errors are kept. */
  rekey(rename: (key: K) => K): void {
    this.byKey.clear();
    for (const c of this.heap) {
      c.key = rename(c.key);
      this.byKey.set(c.key, c);
    }
  }

  clear(): void {
    this.heap.length = 0;
    this.byKey.clear();
    this.totalWeight = 0;
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const c = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pc = h[p]!;
      if (pc.count <= c.count) break;
      h[i] = pc;
      pc.at = i;
      i = p;
    }
    h[i] = c;
    c.at = i;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    const c = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && h[r]!.count < h[l]!.count ? r : l;
      const mc = h[m]!;
      if (mc.count >= c.count) break;
      h[i] = mc;
      mc.at = i;
      i = m;
    }
    h[i] = c;
    c.at = i;
  }
}

export interface CoAccessPair {
  /** The two microshard ids, a < b (string order). */
  a: string;
  b: string;
  /** Estimated number of requests touching both (upper bound). */
  count: number;
  /** count - error: a lower bound of the true count. */
  lowerBound: number;
  /** Over-estimation bound of `count`. */
  error: number;
  /**
   * count / (requests touching a + requests touching b - count), from the single-microshard
   * sketch: 1 when a and b are only ever accessed together. NaN when a side is not tracked.
   */
  jaccard: number;
}

export interface CoAccessOptions {
  /** Pair counters (and single-microshard counters); see DEFAULT_COACCESS_CAPACITY. */
  capacity?: number;
  maxGroupMicroshards?: number;
}

/** Handles are < 2^26 so a pair of them packs exactly into one double: lo * 2^26 + hi. */
const HANDLE_LIMIT = 1 << 26;

/**
 * Co-access of microshards. Ids are interned to small integer handles so a pair is one number
 * (no string building or hashing per pair on the ingest path); the handle registry holds only
 * ids that a counter references or the caller declares live (compact()).
 */
export class CoAccessTracker {
  private readonly pairs: SpaceSaving<number>;
  private readonly singles: SpaceSaving<number>;
  readonly maxGroupMicroshards: number;
  /** Groups observed with at least two distinct microshards. */
  groups = 0;
  /** Groups cut to maxGroupMicroshards. */
  truncatedGroups = 0;
  private handles = new Map<string, number>();
  private ids: string[] = [];

  constructor(opts: CoAccessOptions = {}) {
    const capacity = opts.capacity ?? DEFAULT_COACCESS_CAPACITY;
    this.pairs = new SpaceSaving(capacity);
    this.singles = new SpaceSaving(capacity);
    this.maxGroupMicroshards = opts.maxGroupMicroshards ?? DEFAULT_MAX_GROUP_MICROSHARDS;
    if (!Number.isInteger(this.maxGroupMicroshards) || this.maxGroupMicroshards < 2) {
      throw new RangeError(`maxGroupMicroshards must be an integer >= 2, got ${this.maxGroupMicroshards}`);
    }
  }

  get capacity(): number {
    return this.pairs.capacity;
  }

  /** Counters in use (pairs + singles): never more than 2 x capacity. */
  get counters(): number {
    return this.pairs.size + this.singles.size;
  }

  /** Interned ids (bounded by compact()). */
  get registered(): number {
    return this.handles.size;
  }

  /** The handle of an id (interned on first use). Handles change only in compact(). */
  handle(id: string): number {
    let h = this.handles.get(id);
    if (h === undefined) {
      if (this.ids.length >= HANDLE_LIMIT) throw new RangeError('co-access handle space exhausted: call compact()');
      h = this.ids.length;
      this.ids.push(id);
      this.handles.set(id, h);
    }
    return h;
  }

  /** The distinct microshards one request touched (duplicates are ignored). */
  observeGroup(ids: readonly string[], weight = 1): void {
    let distinct = [...new Set(ids)];
    if (distinct.length < 2) return;
    const truncated = distinct.length > this.maxGroupMicroshards;
    if (truncated) distinct = distinct.slice(0, this.maxGroupMicroshards);
    this.countGroup(truncated);
    const hs = distinct.map((id) => this.handle(id));
    for (const h of hs) this.addSingle(h, weight);
    for (let i = 0; i < hs.length; i++) {
      for (let j = i + 1; j < hs.length; j++) this.addPair(hs[i]!, hs[j]!, weight);
    }
  }

  /** The pair key of two handles (either order). */
  static pairKey(a: number, b: number): number {
    return a < b ? a * HANDLE_LIMIT + b : b * HANDLE_LIMIT + a;
  }

  /** Pre-counted co-access: `weight` requests touched both handles (the aggregator sums a batch first). */
  addPair(a: number, b: number, weight: number): void {
    this.pairs.add(CoAccessTracker.pairKey(a, b), weight);
  }

  addPairKey(key: number, weight: number): void {
    this.pairs.add(key, weight);
  }

  /** One microshard's count of multi-microshard requests (the Jaccard denominator). */
  addSingle(handle: number, weight: number): void {
    this.singles.add(handle, weight);
  }

  /** Counts one group of >= 2 distinct microshards (for callers that pre-count pairs). */
  countGroup(truncated: boolean): void {
    this.groups++;
    if (truncated) this.truncatedGroups++;
  }

  topPairs(k: number): CoAccessPair[] {
    return this.pairs.top(k).map((h) => {
      const ha = Math.floor(h.key / HANDLE_LIMIT);
      const hb = h.key % HANDLE_LIMIT;
      let a = this.ids[ha]!;
      let b = this.ids[hb]!;
      if (b < a) [a, b] = [b, a];
      const sa = this.singles.estimate(ha);
      const sb = this.singles.estimate(hb);
      const union = sa && sb ? sa.count + sb.count - h.count : NaN;
      return { a, b, count: h.count, error: h.error, lowerBound: Math.max(0, h.count - h.error), jaccard: union > 0 ? Math.min(1, h.count / union) : NaN };
    });
  }

  /** Estimate for one pair (either order), undefined when it is not tracked. */
  pair(a: string, b: string): { count: number; error: number } | undefined {
    const ha = this.handles.get(a);
    const hb = this.handles.get(b);
    if (ha === undefined || hb === undefined) return undefined;
    const e = this.pairs.estimate(CoAccessTracker.pairKey(ha, hb));
    return e && { count: e.count, error: e.error };
  }

  /** Worst-case over-count of any pair estimate: total pair weight / capacity. */
  get errorBound(): number {
    return this.pairs.total / this.pairs.capacity;
  }

  /** Ages the statistics (called per interval with a half-life factor) so old patterns fade. */
  decay(factor: number): void {
    this.pairs.decay(factor);
    this.singles.decay(factor);
  }

  /**
   * Forgets ids no counter references and `live` does not name, and renumbers the handles
   * densely. Returns true when handles changed: callers holding handles must ask again.
   */
  compact(live: Iterable<string>): boolean {
    const keep = new Set<number>();
    for (const k of this.pairs.keys()) {
      keep.add(Math.floor(k / HANDLE_LIMIT));
      keep.add(k % HANDLE_LIMIT);
    }
    for (const k of this.singles.keys()) keep.add(k);
    const ids: string[] = [];
    const handles = new Map<string, number>();
    const renumber = new Map<number, number>();
    for (const h of [...keep].sort((x, y) => x - y)) {
      renumber.set(h, ids.length);
      handles.set(this.ids[h]!, ids.length);
      ids.push(this.ids[h]!);
    }
    for (const id of live) {
      if (!handles.has(id)) {
        handles.set(id, ids.length);
        ids.push(id);
      }
    }
    const changed = [...renumber].some(([from, to]) => from !== to) || ids.length !== this.ids.length;
    this.pairs.rekey((k) => renumber.get(Math.floor(k / HANDLE_LIMIT))! * HANDLE_LIMIT + renumber.get(k % HANDLE_LIMIT)!);
    this.singles.rekey((k) => renumber.get(k)!);
    this.ids = ids;
    this.handles = handles;
    return changed;
  }
}
