// The planner's records on the leader: every decision and every "no action" for a candidate, with
// its inputs, the latest N per microshard, per node and for the whole cluster. Soft state: a new
// leader starts empty (decisions are also lifecycle events in etcd). Admin.Explain answers from it
// (admin/explain.ts).

/** Records of the cluster and of the owner node returned as context with a microshard's. */
export const DEFAULT_EXPLAIN_CONTEXT = 4;
/** Records of a microshard that no longer exists are dropped this long after its last one. */
export const DEFAULT_EXPLAIN_RETENTION_MS = 3_600_000;

/** One stored record (the proto shape with numbers, before encoding). */
export interface StoredExplain {
  atMs: number;
  round: number;
  microshardId: string;
  nodeId: string;
  outcome: 'decision' | 'no-action';
  candidate: string;
  reason: string;
  operatorId: string;
  kind: string;
  execution: string;
  policy: string;
  gain: number;
  cost: number;
  load: number;
  forecastP50: number;
  forecastP90: number;
  inputs: Record<string, unknown>;
}

/** JSON with bigints as decimal strings (planner inputs may carry positions). */
export function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

export class ExplainStore {
  private readonly byKey = new Map<string, StoredExplain[]>();

  constructor(readonly perKey: number) {}

  private static keyOf(r: Pick<StoredExplain, 'microshardId' | 'nodeId'>): string {
    if (r.microshardId) return `m:${r.microshardId}`;
    if (r.nodeId) return `n:${r.nodeId}`;
    return 'cluster';
  }

  add(r: StoredExplain): void {
    const key = ExplainStore.keyOf(r);
    let list = this.byKey.get(key);
    if (!list) this.byKey.set(key, (list = []));
    list.push(r);
    if (list.length > this.perKey) list.splice(0, list.length - this.perKey);
  }

  /** The microshard's records, oldest first (at most `limit`; 0 = all kept). */
  forMicroshard(id: string, limit = 0): StoredExplain[] {
    const list = this.byKey.get(`m:${id}`) ?? [];
    return limit > 0 ? list.slice(-limit) : [...list];
  }

  has(id: string): boolean {
    return this.byKey.has(`m:${id}`);
  }

  /** The latest records about a node and about the whole cluster, oldest first. */
  context(nodeId: string | undefined, n = DEFAULT_EXPLAIN_CONTEXT): StoredExplain[] {
    const out = [...(this.byKey.get('cluster') ?? []).slice(-n), ...(nodeId ? (this.byKey.get(`n:${nodeId}`) ?? []).slice(-n) : [])];
    return out.sort((a, b) => a.atMs - b.atMs);
  }

  /** Drops records of microshards that no longer exist once they are older than `retentionMs`. */
  prune(exists: (id: string) => boolean, nowMs: number, retentionMs = DEFAULT_EXPLAIN_RETENTION_MS): void {
    for (const [key, list] of this.byKey) {
      if (!key.startsWith('m:') || exists(key.slice(2))) continue;
      if (nowMs - (list[list.length - 1]?.atMs ?? 0) > retentionMs) this.byKey.delete(key);
    }
  }

  clear(): void {
    this.byKey.clear();
  }

  get keys(): number {
    return this.byKey.size;
  }
}

/** What Explain reports about the loop besides the records. */
export interface PlannerStatus {
  intervalMs: number;
  policy: string;
  lastRoundAtMs: number;
  skippedBecause: string;
}

