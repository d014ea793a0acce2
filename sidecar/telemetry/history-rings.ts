// The storage of load history: per microshard, fixed rings of points (channel-major f32) at
// interval and hourly resolution, plus the hourly coverage. Memory is bounded per microshard.
// A point is NaN where nothing is known and 0 where the microshard was here and idle.

export const HOUR_MS = 3_600_000;
/** Channels stored per point, in this order. */
export const HISTORY_CHANNELS = ['reads', 'writes', 'bytes'] as const;
/** Channels per point. */
export const CHANNELS = HISTORY_CHANNELS.length;

export interface Rings {
  /** fine[c * F + slot] */
  fine: Float32Array;
  /** hourly[c * H + slot] */
  hourly: Float32Array;
  coverage: Float32Array;
}

/** Everything a history holds (what its file stores). */
export interface HistoryState {
  intervalMs: number;
  fineCapacity: number;
  hourlyCapacity: number;
  /** Interval index (startMs / intervalMs) of the newest fine point; -1 before any. */
  fineHead: number;
  /** Hour index of the newest hourly point; -1 before any. */
  hourHead: number;
  rings: Map<string, Rings>;
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

/** Rings with nothing known yet (NaN), no hour covered. */
export function newRings(fineCapacity: number, hourlyCapacity: number): Rings {
  return {
    fine: new Float32Array(CHANNELS * fineCapacity).fill(NaN),
    hourly: new Float32Array(CHANNELS * hourlyCapacity).fill(NaN),
    coverage: new Float32Array(hourlyCapacity),
  };
}

/** The ring slot of index k (k may be negative). */
export function mod(k: number, n: number): number {
  return ((k % n) + n) % n;
}

/** Forgets a slot the head passes (NaN: nothing recorded). */
export function clearSlot(ring: Float32Array, cap: number, slot: number): void {
  for (let c = 0; c < CHANNELS; c++) ring[c * cap + slot] = NaN;
}

/** Adds to a slot (an unknown slot becomes known). */
export function addSlot(ring: Float32Array, cap: number, slot: number, r: number, w: number, b: number): void {
  const vals = [r, w, b];
  for (let c = 0; c < CHANNELS; c++) {
    const i = c * cap + slot;
    ring[i] = Number.isNaN(ring[i]!) ? vals[c]! : ring[i]! + vals[c]!;
  }
}

/** A ring's points from the first known one to the head, oldest first, as a Series. */
export function readSeries(id: string, ring: Float32Array, coverage: Float32Array | undefined, cap: number, head: number, stepMs: number): Series {
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
