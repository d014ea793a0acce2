// Per-microshard, per-interval aggregation of access records: ops, bytes, errors, latency
// percentiles (HdrHistogram), access frequency, where accesses fall inside the microshard's
// range, and co-access groups. Time moves only through rollover(nowMs), so the aggregation is
// deterministic under test; startRolloverTimer() drives it from the wall clock in the sidecar.
import * as hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import { hash64 } from '../../core/keyspace.js';
import { DEFAULT_COACCESS_HALF_LIFE_MS } from '../../core/planner/bidding.js';
import { DEFAULT_ACCESS_BUCKETS, rebucket, type AccessHistogram } from './access-histogram.js';
import { AccessFields, scanAccessBatch, type AccessSink } from './access-wire.js';
import { CoAccessTracker, type CoAccessOptions, type CoAccessPair } from './coaccess.js';

// The WebAssembly build of HdrHistogram records ~3x faster than the JS one (measured in
// bench/ingest on this code path); its histograms live in the wasm heap and are destroyed
// explicitly when a microshard's state goes away.
await hdr.initWebAssembly();

/** Length of one aggregation interval (the fine resolution of history and forecasts). */
export const DEFAULT_INTERVAL_MS = 10_000;
/** Top co-access pairs attached to each closed interval. */
export const DEFAULT_COACCESS_TOP = 32;
/**
 * Latency resolution: 2 significant digits (1 %), enough for p50/p99 in ms, at ~3 KB per
 * microshard histogram (estimatedFootprintInBytes) instead of several times that at 3 digits.
 * The histogram grows past its initial range (60 s) when a larger value arrives.
 */
export const DEFAULT_LATENCY_SIGNIFICANT_DIGITS = 2;
const LATENCY_INITIAL_MAX_US = 60_000_000;
/** Latency values staged per microshard before they are recorded in its histogram. */
const LATENCY_STAGE = 32;
/**
 * A rollover that finds more than this many whole intervals elapsed (the process was
 * suspended) emits this many and jumps: history records the rest as a gap, not as idle.
 */
export const DEFAULT_MAX_CATCHUP_INTERVALS = 6;
/** Error strings kept per batch (the rest are only counted). */
export const DEFAULT_MAX_REPORTED_ERRORS = 5;

/** A microshard's range as the route cache knows it (core/route-table Microshard fits). */
export interface RoutedRange {
  id: string;
  start: bigint;
  end: bigint;
}

/** The route cache: which microshard holds a position (undefined: unknown or not routable). */
export type RouteLookup = (position: bigint) => RoutedRange | undefined;

export interface AggregatorOptions {
  lookup: RouteLookup;
  intervalMs?: number;
  /** Buckets of the per-microshard access histogram. */
  accessBuckets?: number;
  /** Stored size of a microshard in bytes (the sidecar backs it with DataPlane.Stats). */
  sizeOf?: (id: string) => number | undefined;
  /** Microshards this node owns: idle ones are reported with zeros rather than left out. */
  owned?: () => Iterable<RoutedRange>;
  coAccess?: CoAccessOptions;
  coAccessHalfLifeMs?: number;
  coAccessTop?: number;
  /** Start of the first interval (aligned down to the interval); default: now. */
  startMs?: number;
  maxCatchUpIntervals?: number;
}

/** One microshard over one closed interval: MicroshardLoad plus what the proto leaves out. */
export interface MicroshardIntervalLoad {
  microshardId: string;
  start: bigint;
  end: bigint;
  reads: number;
  writes: number;
  ops: number;
  bytesRead: number;
  bytesWritten: number;
  /** Failed ops (a subset of ops by contract). */
  errors: number;
  /** errors / ops (errors / errors when a record reported errors without ops); 0 without ops. */
  errorRate: number;
  /** reads / ops in [0, 1]; 0 without ops. */
  readFraction: number;
  /** reads / writes; null when there were no writes. */
  readWriteRatio: number | null;
  /** ops per second over the interval (access frequency). */
  opsPerSecond: number;
  /** Access records that carried these ops. */
  records: number;
  /** Per-op latency percentiles in ms (0 without ops); see recordLatency for the per-op value. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  /** From options.sizeOf at close time; undefined when unknown. */
  sizeBytes: number | undefined;
  /** Ops per equal-width bucket of [start, end). */
  access: AccessHistogram;
  /** Ops per client region (non-empty client_region only). */
  regions: Record<string, number>;
}

export interface IntervalTotals {
  batches: number;
  records: number;
  ops: number;
  rejected: number;
  /** Valid records whose position the route lookup did not resolve. */
  unrouted: number;
}

export interface ClosedInterval {
  startMs: number;
  intervalMs: number;
  microshards: MicroshardIntervalLoad[];
  totals: IntervalTotals;
  /** Most co-accessed pairs so far (decayed), at close time. */
  coAccess: CoAccessPair[];
}

export interface IngestResult {
  records: number;
  /** reads + writes of the accepted records. */
  ops: number;
  accepted: number;
  rejected: number;
  unrouted: number;
  /** First few rejection reasons ("record 17: ..."). */
  errors: string[];
  /** at_ms of the batch (0 when unset). */
  atMs: number;
}

/** The loose shape of a decoded AccessRecord (proto-loader output, or numbers from code). */
export interface AccessRecordLike {
  keyHash?: string;
  key?: Uint8Array | string;
  reads?: number | string;
  writes?: number | string;
  bytesRead?: number | string | { toString(): string };
  bytesWritten?: number | string | { toString(): string };
  latencyUs?: number | string | { toString(): string };
  errors?: number | string;
  coAccessGroup?: number | string | bigint | { toString(): string };
  clientRegion?: string;
}

export interface AccessBatchLike {
  atMs?: number | string | { toString(): string };
  records?: readonly AccessRecordLike[];
}

// Per-microshard counters live in one shared Float64Array (the arena), a fixed-width block per
// microshard: with thousands of microshards each record lands on a cold block, and one flat
// block costs fewer cache misses than an object with boxed number fields plus typed arrays of
// its own (measured 1.15x median, 1.4x best, in-process at 10,000 microshards; no change at 1,024). Block layout, by offset:
// line 1: what every record updates and the bucketing reads; line 2: the rest; then the access
// buckets; then the staged latency pairs (value, count).
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
const D_HANDLE = 13;
const D_GROUPS = 14;
const D_BUCKETS = 16;

/** Fixed-width blocks in one growable Float64Array; blocks are addressed by slot number. */
class Arena {
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

class ShardState {
  /** Split of start/end for the route cache's packed bounds (endHi is 2^32 for the keyspace end). */
  startHi = 0;
  startLo = 0;
  endHi = 0;
  endLo = 0;
  cached = false;
  latency: Histogram | undefined;
  regions: Map<string, number> | undefined;
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
    const d = this.arena.data;
    d[this.off + D_START_HI] = this.startHi;
    d[this.off + D_START_LO] = this.startLo;
    d[this.off + D_SCALE] = this.bucketCount / Number(end - start);
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
  }
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === undefined || v === null || v === '') return 0;
  return Number(typeof v === 'string' ? v : String(v));
}

const HASH_RE = /^[0-9a-fA-F]{1,16}$/;
const UTF8 = new TextEncoder();
/** Slots of the interval's pair-count table (1 MB); drained into the sketch at half load. */
const PAIR_TABLE_SLOTS = 1 << 16;

/** Open-addressing map from pair key (a double < 2^52) to a count, without allocation. */
class PairCounts {
  private readonly keys: Float64Array;
  private readonly counts: Float64Array;
  private readonly mask: number;
  private size = 0;

  constructor(slots: number) {
    this.keys = new Float64Array(slots).fill(-1);
    this.counts = new Float64Array(slots);
    this.mask = slots - 1;
  }

  /** Adds w to key's count; true when the table is half full (drain it). */
  add(key: number, w: number): boolean {
    const hi = Math.floor(key / 67108864);
    let i = (Math.imul(hi, 0x9e3779b1) ^ Math.imul(key - hi * 67108864, 0x85ebca6b)) & this.mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === key) {
        this.counts[i]! += w;
        return false;
      }
      if (k === -1) {
        this.keys[i] = key;
        this.counts[i] = w;
        return ++this.size > (this.mask + 1) >> 1;
      }
      i = (i + 1) & this.mask;
    }
  }

  drain(fn: (key: number, count: number) => void): void {
    if (this.size === 0) return;
    for (let i = 0; i <= this.mask; i++) if (this.keys[i] !== -1) fn(this.keys[i]!, this.counts[i]!);
    this.keys.fill(-1);
    this.size = 0;
  }
}

/** The route cache index is keyed by the top 16 bits of a position. */
const SLOT_SHIFT = 16;
const SLOTS = 1 << 16;

export class Aggregator implements AccessSink {
  readonly intervalMs: number;
  readonly accessBuckets: number;
  readonly coAccess: CoAccessTracker;
  private readonly lookup: RouteLookup;
  private readonly sizeOf: ((id: string) => number | undefined) | undefined;
  private readonly owned: (() => Iterable<RoutedRange>) | undefined;
  private readonly coAccessTop: number;
  private readonly decayPerInterval: number;
  private readonly maxCatchUp: number;
  private openStart: number;
  /** Every microshard with state: cached in the route cache or touched this interval. */
  private readonly states = new Map<string, ShardState>();
  /** Route cache: states sorted by start, non-overlapping. */
  private cache: ShardState[] = [];
  private touched: ShardState[] = [];
  private totals: IntervalTotals = { batches: 0, records: 0, ops: 0, rejected: 0, unrouted: 0 };
  /** Totals since construction. */
  readonly lifetime: IntervalTotals = { batches: 0, records: 0, ops: 0, rejected: 0, unrouted: 0 };
  private readonly f = new AccessFields();
  // Per-batch scratch for the sink callbacks.
  private batch: IngestResult = { records: 0, ops: 0, accepted: 0, rejected: 0, unrouted: 0, errors: [], atMs: 0 };
  /** Per batch: co-access group -> index of its last record in the chains below. */
  private groupLast = new Map<number | string, number>();
  private groupNext = new Int32Array(8192);
  /** Per grouped record: its microshard's arena slot. */
  private groupSlot = new Int32Array(8192);
  private grouped = 0;
  /** The run of consecutive records of one group being read (the Map is touched per run). */
  private runKey: number | string = 0;
  private runLast = -1;
  /** The interval's pair counts, drained into the sketch when half full and at close. */
  private readonly pairCounts = new PairCounts(PAIR_TABLE_SLOTS);
  /** Scratch: the distinct microshards (slots) of one group. */
  private members = new Int32Array(0);
  private readonly arena: Arena;
  /** Block width and where the staged latency area starts and ends inside a block. */
  private readonly width: number;
  private readonly stageAt: number;
  private readonly stageEnd: number;
  /** State by arena slot. */
  private readonly bySlot: Array<ShardState | undefined> = [];
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

  constructor(opts: AggregatorOptions) {
    this.lookup = opts.lookup;
    this.intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
    if (!Number.isInteger(this.intervalMs) || this.intervalMs < 1) throw new RangeError(`intervalMs must be a positive integer, got ${opts.intervalMs}`);
    this.accessBuckets = opts.accessBuckets ?? DEFAULT_ACCESS_BUCKETS;
    this.sizeOf = opts.sizeOf;
    this.owned = opts.owned;
    this.coAccess = new CoAccessTracker(opts.coAccess);
    this.members = new Int32Array(this.coAccess.maxGroupMicroshards);
    this.stageAt = D_BUCKETS + this.accessBuckets;
    this.stageEnd = this.stageAt + 2 * LATENCY_STAGE;
    this.width = Math.ceil(this.stageEnd / 8) * 8; // whole 64-byte lines
    this.arena = new Arena(this.width);
    this.coAccessTop = opts.coAccessTop ?? DEFAULT_COACCESS_TOP;
    this.decayPerInterval = Math.pow(0.5, this.intervalMs / (opts.coAccessHalfLifeMs ?? DEFAULT_COACCESS_HALF_LIFE_MS));
    this.maxCatchUp = opts.maxCatchUpIntervals ?? DEFAULT_MAX_CATCHUP_INTERVALS;
    this.openStart = this.align(opts.startMs ?? Date.now());
  }

  /** Frees every latency histogram (wasm memory); the aggregator is unusable afterwards. */
  dispose(): void {
    for (const s of this.states.values()) s.dispose();
    this.states.clear();
    this.bySlot.length = 0;
    this.cache = [];
    this.touched = [];
    this.tableValid = false;
  }

  /** Start of the interval being filled. */
  get openIntervalStartMs(): number {
    return this.openStart;
  }

  /** Microshards with state (route cache + touched): the aggregator's memory is O(this). */
  get trackedMicroshards(): number {
    return this.states.size;
  }

  align(ms: number): number {
    return Math.floor(ms / this.intervalMs) * this.intervalMs;
  }

  /** The route table changed: forget cached ranges (open-interval data is kept per id). */
  invalidateRoutes(): void {
    for (const s of this.cache) s.cached = false;
    this.cache = [];
    this.tableValid = false;
  }

  /** A serialized AccessBatch (the lean ingest path). Throws WireFormatError on broken framing. */
  ingestWire(buf: Uint8Array): IngestResult {
    this.beginBatch();
    const r = scanAccessBatch(buf, this, this.f);
    return this.endBatch(r.records, r.atMs);
  }

  /** A decoded AccessBatch (proto-loader objects or plain objects). */
  ingestBatch(batch: AccessBatchLike): IngestResult {
    this.beginBatch();
    const records = batch.records ?? [];
    const f = this.f;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const key = r.key;
      if (key !== undefined && key.length > 0) {
        const pos = hash64(typeof key === 'string' ? UTF8.encode(key) : key);
        f.hi = Number(pos >> 32n);
        f.lo = Number(pos & 0xffffffffn);
      } else if (r.keyHash) {
        const h = r.keyHash;
        if (!HASH_RE.test(h)) {
          this.reject(i, `key_hash "${h.slice(0, 40)}" is not 1-16 hex digits`);
          continue;
        }
        f.hi = h.length > 8 ? parseInt(h.slice(0, h.length - 8), 16) : 0;
        f.lo = parseInt(h.length > 8 ? h.slice(h.length - 8) : h, 16);
      } else {
        this.reject(i, 'neither key nor key_hash is set');
        continue;
      }
      f.reads = num(r.reads) >>> 0;
      f.writes = num(r.writes) >>> 0;
      f.bytesRead = num(r.bytesRead);
      f.bytesWritten = num(r.bytesWritten);
      f.latencyUs = num(r.latencyUs);
      f.errors = num(r.errors) >>> 0;
      let g = 0n;
      try {
        g = r.coAccessGroup === undefined || r.coAccessGroup === '' ? 0n : BigInt(typeof r.coAccessGroup === 'bigint' ? r.coAccessGroup : String(r.coAccessGroup));
      } catch {
        this.reject(i, `co_access_group "${String(r.coAccessGroup).slice(0, 40)}" is not an unsigned 64-bit integer`);
        continue;
      }
      f.groupHi = Number((g >> 32n) & 0xffffffffn);
      f.groupLo = Number(g & 0xffffffffn);
      f.region = r.clientRegion ?? '';
      this.accept(f, i);
    }
    return this.endBatch(records.length, num(batch.atMs));
  }

  /** AccessSink: one valid record. */
  accept(f: AccessFields, _index: number): void {
    const slot = this.resolve(f.hi, f.lo);
    if (slot < 0) {
      this.batch.unrouted++;
      return;
    }
    this.batch.accepted++;
    const d = this.arena.data; // after resolve: a miss may have grown the arena
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
    this.batch.ops += ops;
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
    if (f.groupHi !== 0 || f.groupLo !== 0) {
      const key = f.groupHi < 0x200000 ? f.groupHi * 4294967296 + f.groupLo : `${f.groupHi}:${f.groupLo}`;
      const i = this.grouped++;
      if (i === this.groupNext.length) this.growGroups();
      if (this.runLast >= 0 && key === this.runKey) {
        this.groupNext[i] = this.runLast;
      } else {
        if (this.runLast >= 0) this.groupLast.set(this.runKey, this.runLast);
        const prev = this.groupLast.get(key);
        this.groupNext[i] = prev === undefined ? -1 : prev;
        this.runKey = key;
      }
      this.runLast = i;
      this.groupSlot[i] = slot;
    }
  }

  /** AccessSink: one invalid record. */
  reject(index: number, reason: string): void {
    this.batch.rejected++;
    if (this.batch.errors.length < DEFAULT_MAX_REPORTED_ERRORS) this.batch.errors.push(`record ${index}: ${reason}`);
  }

  /**
   * Closes every interval that ended at or before nowMs, oldest first. The data ingested since
   * the last rollover belongs to the first one closed (ingest is not re-timed by at_ms: a late
   * timer stretches an interval rather than splitting records by clock).
   */
  rollover(nowMs: number): ClosedInterval[] {
    const out: ClosedInterval[] = [];
    while (nowMs >= this.openStart + this.intervalMs) {
      out.push(this.close());
      if (out.length >= this.maxCatchUp && nowMs >= this.openStart + this.intervalMs) {
        this.openStart = this.align(nowMs); // skipped intervals become a gap in history
        break;
      }
    }
    return out;
  }

  private close(): ClosedInterval {
    const startMs = this.openStart;
    const seconds = this.intervalMs / 1000;
    const loads: MicroshardIntervalLoad[] = [];
    const seen = new Set<string>();
    for (const s of this.touched) {
      seen.add(s.id);
      loads.push(this.loadOf(s, seconds));
    }
    if (this.owned) {
      for (const r of this.owned()) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        loads.push(this.idleLoad(r));
      }
    }
    loads.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    this.drainPairs();
    for (const s of this.touched) if (s.groupCount > 0) this.coAccess.addSingle(s.handle, s.groupCount);
    const closed: ClosedInterval = { startMs, intervalMs: this.intervalMs, microshards: loads, totals: this.totals, coAccess: this.coAccess.topPairs(this.coAccessTop) };
    for (const s of this.touched) s.reset();
    this.touched = [];
    // Microshards that left the route cache (route change) and saw nothing since: forget them.
    for (const [id, s] of this.states) {
      if (!s.cached) {
        s.dispose();
        this.bySlot[s.slot] = undefined;
        this.states.delete(id);
      }
    }
    this.totals = { batches: 0, records: 0, ops: 0, rejected: 0, unrouted: 0 };
    this.coAccess.decay(this.decayPerInterval);
    // Bound the co-access id registry: ids neither counted nor live are dropped.
    if (this.coAccess.registered > 4 * this.coAccess.capacity + this.states.size) {
      if (this.coAccess.compact(this.states.keys())) for (const s of this.states.values()) s.handle = this.coAccess.handle(s.id);
    }
    this.openStart += this.intervalMs;
    return closed;
  }

  private loadOf(s: ShardState, seconds: number): MicroshardIntervalLoad {
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
      sizeBytes: this.sizeOf?.(s.id),
      access: { start: s.start, end: s.end, buckets: s.buckets() },
      regions: s.regions ? Object.fromEntries(s.regions) : {},
    };
  }

  private idleLoad(r: RoutedRange): MicroshardIntervalLoad {
    return {
      microshardId: r.id,
      start: r.start,
      end: r.end,
      reads: 0,
      writes: 0,
      ops: 0,
      bytesRead: 0,
      bytesWritten: 0,
      errors: 0,
      errorRate: 0,
      readFraction: 0,
      readWriteRatio: null,
      opsPerSecond: 0,
      records: 0,
      latencyP50Ms: 0,
      latencyP99Ms: 0,
      latencyMeanMs: 0,
      sizeBytes: this.sizeOf?.(r.id),
      access: { start: r.start, end: r.end, buckets: new Array<number>(this.accessBuckets).fill(0) },
      regions: {},
    };
  }

  private beginBatch(): void {
    if (!this.tableValid) this.rebuildSlots();
    this.batch = { records: 0, ops: 0, accepted: 0, rejected: 0, unrouted: 0, errors: [], atMs: 0 };
    this.groupLast.clear();
    this.grouped = 0;
    this.runLast = -1;
  }

  private endBatch(records: number, atMs: number): IngestResult {
    const b = this.batch;
    b.records = records;
    b.atMs = atMs;
    if (this.grouped > 0) this.countCoAccess();
    for (const t of [this.totals, this.lifetime]) {
      t.batches++;
      t.records += records;
      t.ops += b.ops;
      t.rejected += b.rejected;
      t.unrouted += b.unrouted;
    }
    return b;
  }

  private growGroups(): void {
    const next = new Int32Array(this.groupNext.length * 2);
    next.set(this.groupNext);
    this.groupNext = next;
    const slots = new Int32Array(this.groupSlot.length * 2);
    slots.set(this.groupSlot);
    this.groupSlot = slots;
  }

  /**
   * Turns the batch's groups into pair counts (accumulated over the interval in a fixed table,
   * so a pair repeated across requests costs one sketch update per drain, not per request) and
   * per-microshard group counts (added to the sketch at close).
   */
  private countCoAccess(): void {
    if (this.runLast >= 0) this.groupLast.set(this.runKey, this.runLast);
    const t = this.coAccess;
    const max = t.maxGroupMicroshards;
    const members = this.members;
    const pc = this.pairCounts;
    const d = this.arena.data;
    const w = this.width;
    for (const last of this.groupLast.values()) {
      let n = 0;
      let truncated = false;
      for (let i = last; i >= 0; i = this.groupNext[i]!) {
        const sl = this.groupSlot[i]!;
        let dup = false;
        for (let k = 0; k < n; k++) if (members[k] === sl) dup = true;
        if (dup) continue;
        if (n === max) {
          truncated = true;
          break;
        }
        members[n++] = sl;
      }
      if (n < 2) continue;
      t.countGroup(truncated);
      for (let a = 0; a < n; a++) {
        const oa = members[a]! * w;
        d[oa + D_GROUPS]!++; // grouped microshards are touched: added to the singles sketch at close
        const ha = d[oa + D_HANDLE]!;
        for (let b = a + 1; b < n; b++) {
          if (pc.add(CoAccessTracker.pairKey(ha, d[members[b]! * w + D_HANDLE]!), 1)) this.drainPairs();
        }
      }
    }
    this.groupLast.clear();
    this.grouped = 0;
    this.runLast = -1;
  }

  private drainPairs(): void {
    this.pairCounts.drain((key, w) => this.coAccess.addPairKey(key, w));
  }

  /** Arena slot of the microshard holding (hi, lo), via the local cache, else the lookup; -1: no route. */
  private resolve(hi: number, lo: number): number {
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
    let s = this.states.get(r.id);
    if (s === undefined) {
      s = new ShardState(r.id, r.start, r.end, this.arena.alloc(), this.arena, this.accessBuckets, this.coAccess.handle(r.id));
      this.bySlot[s.slot] = s;
      this.states.set(r.id, s);
    } else if (s.start !== r.start || s.end !== r.end) {
      // The same microshard with a new range (a merge kept its id): re-bin what it has so far.
      if (s.touched) s.setBuckets(rebucket({ start: s.start, end: s.end, buckets: s.buckets() }, r, this.accessBuckets).histogram.buckets);
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

export interface RolloverTimerOptions {
  onClosed: (c: ClosedInterval) => void;
  /** A throwing onClosed is reported here and the timer carries on. */
  onError?: (err: unknown) => void;
  now?: () => number;
}

/** Drives rollover from the wall clock, firing just after each interval boundary (unref'd). */
export function startRolloverTimer(aggregator: Aggregator, opts: RolloverTimerOptions): { stop(): void } {
  const now = opts.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (): void => {
    if (stopped) return;
    const next = aggregator.openIntervalStartMs + aggregator.intervalMs;
    timer = setTimeout(tick, Math.max(0, next - now()) + 5);
    timer.unref();
  };
  const tick = (): void => {
    for (const c of aggregator.rollover(now())) {
      try {
        opts.onClosed(c);
      } catch (err) {
        opts.onError?.(err);
      }
    }
    schedule();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
