// Per-microshard load history at two resolutions: every interval for the last few hours, and
// hourly for two weeks. It is what the forecaster reads. Kept in fixed rings (memory is bounded
// per microshard), persisted to one local file written atomically, reloaded on restart. When a
// microshard splits its history is apportioned to the halves; when microshards merge it is summed.
//
// Points are NaN where nothing is known (the sidecar was down, or the microshard was not here)
// and 0 where the microshard was here and idle.
import { renameSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Range } from '../../core/ranges.js';
import { shareBelow, type AccessHistogram } from './access-histogram.js';
import { DEFAULT_INTERVAL_MS } from './aggregator.js';

/**
 * Hours kept at interval resolution. 2 h at 10 s is 720 points; with 2 weeks hourly the ring
 * memory is ~14 KB per microshard (10,000 microshards: ~140 MB), which is why it is not longer.
 */
export const DEFAULT_FINE_HOURS = 2;
/** Days kept at hourly resolution: two weekly seasons. */
export const DEFAULT_HOURLY_DAYS = 14;
/** How often startHistoryPersistence writes the file. */
export const DEFAULT_HISTORY_SAVE_MS = 60_000;
/** Version of the file layout below; a file of another version is refused (and kept aside). */
export const HISTORY_FILE_VERSION = 1;
/** Split/merge forwardings remembered for records that close after the route change. */
export const DEFAULT_FORWARD_LIMIT = 4096;

export const HOUR_MS = 3_600_000;
const MAGIC = 0x49484353; // "SCHI" little-endian
/** Channels stored per point, in this order. */
export const HISTORY_CHANNELS = ['reads', 'writes', 'bytes'] as const;
const C = HISTORY_CHANNELS.length;

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

export interface Series {
  id: string;
  /** Start of the first point; points are stepMs apart, oldest first. */
  startMs: number;
  stepMs: number;
  reads: number[];
  writes: number[];
  /** bytes read + written. */
  bytes: number[];
  /** reads + writes. */
  ops: number[];
  /** Hourly only: fraction of the hour observed (0..1); sums cover only the observed part. */
  coverage?: number[];
}

interface Rings {
  /** fine[c * F + slot] */
  fine: Float32Array;
  /** hourly[c * H + slot] */
  hourly: Float32Array;
  coverage: Float32Array;
}

export interface HistoryLoadReport {
  /** Where the history came from. */
  source: 'file' | 'previous' | 'empty';
  /** Why a file was not (fully) used; empty when all went well. */
  problems: string[];
}

export class HistoryFileError extends Error {}

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
  private readonly forwards = new Map<string, Array<{ id: string; share: number }>>();

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
    const add = (id: string, share: number, r: number, w: number, b: number, depth = 0): void => {
      const fw = this.forwards.get(id);
      if (fw && depth < 8) {
        for (const p of fw) add(p.id, share * p.share, r, w, b, depth + 1);
        return;
      }
      const v = values.get(id);
      if (v) {
        v[0] += r * share;
        v[1] += w * share;
        v[2] += b * share;
      } else values.set(id, [r * share, w * share, b * share]);
    };
    for (const m of loads.microshards) add(m.microshardId, 1, m.reads, m.writes, m.bytesRead + m.bytesWritten);
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
    return this.series(id, r.fine, undefined, this.fineCapacity, this.fineHead, this.intervalMs);
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
    return this.series(id, r.hourly, r.coverage, this.hourlyCapacity, this.hourHead, HOUR_MS);
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
    if (parts.length < 2) throw new RangeError('a split needs at least two parts');
    let sum = 0;
    for (const p of parts) {
      if (!(p.share >= 0) || !Number.isFinite(p.share)) throw new RangeError(`share of ${p.id} must be a finite non-negative number, got ${p.share}`);
      sum += p.share;
    }
    if (Math.abs(sum - 1) > 1e-6) throw new RangeError(`split shares must sum to 1, got ${sum}`);
    const parent = this.rings.get(parentId);
    if (!parent) {
      // Repeated call (or no history): keep the forwarding the first call set up.
      if (!this.forwards.has(parentId)) this.forward(parentId, parts);
      return false;
    }
    this.forward(parentId, parts);
    if (!parts.some((p) => p.id === parentId)) this.rings.delete(parentId);
    for (const p of parts) {
      const scaled: Rings = { fine: scale(parent.fine, p.share), hourly: scale(parent.hourly, p.share), coverage: parent.coverage.slice() };
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
    for (const id of sourceIds) if (id !== targetId) this.forward(id, [{ id: targetId, share: 1 }]);
    if (sources.length === 0) return false;
    const target = this.rings.get(targetId);
    const all = target && !sourceIds.includes(targetId) ? [...sources, target] : sources;
    for (const id of sourceIds) this.rings.delete(id);
    this.rings.set(targetId, sumRings(all));
    return true;
  }

  // ---- persistence ----

  /** The whole history as one buffer (see the layout in docs at toBuffer's end). */
  toBuffer(savedAtMs = Date.now()): Buffer {
    const ids = [...this.rings.keys()];
    const header = Buffer.from(
      JSON.stringify({ intervalMs: this.intervalMs, fineCapacity: this.fineCapacity, hourlyCapacity: this.hourlyCapacity, channels: HISTORY_CHANNELS, fineHead: this.fineHead, hourHead: this.hourHead, savedAtMs, microshards: ids }),
      'utf8',
    );
    const headerEnd = align4(12 + header.length);
    const per = (C * this.fineCapacity + C * this.hourlyCapacity + this.hourlyCapacity) * 4;
    const buf = Buffer.alloc(headerEnd + ids.length * per + 4);
    buf.writeUInt32LE(MAGIC, 0);
    buf.writeUInt32LE(HISTORY_FILE_VERSION, 4);
    buf.writeUInt32LE(header.length, 8);
    header.copy(buf, 12);
    let off = headerEnd;
    for (const id of ids) {
      const r = this.rings.get(id)!;
      for (const a of [r.fine, r.hourly, r.coverage]) {
        Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(buf, off);
        off += a.byteLength;
      }
    }
    buf.writeUInt32LE(crc32(buf.subarray(0, off)), off);
    return buf;
    // Layout (little-endian): u32 magic "SCHI", u32 version, u32 header length, header JSON
    // (config, heads, ids in order), zero padding to 4 bytes, then per microshard its fine ring
    // (channel-major f32), hourly ring (f32) and hourly coverage (f32), then u32 CRC-32 of
    // everything before it.
  }

  /**
   * Reads a buffer written by toBuffer into a history with these options. Throws
   * HistoryFileError naming what is wrong (truncated, bad checksum, other version...). A file
   * written with another interval or fine window keeps only its hourly part (noted in `notes`).
   */
  static fromBuffer(buf: Buffer, opts: HistoryOptions = {}, notes: string[] = []): History {
    if (buf.length < 16) throw new HistoryFileError(`file too short (${buf.length} bytes)`);
    if (buf.readUInt32LE(0) !== MAGIC) throw new HistoryFileError('not a shardcast history file (bad magic)');
    const version = buf.readUInt32LE(4);
    if (version !== HISTORY_FILE_VERSION) throw new HistoryFileError(`history file version ${version} is not supported (expected ${HISTORY_FILE_VERSION})`);
    const crcAt = buf.length - 4;
    if (crc32(buf.subarray(0, crcAt)) !== buf.readUInt32LE(crcAt)) throw new HistoryFileError('checksum mismatch (truncated or corrupt file)');
    const hlen = buf.readUInt32LE(8);
    if (12 + hlen > crcAt) throw new HistoryFileError(`header length ${hlen} exceeds the file`);
    let h: { intervalMs: number; fineCapacity: number; hourlyCapacity: number; channels: string[]; fineHead: number; hourHead: number; microshards: string[] };
    try {
      h = JSON.parse(buf.toString('utf8', 12, 12 + hlen));
    } catch (err) {
      throw new HistoryFileError(`header is not JSON: ${(err as Error).message}`);
    }
    const okInt = (v: unknown, min: number): boolean => Number.isInteger(v) && (v as number) >= min;
    if (!okInt(h.intervalMs, 1) || !okInt(h.fineCapacity, 1) || !okInt(h.hourlyCapacity, 1) || !okInt(h.fineHead, -1) || !okInt(h.hourHead, -1) || !Array.isArray(h.microshards) || !h.microshards.every((x) => typeof x === 'string')) {
      throw new HistoryFileError('header is missing or has invalid fields');
    }
    if (JSON.stringify(h.channels) !== JSON.stringify(HISTORY_CHANNELS)) throw new HistoryFileError(`channels ${JSON.stringify(h.channels)} differ from ${JSON.stringify(HISTORY_CHANNELS)}`);
    const per = (C * h.fineCapacity + C * h.hourlyCapacity + h.hourlyCapacity) * 4;
    const start = align4(12 + hlen);
    if (start + h.microshards.length * per !== crcAt) throw new HistoryFileError(`body is ${crcAt - start} bytes, expected ${h.microshards.length * per} for ${h.microshards.length} microshards`);
    const out = new History(opts);
    const keepFine = h.intervalMs === out.intervalMs && h.fineCapacity === out.fineCapacity;
    if (!keepFine) notes.push(`interval-resolution history dropped: file has ${h.intervalMs} ms x ${h.fineCapacity}, configured ${out.intervalMs} ms x ${out.fineCapacity}`);
    if (h.hourlyCapacity !== out.hourlyCapacity) notes.push(`hourly history resized from ${h.hourlyCapacity} to ${out.hourlyCapacity} hours`);
    const f32 = (off: number, n: number): Float32Array => new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + n * 4));
    let off = start;
    for (const id of h.microshards) {
      const fine = f32(off, C * h.fineCapacity);
      off += C * h.fineCapacity * 4;
      const hourly = f32(off, C * h.hourlyCapacity);
      off += C * h.hourlyCapacity * 4;
      const coverage = f32(off, h.hourlyCapacity);
      off += h.hourlyCapacity * 4;
      const r = out.newRings();
      if (keepFine) r.fine = fine;
      // Copy the newest min(H, H') hours to the same hour indices.
      const n = Math.min(h.hourlyCapacity, out.hourlyCapacity);
      for (let k = h.hourHead - n + 1; k <= h.hourHead && h.hourHead >= 0; k++) {
        const from = mod(k, h.hourlyCapacity);
        const to = mod(k, out.hourlyCapacity);
        for (let c = 0; c < C; c++) r.hourly[c * out.hourlyCapacity + to] = hourly[c * h.hourlyCapacity + from]!;
        r.coverage[to] = coverage[from]!;
      }
      out.rings.set(id, r);
    }
    out.fineHead = keepFine ? h.fineHead : -1;
    out.hourHead = h.hourHead;
    return out;
  }

  /**
   * Writes the history to `file` atomically: a temporary file is written and fsynced, the
   * current file (known good) becomes `file.prev`, the temporary file is renamed over `file`,
   * and the directory is fsynced. A crash at any point leaves a good file or a good `.prev`.
   * The snapshot is taken synchronously (later records are not in it); the I/O is async.
   * Concurrent saves to one file must be serialised by the caller (startHistoryPersistence does).
   */
  async save(file: string, savedAtMs = Date.now()): Promise<void> {
    const buf = this.toBuffer(savedAtMs);
    const tmp = `${file}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(buf);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(file, `${file}.prev`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await rename(tmp, file);
    try {
      const dir = await open(dirname(file), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch {
      // Some filesystems refuse fsync on a directory; the renames are still ordered.
    }
  }

  /**
   * Loads `file` (or, when it is missing or corrupt, `file.prev`), never throwing for a bad
   * file: a corrupt file is renamed to `file.corrupt-<ms>` (kept for inspection, and so the
   * next save cannot rotate it over the good `.prev`) and reported in `problems`.
   */
  static load(file: string, opts: HistoryOptions = {}, nowMs = Date.now()): { history: History; report: HistoryLoadReport } {
    const problems: string[] = [];
    const attempt = (path: string): History | undefined => {
      let buf: Buffer;
      try {
        buf = readFileSync(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${path}: cannot read: ${(err as Error).message}`);
        return undefined;
      }
      try {
        const notes: string[] = [];
        const h = History.fromBuffer(buf, opts, notes);
        for (const n of notes) problems.push(`${path}: ${n}`);
        return h;
      } catch (err) {
        if (!(err instanceof HistoryFileError)) throw err;
        const aside = `${path}.corrupt-${nowMs}`;
        problems.push(`${path}: ${err.message}; moved to ${aside}`);
        try {
          renameSync(path, aside);
        } catch (e) {
          problems.push(`${path}: cannot move aside: ${(e as Error).message}`);
        }
        return undefined;
      }
    };
    const main = attempt(file);
    if (main) return { history: main, report: { source: 'file', problems } };
    const prev = attempt(`${file}.prev`);
    if (prev) {
      problems.push(`using the previous file ${file}.prev`);
      return { history: prev, report: { source: 'previous', problems } };
    }
    return { history: new History(opts), report: { source: 'empty', problems } };
  }

  // ---- internals ----

  private newRings(): Rings {
    return {
      fine: new Float32Array(C * this.fineCapacity).fill(NaN),
      hourly: new Float32Array(C * this.hourlyCapacity).fill(NaN),
      coverage: new Float32Array(this.hourlyCapacity),
    };
  }

  private forward(from: string, parts: ReadonlyArray<{ id: string; share: number }>): void {
    if (parts.some((p) => p.id === from)) return; // a part keeps the parent id: records stay with it
    this.forwards.delete(from);
    this.forwards.set(from, parts.map((p) => ({ ...p })));
    if (this.forwards.size > DEFAULT_FORWARD_LIMIT) this.forwards.delete(this.forwards.keys().next().value!);
  }

  private series(id: string, ring: Float32Array, coverage: Float32Array | undefined, cap: number, head: number, stepMs: number): Series {
    let first = head - cap + 1;
    // Trim leading points never known.
    while (first <= head) {
      const s = mod(first, cap);
      if (!Number.isNaN(ring[s]!)) break;
      first++;
    }
    const out: Series = { id, startMs: first * stepMs, stepMs, reads: [], writes: [], bytes: [], ops: [] };
    if (coverage) out.coverage = [];
    for (let k = first; k <= head; k++) {
      const s = mod(k, cap);
      const r = ring[s]!;
      const w = ring[cap + s]!;
      out.reads.push(r);
      out.writes.push(w);
      out.bytes.push(ring[2 * cap + s]!);
      out.ops.push(r + w);
      out.coverage?.push(coverage![s]!);
    }
    return out;
  }
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

/**
 * Saves every `everyMs` (unref'd timer, one save at a time) and once more on stop(); errors go
 * to onError and the next save tries again.
 */
export function startHistoryPersistence(
  history: History,
  file: string,
  opts: { everyMs?: number; onError?: (err: unknown) => void } = {},
): { stop(): Promise<void>; saveNow(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  const saveNow = (): Promise<void> => {
    chain = chain.then(() => history.save(file)).catch((err) => opts.onError?.(err));
    return chain;
  };
  const timer = setInterval(() => void saveNow(), opts.everyMs ?? DEFAULT_HISTORY_SAVE_MS);
  timer.unref();
  return {
    saveNow,
    stop() {
      clearInterval(timer);
      return saveNow();
    },
  };
}

function mod(k: number, n: number): number {
  return ((k % n) + n) % n;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function clearSlot(ring: Float32Array, cap: number, slot: number): void {
  for (let c = 0; c < C; c++) ring[c * cap + slot] = NaN;
}

function addSlot(ring: Float32Array, cap: number, slot: number, r: number, w: number, b: number): void {
  const vals = [r, w, b];
  for (let c = 0; c < C; c++) {
    const i = c * cap + slot;
    ring[i] = Number.isNaN(ring[i]!) ? vals[c]! : ring[i]! + vals[c]!;
  }
}

function scale(a: Float32Array, share: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * share; // NaN stays NaN
  return out;
}

function sumRings(parts: readonly Rings[]): Rings {
  const sum = (arrays: Float32Array[]): Float32Array => {
    const out = new Float32Array(arrays[0]!.length).fill(NaN);
    for (const a of arrays) for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]!)) out[i] = Number.isNaN(out[i]!) ? a[i]! : out[i]! + a[i]!;
    return out;
  };
  const coverage = new Float32Array(parts[0]!.coverage.length);
  for (const p of parts) for (let i = 0; i < coverage.length; i++) coverage[i] = Math.max(coverage[i]!, p.coverage[i]!);
  return { fine: sum(parts.map((p) => p.fine)), hourly: sum(parts.map((p) => p.hourly)), coverage };
}
