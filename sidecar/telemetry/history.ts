// Per-microshard load history at two resolutions: every interval for the last few hours, and
// hourly for two weeks. It is what the forecaster reads. The rings are in history-rings.ts, how
// history follows splits and merges in history-lineage.ts, the file format in history-file.ts
// and the file on disk in history-persistence.ts; this class records intervals and answers
// series over them.
//
// Points are NaN where nothing is known (the sidecar was down, or the microshard was not here)
// and 0 where the microshard was here and idle.
import { DEFAULT_INTERVAL_MS } from './interval-clock.js';
import { HOUR_MS, addSlot, clearSlot, mod, newRings, readSeries, type Rings, type Series } from './history-rings.js';
import { Forwards, checkSplitParts, shareOf, sumRings } from './history-lineage.js';
import { HistoryFileError, decodeHistory, encodeHistory } from './history-file.js';
import { readHistoryFile, writeHistoryFile, type HistoryLoadReport } from './history-persistence.js';

/**
 * Hours kept at interval resolution. 2 h at 10 s is 720 points; with 2 weeks hourly the ring
 * memory is ~14 KB per microshard (10,000 microshards: ~140 MB), which is why it is not longer.
 */
export const DEFAULT_FINE_HOURS = 2;
/** Days kept at hourly resolution: two weekly seasons. */
export const DEFAULT_HOURLY_DAYS = 14;

export interface HistoryOptions {
  intervalMs?: number;
  fineHours?: number;
  hourlyDays?: number;
}

/** What history takes from a closed interval (aggregator ClosedInterval fits). */
export interface IntervalLoads {
  startMs: number;
  intervalMs: number;
  microshards: ReadonlyArray<{ microshardId: string; reads: number; writes: number; bytesRead: number; bytesWritten: number }>;
}

export class History {
  readonly intervalMs: number;
  /** Points kept at interval resolution. */
  readonly fineCapacity: number;
  /** Points kept at hourly resolution. */
  readonly hourlyCapacity: number;
  private readonly rings = new Map<string, Rings>();
  /** Interval index (startMs / intervalMs) of the newest fine point; -1 before any. */
  private fineHead = -1;
  /** Hour index of the newest hourly point; -1 before any. */
  private hourHead = -1;
  private readonly forwards = new Forwards();

  constructor(opts: HistoryOptions = {}) {
    this.intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
    const fineHours = opts.fineHours ?? DEFAULT_FINE_HOURS;
    const days = opts.hourlyDays ?? DEFAULT_HOURLY_DAYS;
    if (!Number.isInteger(this.intervalMs) || this.intervalMs < 1) throw new RangeError(`intervalMs must be a positive integer, got ${this.intervalMs}`);
    if (!(fineHours > 0) || !(days > 0)) throw new RangeError('fineHours and hourlyDays must be positive');
    this.fineCapacity = Math.max(1, Math.round((fineHours * HOUR_MS) / this.intervalMs));
    this.hourlyCapacity = Math.max(1, Math.round(days * 24));
  }

  /** Microshards with history. */
  ids(): string[] {
    return [...this.rings.keys()];
  }

  has(id: string): boolean {
    return this.rings.has(id);
  }

  /** Start of the newest recorded interval, or undefined before any. */
  get latestIntervalStartMs(): number | undefined {
    return this.fineHead < 0 ? undefined : this.fineHead * this.intervalMs;
  }

  /**
   * Adds one closed interval. Known microshards absent from it were idle (0). Returns false
   * when the interval is older than the fine window (it is ignored).
   */
  record(loads: IntervalLoads): boolean {
    if (loads.intervalMs !== this.intervalMs) throw new RangeError(`interval of ${loads.intervalMs} ms does not match the history's ${this.intervalMs} ms`);
    if (loads.startMs % this.intervalMs !== 0) throw new RangeError(`interval start ${loads.startMs} is not aligned to ${this.intervalMs} ms`);
    const i = loads.startMs / this.intervalMs;
    const F = this.fineCapacity;
    if (this.fineHead >= 0 && i <= this.fineHead - F) return false;
    // Values for this interval, forwarded through splits and merges that happened meanwhile.
    const values = new Map<string, [number, number, number]>();
    for (const m of loads.microshards) {
      const r = m.reads;
      const w = m.writes;
      const b = m.bytesRead + m.bytesWritten;
      this.forwards.apportion(m.microshardId, 1, (id, share) => {
        const v = values.get(id);
        if (v) {
          v[0] += r * share;
          v[1] += w * share;
          v[2] += b * share;
        } else values.set(id, [r * share, w * share, b * share]);
      });
    }
    for (const id of values.keys()) if (!this.rings.has(id)) this.rings.set(id, this.newRings());

    // Fine ring: advance the head, clearing the slots it passes (NaN: nothing recorded).
    if (this.fineHead < 0) this.fineHead = i - 1;
    if (i > this.fineHead) {
      const from = Math.max(this.fineHead + 1, i - F + 1);
      for (const r of this.rings.values()) for (let k = from; k <= i; k++) clearSlot(r.fine, F, mod(k, F));
      this.fineHead = i;
    }
    const slot = mod(i, F);
    for (const [id, r] of this.rings) {
      const v = values.get(id);
      addSlot(r.fine, F, slot, v ? v[0] : 0, v ? v[1] : 0, v ? v[2] : 0);
    }

    // Hourly ring: same, and the hour's coverage grows by one interval.
    const hour = Math.floor(loads.startMs / HOUR_MS);
    const H = this.hourlyCapacity;
    if (this.hourHead < 0) this.hourHead = hour - 1;
    if (hour <= this.hourHead - H) return true;
    if (hour > this.hourHead) {
      const from = Math.max(this.hourHead + 1, hour - H + 1);
      for (const r of this.rings.values()) {
        for (let k = from; k <= hour; k++) {
          clearSlot(r.hourly, H, mod(k, H));
          r.coverage[mod(k, H)] = 0;
        }
      }
      this.hourHead = hour;
    }
    const hs = mod(hour, H);
    const cover = this.intervalMs / HOUR_MS;
    for (const [id, r] of this.rings) {
      const v = values.get(id);
      addSlot(r.hourly, H, hs, v ? v[0] : 0, v ? v[1] : 0, v ? v[2] : 0);
      r.coverage[hs] = Math.min(1, r.coverage[hs]! + cover);
    }
    return true;
  }

  /** Interval-resolution history, oldest first, from the first known point. */
  fine(id: string): Series | undefined {
    const r = this.rings.get(id);
    if (!r || this.fineHead < 0) return undefined;
    return readSeries(id, r.fine, undefined, this.fineCapacity, this.fineHead, this.intervalMs);
  }

  /**
   * The newest `maxPoints` (default: all) interval-resolution ops (reads + writes), oldest
   * first, leading unknown points trimmed; NaN marks a gap. What the forecaster reads: one
   * typed array per microshard, without building the other channels.
   */
  fineOps(id: string, maxPoints = this.fineCapacity): Float32Array | undefined {
    const r = this.rings.get(id);
    if (!r || this.fineHead < 0) return undefined;
    const F = this.fineCapacity;
    const head = this.fineHead;
    let first = head - Math.min(F, Math.max(0, Math.floor(maxPoints))) + 1;
    while (first <= head && Number.isNaN(r.fine[mod(first, F)]!)) first++;
    const out = new Float32Array(head - first + 1);
    for (let k = first; k <= head; k++) {
      const s = mod(k, F);
      out[k - first] = r.fine[s]! + r.fine[F + s]!;
    }
    return out;
  }

  /** Hourly history (sums over the observed part of each hour, and its coverage). */
  hourly(id: string): Series | undefined {
    const r = this.rings.get(id);
    if (!r || this.hourHead < 0) return undefined;
    return readSeries(id, r.hourly, r.coverage, this.hourlyCapacity, this.hourHead, HOUR_MS);
  }

  /** The microshard moved away or was dropped. */
  remove(id: string): boolean {
    return this.rings.delete(id);
  }

  /**
   * Apportions a microshard's history to its parts (shares sum to 1; see splitShares) and
   * forgets the parent unless it is one of the parts. Later records for the parent (its last
   * partial interval) are apportioned the same way. Returns false when the parent has no
   * history (repeated call): nothing changes.
   */
  split(parentId: string, parts: ReadonlyArray<{ id: string; share: number }>): boolean {
    checkSplitParts(parts);
    const parent = this.rings.get(parentId);
    if (!parent) {
      // Repeated call (or no history): keep the forwarding the first call set up.
      if (!this.forwards.has(parentId)) this.forwards.set(parentId, parts);
      return false;
    }
    this.forwards.set(parentId, parts);
    if (!parts.some((p) => p.id === parentId)) this.rings.delete(parentId);
    for (const p of parts) {
      const scaled = shareOf(parent, p.share);
      const existing = p.id === parentId ? undefined : this.rings.get(p.id);
      this.rings.set(p.id, existing ? sumRings([existing, scaled]) : scaled);
    }
    return true;
  }

  /**
   * Sums the sources' history into the target (a point is NaN only when unknown in every
   * source) and forgets the sources. Returns false when no source has history.
   */
  merge(sourceIds: readonly string[], targetId: string): boolean {
    const sources = sourceIds.map((id) => this.rings.get(id)).filter((r): r is Rings => r !== undefined);
    for (const id of sourceIds) if (id !== targetId) this.forwards.set(id, [{ id: targetId, share: 1 }]);
    if (sources.length === 0) return false;
    const target = this.rings.get(targetId);
    const all = target && !sourceIds.includes(targetId) ? [...sources, target] : sources;
    for (const id of sourceIds) this.rings.delete(id);
    this.rings.set(targetId, sumRings(all));
    return true;
  }

  // ---- persistence (format: history-file.ts; the file on disk: history-persistence.ts) ----

  /** The whole history as one buffer (the layout is in history-file.ts). */
  toBuffer(savedAtMs = Date.now()): Buffer {
    return encodeHistory({ intervalMs: this.intervalMs, fineCapacity: this.fineCapacity, hourlyCapacity: this.hourlyCapacity, fineHead: this.fineHead, hourHead: this.hourHead, rings: this.rings }, savedAtMs);
  }

  /**
   * Reads a buffer written by toBuffer into a history with these options. Throws
   * HistoryFileError naming what is wrong (truncated, bad checksum, other version...). A file
   * written with another interval or fine window keeps only its hourly part (noted in `notes`).
   */
  static fromBuffer(buf: Buffer, opts: HistoryOptions = {}, notes: string[] = []): History {
    const out = new History(opts);
    const s = decodeHistory(buf, out, notes);
    for (const [id, r] of s.rings) out.rings.set(id, r);
    out.fineHead = s.fineHead;
    out.hourHead = s.hourHead;
    return out;
  }

  /**
   * Writes the history to `file` atomically (a crash leaves a good file or a good `.prev`).
   * The snapshot is taken synchronously (later records are not in it); the I/O is async.
   * Concurrent saves to one file must be serialised by the caller (startHistoryPersistence does).
   */
  save(file: string, savedAtMs = Date.now()): Promise<void> {
    return writeHistoryFile(file, this.toBuffer(savedAtMs));
  }

  /**
   * Loads `file` (or, when it is missing or corrupt, `file.prev`), never throwing for a bad
   * file: a corrupt file is renamed to `file.corrupt-<ms>` and reported in `problems`.
   */
  static load(file: string, opts: HistoryOptions = {}, nowMs = Date.now()): { history: History; report: HistoryLoadReport } {
    const { value, report } = readHistoryFile(file, (buf, notes) => History.fromBuffer(buf, opts, notes), (err): err is HistoryFileError => err instanceof HistoryFileError, nowMs);
    return { history: value ?? new History(opts), report };
  }

  // ---- internals ----

  private newRings(): Rings {
    return newRings(this.fineCapacity, this.hourlyCapacity);
  }
}
