// Per-microshard accumulators of the open interval: ops, bytes, errors, records, latency
// (staged, then an HdrHistogram), access buckets over the microshard's range, regions, and
// the co-access group count. Counters live in one shared Float64Array (the arena), a
// fixed-width block per microshard: with thousands of microshards each record lands on a cold
// block, and one flat block costs fewer cache misses than an object with boxed number fields
// plus typed arrays of its own (measured 1.15x median, 1.4x best, in-process at 10,000
// microshards; no change at 1,024). ShardStates owns the arena and adds records to it.
import * as hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import type { AccessFields } from './access-wire.js';
import type { MicroshardIntervalLoad } from './interval-load.js';

// The WebAssembly build of HdrHistogram records ~3x faster than the JS one (measured in
// bench/ingest on this code path); its histograms live in the wasm heap and are destroyed
// explicitly when a microshard's state goes away.
await hdr.initWebAssembly();

/**
 * Latency resolution: 2 significant digits (1 %), enough for p50/p99 in ms, at ~3 KB per
 * microshard histogram (estimatedFootprintInBytes) instead of several times that at 3 digits.
 * The histogram grows past its initial range (60 s) when a larger value arrives.
 */
export const DEFAULT_LATENCY_SIGNIFICANT_DIGITS = 2;
const LATENCY_INITIAL_MAX_US = 60_000_000;
/** Latency values staged per microshard before they are recorded in its histogram. */
const LATENCY_STAGE = 32;
/** The narrowest access-bucket window (positions): below this, zooming further tells nothing new. */
const WINDOW_MIN_WIDTH = 2 ** 16;

// Block layout, by offset: line 1: what every record updates and the bucketing reads; line 2:
// the rest; then the access buckets; then the staged latency pairs (value, count).
const D_READS = 0;
const D_WRITES = 1;
const D_BYTES_READ = 2;
const D_BYTES_WRITTEN = 3;
const D_START_HI = 4;
const D_START_LO = 5;
const D_SCALE = 6;
/** Offset (in the block) of the next free staged-latency slot. */
const D_STAGED = 7;
const D_RECORDS = 8;
const D_ERRORS = 9;
const D_LAT_SUM = 10;
const D_LAT_OPS = 11;
const D_TOUCHED = 12;
/** Co-access handle of the id (CoAccessTracker.handle); read by the co-access counting. */
export const D_HANDLE = 13;
/** Multi-microshard requests that touched it this interval; counted by the co-access counting. */
export const D_GROUPS = 14;
/** Lowest and highest position accessed this interval, as doubles (53 bits: enough to aim the window). */
const D_MIN_POS = 15;
const D_MAX_POS = 16;
const D_BUCKETS = 24;

/** Fixed-width blocks in one growable Float64Array; blocks are addressed by slot number. */
export class Arena {
  data: Float64Array;
  private readonly free: number[] = [];
  private next = 0;

  constructor(readonly width: number) {
    this.data = new Float64Array(width * 64);
  }

  alloc(): number {
    const slot = this.free.pop() ?? this.next++;
    const end = (slot + 1) * this.width;
    if (end > this.data.length) {
      const grown = new Float64Array(Math.max(end, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data.fill(0, slot * this.width, end);
    return slot;
  }

  release(slot: number): void {
    this.free.push(slot);
  }
}

/** One microshard's accumulators: a view of its arena block plus what does not fit in one. */
export class ShardState {
  /** Split of start/end for the route cache's packed bounds (endHi is 2^32 for the keyspace end). */
  startHi = 0;
  startLo = 0;
  endHi = 0;
  endLo = 0;
  /** In the route cache (route-cache.ts); a state neither cached nor touched is forgotten at close. */
  cached = false;
  latency: Histogram | undefined;
  regions: Map<string, number> | undefined;
  /**
   * The positions the access buckets cover: the whole range, or, once accesses were seen, a window
   * around the span the last interval's accesses fell in (accesses outside it count in the edge
   * buckets). A microshard holds many tenants under a prefix key schema and one tenant is 2^-32
   * of the keyspace: without the zoom a hot tenant falls in one bucket and no split can aim
   * inside it.
   */
  winStart = 0n;
  winEnd = 0n;
  /** First element of this microshard's block in the arena. */
  readonly off: number;

  constructor(
    readonly id: string,
    public start: bigint,
    public end: bigint,
    readonly slot: number,
    private readonly arena: Arena,
    private readonly bucketCount: number,
    handle: number,
  ) {
    this.off = slot * arena.width;
    const d = arena.data;
    d[this.off + D_STAGED] = D_BUCKETS + bucketCount;
    d[this.off + D_HANDLE] = handle;
    this.setRange(start, end);
  }

  private get(i: number): number {
    return this.arena.data[this.off + i]!;
  }
  get reads(): number {
    return this.get(D_READS);
  }
  get writes(): number {
    return this.get(D_WRITES);
  }
  get bytesRead(): number {
    return this.get(D_BYTES_READ);
  }
  get bytesWritten(): number {
    return this.get(D_BYTES_WRITTEN);
  }
  get errors(): number {
    return this.get(D_ERRORS);
  }
  get records(): number {
    return this.get(D_RECORDS);
  }
  get latencyUsSum(): number {
    return this.get(D_LAT_SUM);
  }
  get latencyOps(): number {
    return this.get(D_LAT_OPS);
  }
  get touched(): boolean {
    return this.get(D_TOUCHED) !== 0;
  }
  /** Multi-microshard requests that touched it this interval (the sketch's singles, at close). */
  get groupCount(): number {
    return this.get(D_GROUPS);
  }
  /** Co-access handle of the id (CoAccessTracker.handle). */
  get handle(): number {
    return this.get(D_HANDLE);
  }
  set handle(h: number) {
    this.arena.data[this.off + D_HANDLE] = h;
  }

  buckets(): number[] {
    const o = this.off + D_BUCKETS;
    return Array.from(this.arena.data.subarray(o, o + this.bucketCount));
  }

  setBuckets(values: readonly number[]): void {
    this.arena.data.set(values, this.off + D_BUCKETS);
  }

  setRange(start: bigint, end: bigint): void {
    this.start = start;
    this.end = end;
    this.startHi = Number(start >> 32n);
    this.startLo = Number(start & 0xffffffffn);
    this.endHi = Number(end >> 32n);
    this.endLo = Number(end & 0xffffffffn);
    this.setWindow(start, end);
    this.arena.data[this.off + D_MIN_POS] = Infinity;
    this.arena.data[this.off + D_MAX_POS] = -Infinity;
  }

  /** Buckets cover [start, end) from now on (inside the range). */
  private setWindow(start: bigint, end: bigint): void {
    this.winStart = start;
    this.winEnd = end;
    const d = this.arena.data;
    d[this.off + D_START_HI] = Number(start >> 32n);
    d[this.off + D_START_LO] = Number(start & 0xffffffffn);
    d[this.off + D_SCALE] = this.bucketCount / Number(end - start);
  }

  /**
   * Aims the next interval's buckets at the span this one's accesses fell in, widened by half its
   * width on each side (load that drifts stays inside); the whole range when that span is not
   * much narrower than it (a quarter) or nothing was accessed.
   */
  private aimWindow(): void {
    const d = this.arena.data;
    const lo = d[this.off + D_MIN_POS]!;
    const hi = d[this.off + D_MAX_POS]!;
    const width = Number(this.end - this.start);
    if (!(hi >= lo)) return this.setWindow(this.start, this.end);
    const span = Math.max(hi - lo, WINDOW_MIN_WIDTH);
    if (2 * span >= width / 4) return this.setWindow(this.start, this.end);
    const clamp = (x: bigint) => (x < this.start ? this.start : x > this.end ? this.end : x);
    const a = clamp(BigInt(Math.max(0, Math.floor(lo - span / 2))));
    const b = clamp(BigInt(Math.ceil(hi + span / 2)) + 1n);
    this.setWindow(a, b > a ? b : this.end);
  }

  /** Records the staged latency values into the histogram (runs of values into one histogram keep it in cache). */
  flushLatency(): void {
    const h = (this.latency ??= newLatencyHistogram());
    const d = this.arena.data;
    const o = this.off;
    const n = o + d[o + D_STAGED]!;
    for (let i = o + D_BUCKETS + this.bucketCount; i < n; i += 2) h.recordValueWithCount(d[i]!, d[i + 1]!);
    d[o + D_STAGED] = D_BUCKETS + this.bucketCount;
  }

  dispose(): void {
    this.latency?.destroy();
    this.latency = undefined;
    this.arena.release(this.slot);
  }

  reset(): void {
    const d = this.arena.data;
    const o = this.off;
    d.fill(0, o + D_READS, o + D_START_HI);
    d.fill(0, o + D_RECORDS, o + D_HANDLE);
    d[o + D_GROUPS] = 0;
    d.fill(0, o + D_BUCKETS, o + D_BUCKETS + this.bucketCount);
    d[o + D_STAGED] = D_BUCKETS + this.bucketCount;
    this.latency?.reset();
    this.regions = undefined;
    this.aimWindow();
    d[o + D_MIN_POS] = Infinity;
    d[o + D_MAX_POS] = -Infinity;
  }
}

/** Every microshard with accumulators (by id and by arena slot), and the ones touched this interval. */
export class ShardStates {
  readonly arena: Arena;
  /** Block width and where the staged latency area starts and ends inside a block. */
  readonly width: number;
  private readonly stageAt: number;
  private readonly stageEnd: number;
  /** Every microshard with state: cached in the route cache or touched this interval. */
  readonly byId = new Map<string, ShardState>();
  /** State by arena slot. */
  readonly bySlot: Array<ShardState | undefined> = [];
  /** Touched this interval, in first-touch order. */
  touched: ShardState[] = [];

  constructor(readonly accessBuckets: number) {
    this.stageAt = D_BUCKETS + accessBuckets;
    this.stageEnd = this.stageAt + 2 * LATENCY_STAGE;
    this.width = Math.ceil(this.stageEnd / 8) * 8; // whole 64-byte lines
    this.arena = new Arena(this.width);
  }

  create(r: { id: string; start: bigint; end: bigint }, handle: number): ShardState {
    const s = new ShardState(r.id, r.start, r.end, this.arena.alloc(), this.arena, this.accessBuckets, handle);
    this.bySlot[s.slot] = s;
    this.byId.set(r.id, s);
    return s;
  }

  forget(s: ShardState): void {
    s.dispose();
    this.bySlot[s.slot] = undefined;
    this.byId.delete(s.id);
  }

  /** Adds one valid record to the microshard in `slot`; answers its ops (reads + writes). */
  add(slot: number, f: AccessFields): number {
    const d = this.arena.data;
    const o = slot * this.width;
    if (d[o + D_TOUCHED] === 0) {
      d[o + D_TOUCHED] = 1;
      this.touched.push(this.bySlot[slot]!);
    }
    const ops = f.reads + f.writes;
    d[o + D_READS]! += f.reads;
    d[o + D_WRITES]! += f.writes;
    d[o + D_BYTES_READ]! += f.bytesRead;
    d[o + D_BYTES_WRITTEN]! += f.bytesWritten;
    d[o + D_RECORDS]!++;
    d[o + D_ERRORS]! += f.errors;
    if (ops > 0) {
      // latency_us is the total over the record's ops: each op is recorded at the mean.
      if (f.latencyUs > 0) {
        d[o + D_LAT_SUM]! += f.latencyUs;
        d[o + D_LAT_OPS]! += ops;
        const n = d[o + D_STAGED]!;
        d[o + n] = Math.round(f.latencyUs / ops);
        d[o + n + 1] = ops;
        d[o + D_STAGED] = n + 2;
        if (n + 2 === this.stageEnd) this.bySlot[slot]!.flushLatency();
      }
      // Double arithmetic (53-bit): a position within ~2^-50 of the range width from a bucket
      // edge may land in the neighbouring bucket; bucketOf() in access-histogram is the exact one.
      const at = f.hi * 4294967296 + f.lo;
      if (at < d[o + D_MIN_POS]!) d[o + D_MIN_POS] = at;
      if (at > d[o + D_MAX_POS]!) d[o + D_MAX_POS] = at;
      let b = Math.floor(((f.hi - d[o + D_START_HI]!) * 4294967296 + (f.lo - d[o + D_START_LO]!)) * d[o + D_SCALE]!);
      if (b < 0) b = 0;
      else if (b >= this.accessBuckets) b = this.accessBuckets - 1;
      d[o + D_BUCKETS + b]! += ops;
      if (f.region !== '') {
        const st = this.bySlot[slot]!;
        const m = (st.regions ??= new Map());
        m.set(f.region, (m.get(f.region) ?? 0) + ops);
      }
    }
    return ops;
  }

  /** The interval's load of a touched microshard. */
  load(s: ShardState, seconds: number, sizeBytes: number | undefined): MicroshardIntervalLoad {
    if (this.arena.data[s.off + D_STAGED]! > this.stageAt) s.flushLatency();
    const ops = s.reads + s.writes;
    const h = s.latency;
    const has = h !== undefined && s.latencyOps > 0;
    return {
      microshardId: s.id,
      start: s.start,
      end: s.end,
      reads: s.reads,
      writes: s.writes,
      ops,
      bytesRead: s.bytesRead,
      bytesWritten: s.bytesWritten,
      errors: s.errors,
      errorRate: s.errors === 0 ? 0 : s.errors / Math.max(ops, s.errors),
      readFraction: ops === 0 ? 0 : s.reads / ops,
      readWriteRatio: s.writes === 0 ? null : s.reads / s.writes,
      opsPerSecond: ops / seconds,
      records: s.records,
      latencyP50Ms: has ? h.getValueAtPercentile(50) / 1000 : 0,
      latencyP99Ms: has ? h.getValueAtPercentile(99) / 1000 : 0,
      latencyMeanMs: has ? s.latencyUsSum / s.latencyOps / 1000 : 0,
      sizeBytes,
      access: { start: s.winStart, end: s.winEnd, buckets: s.buckets() },
      regions: s.regions ? Object.fromEntries(s.regions) : {},
    };
  }

  /** Clears the touched microshards' accumulators for the next interval. */
  resetTouched(): void {
    for (const s of this.touched) s.reset();
    this.touched = [];
  }

  /** Frees every latency histogram (wasm memory). */
  dispose(): void {
    for (const s of this.byId.values()) s.dispose();
    this.byId.clear();
    this.bySlot.length = 0;
    this.touched = [];
  }
}

function newLatencyHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: LATENCY_INITIAL_MAX_US,
    numberOfSignificantValueDigits: DEFAULT_LATENCY_SIGNIFICANT_DIGITS,
    useWebAssembly: true,
  });
}
