// Which microshard holds a position, on the ingest hot path: a sorted cache of the microshard
// states the route lookup answered, searched through packed bounds indexed by the top 16 bits
// of the position, falling back to the lookup (the sidecar's RouteTable) on a miss. A route
// change drops the cache, not the states: open-interval data is kept per id.
import { rebucket } from './access-histogram.js';
import type { ShardState, ShardStates } from './shard-state.js';

/** A microshard's range as the route cache knows it (core/route-table Microshard fits). */
export interface RoutedRange {
  id: string;
  start: bigint;
  end: bigint;
}

/** The route cache: which microshard holds a position (undefined: unknown or not routable). */
export type RouteLookup = (position: bigint) => RoutedRange | undefined;

/** The route cache index is keyed by the top 16 bits of a position. */
const SLOT_SHIFT = 16;
const SLOTS = 1 << 16;

export class RouteCache {
  /** States sorted by start, non-overlapping. */
  private cache: ShardState[] = [];
  /**
   * slotFirst[t]: index in `cache` of the first range ending after position t * 2^48; the
   * ranges holding positions of slot t are slotFirst[t]..slotFirst[t+1]. Rebuilt at the start of
   * a batch after the cache changed (a miss inserts and shifts indices).
   */
  private readonly slotFirst = new Int32Array(SLOTS + 1);
  /** startHi, startLo, endHi, endLo of cache[i] at 4i, and its arena slot (valid with the slot table). */
  private bounds = new Float64Array(0);
  private cacheSlot = new Int32Array(0);
  private tableValid = false;

  constructor(
    private readonly lookup: RouteLookup,
    private readonly states: ShardStates,
    /** The co-access handle a new state starts with. */
    private readonly handleOf: (id: string) => number,
  ) {}

  /** Before a batch: rebuild the packed index if the cache changed. */
  prepare(): void {
    if (!this.tableValid) this.rebuildSlots();
  }

  /** The route table changed: forget cached ranges (open-interval data is kept per id). */
  invalidate(): void {
    for (const s of this.cache) s.cached = false;
    this.cache = [];
    this.tableValid = false;
  }

  /** Forgets everything (the states are disposed by their owner). */
  clear(): void {
    this.cache = [];
    this.tableValid = false;
  }

  /** Arena slot of the microshard holding (hi, lo), via the local cache, else the lookup; -1: no route. */
  resolve(hi: number, lo: number): number {
    const c = this.cache;
    let l = 0;
    let h = c.length - 1;
    if (this.tableValid) {
      // Search the packed bounds (compact, warm): no microshard object is touched.
      const t = hi >>> SLOT_SHIFT;
      l = this.slotFirst[t]!;
      const u = this.slotFirst[t + 1]!;
      if (u < h) h = u;
      const bd = this.bounds;
      while (l <= h) {
        const m = (l + h) >> 1;
        const o = 4 * m;
        const sh = bd[o]!;
        if (sh < hi || (sh === hi && bd[o + 1]! <= lo)) {
          const eh = bd[o + 2]!;
          if (hi < eh || (hi === eh && lo < bd[o + 3]!)) return this.cacheSlot[m]!;
          l = m + 1;
        } else h = m - 1;
      }
      return this.miss(hi, lo);
    }
    while (l <= h) {
      const m = (l + h) >> 1;
      const s = c[m]!;
      if (s.startHi < hi || (s.startHi === hi && s.startLo <= lo)) {
        if (hi < s.endHi || (hi === s.endHi && lo < s.endLo)) return s.slot;
        l = m + 1;
      } else h = m - 1;
    }
    return this.miss(hi, lo);
  }

  private miss(hi: number, lo: number): number {
    const pos = (BigInt(hi) << 32n) | BigInt(lo);
    const r = this.lookup(pos);
    if (r === undefined) return -1;
    if (!(pos >= r.start && pos < r.end)) throw new Error(`route lookup returned ${r.id} [${r.start}, ${r.end}) for position ${pos} outside it`);
    let s = this.states.byId.get(r.id);
    if (s === undefined) {
      s = this.states.create(r, this.handleOf(r.id));
    } else if (s.start !== r.start || s.end !== r.end) {
      // The same microshard with a new range (a merge kept its id): re-bin what it has so far.
      const n = this.states.accessBuckets;
      if (s.touched) s.setBuckets(rebucket({ start: s.winStart, end: s.winEnd, buckets: s.buckets() }, r, n).histogram.buckets);
      if (s.cached) this.uncache(s);
      s.setRange(r.start, r.end);
    } else if (s.cached) {
      return s.slot; // cached but the search missed: cannot happen with non-overlapping ranges
    }
    this.insertCached(s);
    return s.slot;
  }

  private uncache(s: ShardState): void {
    const i = this.cache.indexOf(s);
    if (i >= 0) this.cache.splice(i, 1);
    s.cached = false;
    this.tableValid = false;
  }

  /** Inserts s into the sorted cache, dropping stale cached ranges it overlaps (O(log n) + a splice). */
  private insertCached(s: ShardState): void {
    const c = this.cache;
    let lo = 0;
    let hi = c.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (c[m]!.end <= s.start) lo = m + 1;
      else hi = m;
    }
    let j = lo;
    while (j < c.length && c[j]!.start < s.end) c[j++]!.cached = false;
    c.splice(lo, j - lo, s);
    s.cached = true;
    this.tableValid = false;
  }

  private rebuildSlots(): void {
    const c = this.cache;
    const n = c.length;
    let i = 0;
    for (let t = 0; t < SLOTS; t++) {
      const sHi = t * (1 << SLOT_SHIFT); // not t << 16: that overflows int32 past slot 32767
      // Skip ranges ending at or before the slot's first position (sHi, 0).
      while (i < n && (c[i]!.endHi < sHi || (c[i]!.endHi === sHi && c[i]!.endLo === 0))) i++;
      this.slotFirst[t] = i;
    }
    this.slotFirst[SLOTS] = n - 1;
    if (this.bounds.length < 4 * n) this.bounds = new Float64Array(8 * n);
    if (this.cacheSlot.length < n) this.cacheSlot = new Int32Array(2 * n);
    for (let k = 0; k < n; k++) {
      const st = c[k]!;
      this.cacheSlot[k] = st.slot;
      this.bounds[4 * k] = st.startHi;
      this.bounds[4 * k + 1] = st.startLo;
      this.bounds[4 * k + 2] = st.endHi;
      this.bounds[4 * k + 3] = st.endLo;
    }
    this.tableValid = true;
  }
}
