// Co-access wiring of the aggregator: records of one batch that carry the same co-access group
// are chained together as they arrive, and at the end of the batch each group of two or more
// microshards becomes pair counts (in a fixed table over the interval, drained into the
// CoAccessTracker sketch when half full and at close) and per-microshard group counts (added to
// the sketch's singles at close).
import { CoAccessTracker } from './coaccess.js';
import { D_GROUPS, D_HANDLE, type ShardState, type ShardStates } from './shard-state.js';

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

export class CoAccessCounting {
  /** Per batch: co-access group -> index of its last record in the chains below. */
  private readonly groupLast = new Map<number | string, number>();
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
  private readonly members: Int32Array;

  constructor(
    private readonly tracker: CoAccessTracker,
    private readonly states: ShardStates,
  ) {
    this.members = new Int32Array(tracker.maxGroupMicroshards);
  }

  beginBatch(): void {
    this.groupLast.clear();
    this.grouped = 0;
    this.runLast = -1;
  }

  /** A record of group (groupHi, groupLo), not 0, landed on the microshard in `slot`. */
  note(groupHi: number, groupLo: number, slot: number): void {
    const key = groupHi < 0x200000 ? groupHi * 4294967296 + groupLo : `${groupHi}:${groupLo}`;
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

  endBatch(): void {
    if (this.grouped > 0) this.countBatch();
  }

  /** At close: the pending pair counts, and the touched microshards' group counts as singles. */
  closeInterval(touched: readonly ShardState[]): void {
    this.drainPairs();
    for (const s of touched) if (s.groupCount > 0) this.tracker.addSingle(s.handle, s.groupCount);
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
  private countBatch(): void {
    if (this.runLast >= 0) this.groupLast.set(this.runKey, this.runLast);
    const t = this.tracker;
    const max = t.maxGroupMicroshards;
    const members = this.members;
    const pc = this.pairCounts;
    const d = this.states.arena.data;
    const w = this.states.width;
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
    this.beginBatch();
  }

  private drainPairs(): void {
    this.pairCounts.drain((key, w) => this.tracker.addPairKey(key, w));
  }
}
