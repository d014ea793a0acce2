// Per-microshard, per-interval aggregation of access records: the Aggregator takes batches
// (wire bytes or decoded objects), finds each record's microshard (route-cache.ts), adds it to
// that microshard's accumulators (shard-state.ts) and co-access groups (coaccess-counting.ts),
// and closes intervals (interval-clock.ts) into ClosedIntervals (interval-load.ts). Time moves
// only through rollover(nowMs), so the aggregation is deterministic under test.
import type { KeySchema } from '../../core/keyspace.js';
import { DEFAULT_COACCESS_HALF_LIFE_MS } from '../../core/planner/bidding.js';
import { DEFAULT_ACCESS_BUCKETS } from './access-histogram.js';
import { AccessFields, scanAccessBatch, type AccessSink } from './access-wire.js';
import { scanDecodedBatch, type AccessBatchLike } from './access-decoded.js';
import { CoAccessTracker, type CoAccessOptions } from './coaccess.js';
import { CoAccessCounting } from './coaccess-counting.js';
import { IntervalClock } from './interval-clock.js';
import { emptyTotals, idleLoad, type ClosedInterval, type IntervalTotals, type MicroshardIntervalLoad } from './interval-load.js';
import { RouteCache, type RouteLookup, type RoutedRange } from './route-cache.js';
import { ShardStates } from './shard-state.js';

/** Top co-access pairs attached to each closed interval. */
export const DEFAULT_COACCESS_TOP = 32;
/** Error strings kept per batch (the rest are only counted). */
export const DEFAULT_MAX_REPORTED_ERRORS = 5;

export interface AggregatorOptions {
  lookup: RouteLookup;
  /** The cluster's key schema, for records that carry a raw key (default hash). */
  keySchema?: () => KeySchema;
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
  /**
   * The clock batches' at_ms is checked against. Set, a batch stamped at or past the open
   * interval's end closes it before its records count (the storage node stamped them after the
   * boundary; a rollover timer late on a loaded machine must not pull them into the interval
   * before); at_ms ahead of this clock counts as this clock's now. Unset, only rollover() moves
   * time (deterministic tests).
   */
  batchClock?: () => number;
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

export class Aggregator implements AccessSink {
  readonly intervalMs: number;
  readonly accessBuckets: number;
  readonly coAccess: CoAccessTracker;
  private readonly sizeOf: ((id: string) => number | undefined) | undefined;
  private readonly owned: (() => Iterable<RoutedRange>) | undefined;
  private readonly coAccessTop: number;
  private readonly decayPerInterval: number;
  private readonly clock: IntervalClock;
  private readonly states: ShardStates;
  private readonly routes: RouteCache;
  private readonly groups: CoAccessCounting;
  private totals: IntervalTotals = emptyTotals();
  /** Totals since construction. */
  readonly lifetime: IntervalTotals = emptyTotals();
  private readonly f = new AccessFields();
  // Per-batch scratch for the sink callbacks.
  private batch: IngestResult = { records: 0, ops: 0, accepted: 0, rejected: 0, unrouted: 0, errors: [], atMs: 0 };

  private readonly keySchemaOf: (() => KeySchema) | undefined;
  private readonly batchClock: (() => number) | undefined;
  /** Intervals a batch's at_ms closed, handed out by the next rollover(). */
  private closedByBatches: ClosedInterval[] = [];

  constructor(opts: AggregatorOptions) {
    this.keySchemaOf = opts.keySchema;
    this.batchClock = opts.batchClock;
    this.clock = new IntervalClock(opts.intervalMs, opts.maxCatchUpIntervals, opts.startMs);
    this.intervalMs = this.clock.intervalMs;
    this.accessBuckets = opts.accessBuckets ?? DEFAULT_ACCESS_BUCKETS;
    this.sizeOf = opts.sizeOf;
    this.owned = opts.owned;
    this.coAccess = new CoAccessTracker(opts.coAccess);
    this.states = new ShardStates(this.accessBuckets);
    this.routes = new RouteCache(opts.lookup, this.states, (id) => this.coAccess.handle(id));
    this.groups = new CoAccessCounting(this.coAccess, this.states);
    this.coAccessTop = opts.coAccessTop ?? DEFAULT_COACCESS_TOP;
    this.decayPerInterval = Math.pow(0.5, this.intervalMs / (opts.coAccessHalfLifeMs ?? DEFAULT_COACCESS_HALF_LIFE_MS));
  }

  /** Frees every latency histogram (wasm memory); the aggregator is unusable afterwards. */
  dispose(): void {
    this.states.dispose();
    this.routes.clear();
  }

  /** Start of the interval being filled. */
  get openIntervalStartMs(): number {
    return this.clock.openStartMs;
  }

  /** Microshards with state (route cache + touched): the aggregator's memory is O(this). */
  get trackedMicroshards(): number {
    return this.states.byId.size;
  }

  align(ms: number): number {
    return this.clock.align(ms);
  }

  /** The route table changed: forget cached ranges (open-interval data is kept per id). */
  invalidateRoutes(): void {
    this.routes.invalidate();
  }

  /** A serialized AccessBatch (the lean ingest path). Throws WireFormatError on broken framing. */
  ingestWire(buf: Uint8Array): IngestResult {
    this.beginBatch();
    const r = scanAccessBatch(buf, this, this.f);
    this.noteLoopDelay(r.loopDelayUs);
    return this.endBatch(r.records, r.atMs);
  }

  /** A decoded AccessBatch (proto-loader objects or plain objects). */
  ingestBatch(batch: AccessBatchLike): IngestResult {
    this.beginBatch();
    const r = scanDecodedBatch(batch, this, this.f);
    this.noteLoopDelay(r.loopDelayUs);
    return this.endBatch(r.records, r.atMs);
  }

  private noteLoopDelay(us: number): void {
    if (us <= 0) return;
    this.foreground.batches++;
    this.foreground.loopDelayUs += us;
  }

  /**
   * Every op the storage node reported and their total latency, since start (routed or not): the
   * foreground signal a copy's rate controller compares against its level before the copy.
   */
  readonly foreground = { ops: 0, latencyUs: 0, batches: 0, loopDelayUs: 0 };

  /** Intervals closed by batches' at_ms, not yet handed out by rollover(). */
  get pendingClosed(): number {
    return this.closedByBatches.length;
  }

  /** AccessSink: the batch's at_ms, before its records. */
  begin(atMs: number): void {
    if (!this.batchClock || !(atMs > 0)) return;
    if (atMs < this.clock.openStartMs + this.intervalMs) return;
    const at = Math.min(atMs, this.batchClock());
    for (const c of this.clock.rollover(at, (startMs) => this.close(startMs))) this.closedByBatches.push(c);
  }

  /** AccessSink: one valid record. */
  accept(f: AccessFields, _index: number): void {
    if (f.latencyUs > 0) {
      this.foreground.ops += f.reads + f.writes;
      this.foreground.latencyUs += f.latencyUs;
    }
    const slot = this.routes.resolve(f.hi, f.lo);
    if (slot < 0) {
      this.batch.unrouted++;
      return;
    }
    this.batch.accepted++;
    this.batch.ops += this.states.add(slot, f);
    if (f.groupHi !== 0 || f.groupLo !== 0) this.groups.note(f.groupHi, f.groupLo, slot);
  }

  /** AccessSink: one invalid record. */
  reject(index: number, reason: string): void {
    this.batch.rejected++;
    if (this.batch.errors.length < DEFAULT_MAX_REPORTED_ERRORS) this.batch.errors.push(`record ${index}: ${reason}`);
  }

  /**
   * Closes every interval that ended at or before nowMs, oldest first, after those a batch's
   * at_ms closed (batchClock). The data ingested since the last close belongs to the first one
   * closed: records are not re-timed one by one, so a late timer stretches an interval by at
   * most one storage-node flush when batches carry at_ms, and by its whole delay when not.
   */
  rollover(nowMs: number): ClosedInterval[] {
    const out = this.closedByBatches;
    this.closedByBatches = [];
    for (const c of this.clock.rollover(nowMs, (startMs) => this.close(startMs))) out.push(c);
    return out;
  }

  private close(startMs: number): ClosedInterval {
    const seconds = this.intervalMs / 1000;
    const loads: MicroshardIntervalLoad[] = [];
    const seen = new Set<string>();
    const touched = this.states.touched;
    for (const s of touched) {
      seen.add(s.id);
      loads.push(this.states.load(s, seconds, this.sizeOf?.(s.id)));
    }
    if (this.owned) {
      for (const r of this.owned()) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        loads.push(idleLoad(r, this.accessBuckets, this.sizeOf?.(r.id)));
      }
    }
    loads.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    this.groups.closeInterval(touched);
    const closed: ClosedInterval = { startMs, intervalMs: this.intervalMs, microshards: loads, totals: this.totals, coAccess: this.coAccess.topPairs(this.coAccessTop) };
    this.states.resetTouched();
    // Microshards that left the route cache (route change) and saw nothing since: forget them.
    for (const s of [...this.states.byId.values()]) if (!s.cached) this.states.forget(s);
    this.totals = emptyTotals();
    this.coAccess.decay(this.decayPerInterval);
    // Bound the co-access id registry: ids neither counted nor live are dropped.
    if (this.coAccess.registered > 4 * this.coAccess.capacity + this.states.byId.size) {
      if (this.coAccess.compact(this.states.byId.keys())) for (const s of this.states.byId.values()) s.handle = this.coAccess.handle(s.id);
    }
    return closed;
  }

  private beginBatch(): void {
    if (this.keySchemaOf) this.f.keySchema = this.keySchemaOf();
    this.routes.prepare();
    this.batch = { records: 0, ops: 0, accepted: 0, rejected: 0, unrouted: 0, errors: [], atMs: 0 };
    this.groups.beginBatch();
  }

  private endBatch(records: number, atMs: number): IngestResult {
    const b = this.batch;
    b.records = records;
    b.atMs = atMs;
    this.groups.endBatch();
    for (const t of [this.totals, this.lifetime]) {
      t.batches++;
      t.records += records;
      t.ops += b.ops;
      t.rejected += b.rejected;
      t.unrouted += b.unrouted;
    }
    return b;
  }
}
