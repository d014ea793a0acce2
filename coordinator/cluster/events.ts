// The lifecycle event log in etcd: appended inside the leader's guarded transactions (so an
// event exists exactly when its change does), bounded by trimming the oldest.
import { Range, type IOperation, type Namespace } from 'etcd3';
import { EVENTS_PREFIX, META_EVENT_SEQ, eventKey } from './keys.js';
import type { LifecycleEventRecord } from './state.js';

export interface NewEvent {
  kind: string;
  microshardIds?: string[];
  nodeIds?: string[];
  reason: string;
  actor: string;
  inputs?: unknown;
}

export class EventLog {
  private seq = 0n;

  constructor(
    private readonly ns: Namespace,
    private readonly retention: number,
  ) {}

  /** Reads the last sequence number; call when becoming leader. */
  async load(): Promise<void> {
    const v = await this.ns.get(META_EVENT_SEQ).string();
    this.seq = v ? BigInt(v) : 0n;
  }

  /**
   * Operations that append `events` (to be committed in the same guarded transaction as the
   * change they describe). `commit()` must be called once the transaction succeeded.
   */
  prepare(events: NewEvent[], nowMs = Date.now()): { ops: IOperation[]; records: LifecycleEventRecord[]; commit: () => void } {
    let seq = this.seq;
    const records: LifecycleEventRecord[] = [];
    const ops: IOperation[] = [];
    for (const e of events) {
      seq += 1n;
      const rec: LifecycleEventRecord = {
        seq: seq.toString(),
        atMs: String(nowMs),
        kind: e.kind,
        microshardIds: e.microshardIds ?? [],
        nodeIds: e.nodeIds ?? [],
        reason: e.reason,
        actor: e.actor,
        inputsJson: JSON.stringify(e.inputs ?? {}),
      };
      records.push(rec);
      ops.push(this.ns.put(eventKey(seq)).value(JSON.stringify(rec)));
    }
    if (events.length > 0) {
      ops.push(this.ns.put(META_EVENT_SEQ).value(seq.toString()));
      const floor = seq - BigInt(this.retention);
      // Trim in steps of 100 so most transactions carry no delete.
      if (floor > 0n && seq / 100n !== this.seq / 100n) ops.push(this.ns.delete().range(new Range(eventKey(0n), eventKey(floor))));
    }
    return { ops, records, commit: () => void (this.seq = seq) };
  }

  /** The last `n` events (oldest first), optionally only those naming a microshard or node, or of one kind. */
  async recent(n: number, filter: EventFilter = {}): Promise<LifecycleEventRecord[]> {
    if (n <= 0) return [];
    // A filtered read looks further back (the matches are spread among other events); it stays bounded.
    const kvs = await this.ns.getAll().prefix(EVENTS_PREFIX).sort('Key', 'Descend').limit(filter.microshardId || filter.nodeId || filter.kind ? Math.max(n * 20, 1000) : n).strings();
    const out: LifecycleEventRecord[] = [];
    for (const v of Object.values(kvs)) {
      const rec = JSON.parse(v) as LifecycleEventRecord;
      if (matches(rec, filter)) out.push(rec);
    }
    out.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
    return out.slice(-n);
  }
}

export interface EventFilter {
  microshardId?: string;
  nodeId?: string;
  kind?: string;
}

export function matches(rec: LifecycleEventRecord, filter: EventFilter): boolean {
  if (filter.kind && rec.kind !== filter.kind) return false;
  if (filter.microshardId && !rec.microshardIds.includes(filter.microshardId)) return false;
  if (filter.nodeId && !rec.nodeIds.includes(filter.nodeId)) return false;
  return true;
}
