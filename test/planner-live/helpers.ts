// Helpers for the live decision-loop tests: a load pump that streams access reports to whichever
// sidecar owns each position now (so load follows a moved microshard, as real traffic would),
// and small Admin calls.
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../../platform/proto.js';
import { deadline } from '../../platform/server.js';
import { parsePosition, positionToHex } from '../../core/keyspace.js';
import { LocalCluster, type LocalClusterOptions } from '../../devcluster/cluster.js';
import { waitAllServing } from '../integration/helpers.js';
import type { AdminClient } from '../../generated/proto/shardcast/v1/Admin.js';
import type { ExplainResponse__Output } from '../../generated/proto/shardcast/v1/ExplainResponse.js';
import type { LifecycleEvent__Output } from '../../generated/proto/shardcast/v1/LifecycleEvent.js';
import type { Migration__Output } from '../../generated/proto/shardcast/v1/Migration.js';
import type { Microshard__Output } from '../../generated/proto/shardcast/v1/Microshard.js';
import type { AccessBatch } from '../../generated/proto/shardcast/v1/AccessBatch.js';

export function explain(admin: AdminClient, microshardId: string, md = new grpc.Metadata()): Promise<ExplainResponse__Output> {
  return new Promise((resolve, reject) => admin.Explain({ microshardId, limit: 0 }, md, { deadline: deadline(5000) }, (e, r) => (e ? reject(e) : resolve(r!))));
}

export function migrations(admin: AdminClient): Promise<Migration__Output[]> {
  return new Promise((resolve, reject) => admin.ListMigrations({ all: true, limit: 0 }, { deadline: deadline(5000) }, (e, r) => (e ? reject(e) : resolve(r!.migrations))));
}

export function microshardList(admin: AdminClient): Promise<Microshard__Output[]> {
  return new Promise((resolve, reject) => admin.ListMicroshards({ owner: '', limit: 0 }, { deadline: deadline(5000) }, (e, r) => (e ? reject(e) : resolve(r!.microshards))));
}

/** The last `last` lifecycle events (no follow). */
export function events(admin: AdminClient, last = 2000): Promise<LifecycleEvent__Output[]> {
  return new Promise((resolve, reject) => {
    const out: LifecycleEvent__Output[] = [];
    const call = admin.WatchEvents({ last, follow: false, microshardId: '', nodeId: '' }, { deadline: deadline(5000) });
    call.on('data', (e: LifecycleEvent__Output) => out.push(e));
    call.on('error', reject);
    call.on('end', () => resolve(out));
  });
}

/** Positions spread evenly across a range (so its access histogram is even). */
export function spread(m: { start: string; end: string }, n: number): bigint[] {
  const start = parsePosition(m.start);
  const end = parsePosition(m.end, true);
  return Array.from({ length: n }, (_, i) => start + ((end - start) * BigInt(2 * i + 1)) / BigInt(2 * n));
}

interface Stream {
  write(b: AccessBatch): void;
  close(): void;
}

/**
 * Streams access reports every `tickMs`: each position gets its current rate (ops/s), sent to the
 * sidecar of the node that owns it now (the table is re-read every `refreshMs`).
 */
export class Pump {
  private readonly rates = new Map<bigint, number>();
  private readonly carry = new Map<bigint, number>();
  private readonly streams = new Map<string, Stream>();
  private table: Array<{ start: bigint; end: bigint; owner: string }> = [];
  private timer: NodeJS.Timeout | undefined;
  private refresher: NodeJS.Timeout | undefined;
  sent = 0;

  constructor(
    private readonly cluster: LocalCluster,
    private readonly tickMs = 100,
    private readonly refreshMs = 500,
  ) {}

  /** Sets the rate (ops/s) of every position in `positions`. */
  set(positions: readonly bigint[], opsPerS: number): void {
    for (const p of positions) this.rates.set(p, opsPerS);
  }

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.refresher = setInterval(() => void this.refresh().catch(() => undefined), this.refreshMs);
  }

  private async refresh(): Promise<void> {
    const ms = await microshardList(this.cluster.admin());
    this.table = ms.map((m) => ({ start: parsePosition(m.start), end: parsePosition(m.end, true), owner: m.owner }));
  }

  private ownerOf(p: bigint): string | undefined {
    return this.table.find((r) => r.start <= p && p < r.end)?.owner;
  }

  private stream(node: string): Stream | undefined {
    let s = this.streams.get(node);
    if (s) return s;
    const address = this.cluster.sidecars.get(node)?.address;
    if (!address) return undefined;
    // It speaks for the node's storage node (ReportAccess is theirs to call).
    const client = new v1.Sidecar(address, this.cluster.credentials({ role: 'storage', nodeId: node }));
    const call = client.ReportAccess({ deadline: deadline(600_000) }, () => {
      // Ended (sidecar restarted, deadline): the next tick opens a new stream.
      this.streams.delete(node);
    });
    call.on('error', () => this.streams.delete(node));
    s = { write: (b) => call.write(b), close: () => (call.end(), client.close()) };
    this.streams.set(node, s);
    return s;
  }

  private tick(): void {
    const byNode = new Map<string, AccessBatch['records']>();
    for (const [p, rate] of this.rates) {
      const want = (rate * this.tickMs) / 1000 + (this.carry.get(p) ?? 0);
      const ops = Math.floor(want);
      this.carry.set(p, want - ops);
      if (ops <= 0) continue;
      const owner = this.ownerOf(p);
      if (!owner) continue;
      let list = byNode.get(owner);
      if (!list) byNode.set(owner, (list = []));
      list.push({ keyHash: positionToHex(p), reads: ops, writes: 0, bytesRead: 100 * ops, latencyUs: 500 * ops });
      this.sent += ops;
    }
    for (const [node, records] of byNode) this.stream(node)?.write({ atMs: Date.now(), records });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.refresher) clearInterval(this.refresher);
    for (const s of this.streams.values()) s.close();
    this.streams.clear();
  }
}

/** A local cluster serving every microshard, with a load pump running (no load set yet). */
export async function startPumped(options: LocalClusterOptions): Promise<{ cluster: LocalCluster; pump: Pump; initial: Microshard__Output[] }> {
  const cluster = await LocalCluster.start(options);
  try {
    const initial = await waitAllServing(cluster);
    const pump = new Pump(cluster);
    await pump.start();
    return { cluster, pump, initial };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}
