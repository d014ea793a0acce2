// Coalesces concurrent calls for keys of one microshard on one node into one batched RPC
// (PutBatch / GetBatch): calls submitted during the same turn of the event loop are sent
// together on the next one (setImmediate), so a caller waits at most one turn and the per-call
// cost of gRPC (framing, headers, a stream, a callback on each side) and of the storage
// transaction is paid once per batch. Batches of one group may be in flight side by side: many
// requests per connection, nothing waits for an earlier batch to return.
//
// Contract per call: each submitted call resolves or rejects on its own. A batch is all or
// none on the node, so one malformed call must not fail its neighbours: when a batch is refused
// with INVALID_ARGUMENT each of its calls is sent again alone and gets its own answer. Any other
// error (stale epoch, fenced, unavailable) concerns the microshard, hence every call of the
// batch, and is handed to each caller, who re-routes as it would for a single call.
import * as grpc from '@grpc/grpc-js';

export interface BatchLimits {
  /** Most calls in one batch. */
  maxEntries: number;
  /** Most bytes (as counted by `size`) in one batch. */
  maxBytes: number;
}

interface Pending<Req, Res> {
  req: Req;
  /** Identity of the key: a batch carries each key once. */
  key: string;
  bytes: number;
  resolve: (r: Res) => void;
  reject: (e: unknown) => void;
}

export interface BatchTransport<Req, Res> {
  /** One call alone (a batch of one, and the fallback after INVALID_ARGUMENT). */
  one(target: string, req: Req): Promise<Res>;
  /** Several calls in one RPC; resolves with one answer per request, in order. */
  many(target: string, reqs: Req[]): Promise<Res[]>;
}

export class Coalescer<Req, Res> {
  /** group ("address\0microshard id") -> calls waiting for the next flush. */
  private readonly queues = new Map<string, { target: string; calls: Array<Pending<Req, Res>> }>();
  private scheduled = false;
  /** Batches sent and calls they carried (for benches and tests). */
  batches = 0;
  batchedCalls = 0;

  constructor(
    private readonly transport: BatchTransport<Req, Res>,
    private readonly limits: BatchLimits,
  ) {}

  submit(target: string, group: string, key: string, bytes: number, req: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      let q = this.queues.get(group);
      if (!q) this.queues.set(group, (q = { target, calls: [] }));
      q.calls.push({ req, key, bytes, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const queues = [...this.queues.values()];
    this.queues.clear();
    for (const q of queues) {
      for (const batch of this.split(q.calls)) this.send(q.target, batch);
    }
  }

  /** Cuts a group's calls into batches within the limits, each key at most once per batch. */
  private split(calls: Array<Pending<Req, Res>>): Array<Array<Pending<Req, Res>>> {
    const out: Array<Array<Pending<Req, Res>>> = [];
    let cur: Array<Pending<Req, Res>> = [];
    let keys = new Set<string>();
    let bytes = 0;
    for (const c of calls) {
      if (cur.length > 0 && (cur.length >= this.limits.maxEntries || bytes + c.bytes > this.limits.maxBytes || keys.has(c.key))) {
        out.push(cur);
        cur = [];
        keys = new Set();
        bytes = 0;
      }
      cur.push(c);
      keys.add(c.key);
      bytes += c.bytes;
    }
    if (cur.length > 0) out.push(cur);
    return out;
  }

  private send(target: string, batch: Array<Pending<Req, Res>>): void {
    this.batches++;
    this.batchedCalls += batch.length;
    if (batch.length === 1) {
      const c = batch[0]!;
      this.transport.one(target, c.req).then(c.resolve, c.reject);
      return;
    }
    this.transport.many(target, batch.map((c) => c.req)).then(
      (res) => {
        if (res.length !== batch.length) {
          const err = Object.assign(new Error(`batch of ${batch.length} answered with ${res.length} results`), { code: grpc.status.INTERNAL, details: `batch of ${batch.length} answered with ${res.length} results` });
          for (const c of batch) c.reject(err);
          return;
        }
        batch.forEach((c, i) => c.resolve(res[i]!));
      },
      (err: grpc.ServiceError) => {
        if (err.code === grpc.status.INVALID_ARGUMENT) {
          // One call's own problem: each call alone, so only the bad one fails.
          for (const c of batch) this.transport.one(target, c.req).then(c.resolve, c.reject);
          return;
        }
        for (const c of batch) c.reject(err);
      },
    );
  }
}
