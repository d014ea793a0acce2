// The simulated cluster: microshards (slots) over the trace's keys, their owners, histories,
// sizes, access histograms and co-access statistics. Keys are numbered in keyspace order, so a
// microshard is a contiguous run of key ranks and routing a row is one array lookup.
import { KEYSPACE_END } from '../core/keyspace.js';
import { evenRanges } from '../core/ranges.js';
import { place } from '../core/placement.js';
import type { AccessHistogram, CoAccessPartner } from '../core/planner/snapshot.js';
import { keyRankAtOrAfter, rangeLoad, type Trace } from './trace.js';

/** Buckets of a simulated access histogram (the live sidecar reports a similar count). */
export const DEFAULT_HISTOGRAM_BUCKETS = 64;
/** Per-interval decay of the per-key recent load that histograms are built from. */
export const DEFAULT_KEY_LOAD_DECAY = 0.7;
/** Per-interval decay of co-access counts. */
export const DEFAULT_CO_ACCESS_DECAY = 0.9;
/** A group touching more microshards than this adds pairs for the first ones only (bounded cost). */
export const DEFAULT_MAX_GROUP_FANOUT = 16;

export interface Slot {
  /** Index into the slot pool (stable for the slot's life). */
  idx: number;
  id: bigint;
  start: bigint;
  end: bigint;
  /** Key ranks [keyLo, keyHi). */
  keyLo: number;
  keyHi: number;
  /** Node index. */
  owner: number;
  createdAt: number;
  lastMove?: { at: number; from: number; to: number };
  busy: boolean;
  alive: boolean;
  /** Keys in range seen so far. */
  distinct: number;
  ring: Float64Array;
}

export class SimCluster {
  readonly nodeIds: string[];
  readonly pool: Slot[] = [];
  /** Alive slots in keyspace order. */
  order: Slot[] = [];
  readonly keySlot: Int32Array;
  /** Load of the latest routed interval, by slot idx. */
  slotLoad = new Float64Array(0);
  nextId: bigint;
  private keyRecent: Float64Array;
  private keyT: Int32Array;
  private co = new Map<number, Map<number, { w: number; t: number }>>();
  readonly historyLength: number;
  /** Last interval routed. */
  t = -1;

  constructor(
    readonly trace: Trace,
    nodes: number,
    microshards: number,
    historyLength: number,
  ) {
    this.nodeIds = Array.from({ length: nodes }, (_, i) => `n${i}`);
    this.historyLength = historyLength;
    this.keySlot = new Int32Array(trace.keyNames.length);
    this.keyRecent = new Float64Array(trace.keyNames.length);
    this.keyT = new Int32Array(trace.keyNames.length);
    const ranges = evenRanges(microshards);
    const assignment = place(
      ranges.map((r) => r.id.toString()),
      this.nodeIds,
    );
    const nodeIndex = new Map(this.nodeIds.map((n, i) => [n, i]));
    for (const r of ranges) {
      const s = this.newSlot(r.id, r.start, r.end, nodeIndex.get(assignment.get(r.id.toString())!)!, 0);
      this.order.push(s);
    }
    this.nextId = BigInt(microshards);
  }

  private newSlot(id: bigint, start: bigint, end: bigint, owner: number, createdAt: number): Slot {
    const keyLo = keyRankAtOrAfter(this.trace, start);
    const keyHi = end === KEYSPACE_END ? this.trace.keyPositions.length : keyRankAtOrAfter(this.trace, end);
    const s: Slot = { idx: this.pool.length, id, start, end, keyLo, keyHi, owner, createdAt, busy: false, alive: true, distinct: 0, ring: new Float64Array(this.historyLength) };
    this.pool.push(s);
    if (this.slotLoad.length < this.pool.length) {
      const grown = new Float64Array(Math.max(64, this.pool.length * 2));
      grown.set(this.slotLoad);
      this.slotLoad = grown;
    }
    for (let k = keyLo; k < keyHi; k++) {
      this.keySlot[k] = s.idx;
      if (this.trace.keyFirstSeen[k]! <= this.t) s.distinct++;
    }
    // History of the new range, exact from the trace.
    for (let u = Math.max(0, this.t - this.historyLength + 1); u <= this.t; u++) s.ring[u % this.historyLength] = rangeLoad(this.trace, u, keyLo, keyHi);
    if (this.t >= 0) this.slotLoad[s.idx] = rangeLoad(this.trace, this.t, keyLo, keyHi);
    if (id >= this.nextId) this.nextId = id + 1n;
    return s;
  }

  slotById(id: string): Slot | undefined {
    // Few thousand alive slots: a scan of `order` would do, but rounds look many up.
    return this.byId.get(id);
  }

  private byIdCache = new Map<string, Slot>();
  private byIdVersion = -1;
  private version = 0;
  private get byId(): Map<string, Slot> {
    if (this.byIdVersion !== this.version) {
      this.byIdCache = new Map(this.order.map((s) => [s.id.toString(), s]));
      this.byIdVersion = this.version;
    }
    return this.byIdCache;
  }

  /** Routes interval t: fills slotLoad and nodeLoad (by owner), updates histories and statistics. */
  route(t: number, nodeLoad: Float64Array): void {
    this.t = t;
    const tr = this.trace;
    const ks = this.keySlot;
    nodeLoad.fill(0);
    for (const s of this.order) this.slotLoad[s.idx] = 0;
    const a = tr.rowStart[t]!;
    const b = tr.rowStart[t + 1]!;
    const decay = DEFAULT_KEY_LOAD_DECAY;
    for (let i = a; i < b; i++) {
      const k = tr.keyOf[i]!;
      const slot = ks[k]!;
      const ops = tr.ops[i]!;
      this.slotLoad[slot]! += ops;
      nodeLoad[this.pool[slot]!.owner]! += ops;
      const dt = t - this.keyT[k]!;
      this.keyRecent[k] = (dt > 0 ? this.keyRecent[k]! * decay ** dt : this.keyRecent[k]!) + ops;
      this.keyT[k] = t;
      if (tr.keyFirstSeen[k] === t && (i === a || tr.keyOf[i - 1] !== k)) this.pool[slot]!.distinct++;
    }
    const h = this.historyLength;
    for (const s of this.order) s.ring[t % h] = this.slotLoad[s.idx]!;
    if (tr.groupNames.length > 0) this.updateCoAccess(t);
  }

  private updateCoAccess(t: number): void {
    const tr = this.trace;
    const a = tr.groupRowStart[t]!;
    const b = tr.groupRowStart[t + 1]!;
    const touched: number[] = [];
    for (let i = a; i < b; ) {
      const g = tr.groupOf[tr.groupRows[i]!]!;
      touched.length = 0;
      let j = i;
      for (; j < b && tr.groupOf[tr.groupRows[j]!] === g; j++) {
        const slot = this.keySlot[tr.keyOf[tr.groupRows[j]!]!]!;
        if (touched.length < DEFAULT_MAX_GROUP_FANOUT && !touched.includes(slot)) touched.push(slot);
      }
      for (let x = 0; x < touched.length; x++) for (let y = x + 1; y < touched.length; y++) {
        this.bump(touched[x]!, touched[y]!, t);
        this.bump(touched[y]!, touched[x]!, t);
      }
      i = j;
    }
  }

  private bump(a: number, b: number, t: number): void {
    let m = this.co.get(a);
    if (!m) this.co.set(a, (m = new Map()));
    const e = m.get(b);
    if (e) {
      e.w = e.w * DEFAULT_CO_ACCESS_DECAY ** (t - e.t) + 1;
      e.t = t;
    } else m.set(b, { w: 1, t });
  }

  /** Co-access partners of a slot: decayed pair counts as events per interval. */
  coAccess(s: Slot, t: number): CoAccessPartner[] | undefined {
    const m = this.co.get(s.idx);
    if (!m) return undefined;
    const out: CoAccessPartner[] = [];
    for (const [b, e] of m) {
      const p = this.pool[b]!;
      if (!p.alive) {
        m.delete(b);
        continue;
      }
      const w = e.w * DEFAULT_CO_ACCESS_DECAY ** (t - e.t) * (1 - DEFAULT_CO_ACCESS_DECAY);
      if (w > 1e-3) out.push({ partner: p.id.toString(), weight: w });
    }
    return out;
  }

  /**
   * Ops per interval by client region over the last `window` intervals, per alive slot (idx) that
   * had any: what a sidecar aggregates from access reports that carry the client's region.
   */
  regionLoads(window: number): Map<number, Record<string, number>> {
    const tr = this.trace;
    const out = new Map<number, Record<string, number>>();
    const from = Math.max(0, this.t - window + 1);
    const span = this.t - from + 1;
    if (span <= 0) return out;
    for (let i = tr.rowStart[from]!; i < tr.rowStart[this.t + 1]!; i++) {
      const r = tr.regionOf[i]!;
      if (r < 0) continue;
      const slot = this.keySlot[tr.keyOf[i]!]!;
      let rec = out.get(slot);
      if (!rec) out.set(slot, (rec = {}));
      const name = tr.regionNames[r]!;
      rec[name] = (rec[name] ?? 0) + tr.ops[i]! / span;
    }
    return out;
  }

  /** Loads of the slot's last min(historyLength, t + 1) intervals, oldest first. */
  history(s: Slot): Float64Array {
    const h = this.historyLength;
    const n = Math.min(h, this.t + 1);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = s.ring[(this.t - n + 1 + i) % h]!;
    return out;
  }

  /** Access histogram over the slot's range from recent per-key loads (equal key-count buckets). */
  histogram(s: Slot): AccessHistogram | undefined {
    const n = s.keyHi - s.keyLo;
    if (n === 0) return undefined;
    const buckets = Math.min(DEFAULT_HISTOGRAM_BUCKETS, n);
    const edges: bigint[] = [s.start];
    const counts: number[] = [];
    const decay = DEFAULT_KEY_LOAD_DECAY;
    for (let b = 0; b < buckets; b++) {
      const lo = s.keyLo + Math.floor((b * n) / buckets);
      const hi = s.keyLo + Math.floor(((b + 1) * n) / buckets);
      let c = 0;
      for (let k = lo; k < hi; k++) c += this.keyRecent[k]! * decay ** Math.max(0, this.t - this.keyT[k]!);
      counts.push(c);
      edges.push(b === buckets - 1 ? s.end : this.trace.keyPositions[hi]!);
    }
    // Drop empty-width buckets (the first key sitting exactly on the range start).
    for (let i = counts.length - 1; i >= 0; i--) {
      if (edges[i + 1]! <= edges[i]!) {
        const c = counts[i]!;
        edges.splice(i + 1, 1);
        counts.splice(i, 1);
        if (i < counts.length) counts[i]! += c;
        else if (i > 0) counts[i - 1]! += c;
      }
    }
    return counts.length > 0 ? { edges, counts } : undefined;
  }

  /** Splits a slot at `at`; the halves take the given ids. Effective from the next interval. */
  split(s: Slot, at: bigint, leftId: bigint, rightId: bigint, now: number): [Slot, Slot] {
    s.alive = false;
    const left = this.newSlot(leftId, s.start, at, s.owner, now + 1);
    const right = this.newSlot(rightId, at, s.end, s.owner, now + 1);
    left.lastMove = right.lastMove = s.lastMove;
    const i = this.order.indexOf(s);
    this.order.splice(i, 1, left, right);
    this.co.delete(s.idx);
    this.version++;
    return [left, right];
  }

  merge(left: Slot, right: Slot, id: bigint, now: number): Slot {
    left.alive = false;
    right.alive = false;
    const m = this.newSlot(id, left.start, right.end, left.owner, now + 1);
    const la = left.lastMove?.at ?? -Infinity;
    const ra = right.lastMove?.at ?? -Infinity;
    m.lastMove = la >= ra ? left.lastMove : right.lastMove;
    const i = this.order.indexOf(left);
    this.order.splice(i, 2, m);
    this.co.delete(left.idx);
    this.co.delete(right.idx);
    this.version++;
    return m;
  }
}
