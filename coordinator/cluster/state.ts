// An in-memory mirror of the cluster state in etcd (microshards, live nodes), kept current by
// one watch over the cluster namespace. Every replica runs one: followers answer admin reads
// from it, the leader feeds sidecar sessions from it. Changes are delivered per etcd revision,
// so one transaction (a split, a reassignment) arrives as one delta and the table keeps tiling.
import { EventEmitter } from 'node:events';
import type { Namespace, Watcher, IKeyValue } from 'etcd3';
import type { Logger } from '../../platform/logger.js';
import { fromWire, toWire, type Microshard, type MicroshardWire } from '../../core/microshard.js';
import type { RouteUpdateWire } from '../../core/route-table.js';
import { MICROSHARDS_PREFIX, NODES_PREFIX, EVENTS_PREFIX, META_LAYOUT, DRAINING_PREFIX } from './keys.js';

import { DEFAULT_KEY_SCHEMA, isKeySchema, type KeySchema } from '../../core/keyspace.js';

/** meta/layout: the microshard table's bootstrap state and the cluster's key schema (set once). */
export interface ClusterLayout {
  state: string;
  microshards: number;
  /** Absent in layouts written before key schemas: those clusters hash. */
  keySchema?: string;
}

export function layoutKeySchema(layout: ClusterLayout | undefined): KeySchema {
  const s = layout?.keySchema ?? DEFAULT_KEY_SCHEMA;
  if (!isKeySchema(s)) throw new Error(`etcd meta/layout names an unknown key schema "${s}"`);
  return s;
}

/** The error a coordinator configured with another schema than its cluster's stops with. */
export function keySchemaMismatch(cluster: KeySchema, configured: KeySchema): Error {
  return new Error(`key schema mismatch: this cluster was created with key schema "${cluster}" (etcd meta/layout) but this coordinator is configured with "${configured}"; a running cluster's key schema cannot change (every key's position would move). Start with --key-schema ${cluster}, or create a new cluster.`);
}

export interface NodeRecord {
  id: string;
  datastoreAddress: string;
  sidecarAddress: string;
  zone: string;
  region: string;
  capacityOpsPerS: number;
  leaseId: string;
  sessionStartedAtMs: string;
  labels: Record<string, string>;
}

export interface LifecycleEventRecord {
  seq: string;
  atMs: string;
  kind: string;
  microshardIds: string[];
  nodeIds: string[];
  reason: string;
  actor: string;
  inputsJson: string;
}

export interface Versioned<T> {
  value: T;
  modRevision: string;
}

type Events = {
  routes: [update: RouteUpdateWire];
  nodesChanged: [change: { joined: string[]; lost: string[] }];
  event: [event: LifecycleEventRecord];
  layout: [layout: unknown];
};

/** Delay before re-listing after a watch failure (compaction, etcd restart). */
export const DEFAULT_RESYNC_DELAY_MS = 250;

export class ClusterState extends EventEmitter<Events> {
  readonly microshards = new Map<string, Versioned<Microshard>>();
  readonly nodes = new Map<string, Versioned<NodeRecord>>();
  /** Nodes marked as draining (`draining/<node>`), whether or not they are live. */
  readonly draining = new Set<string>();
  layout: ClusterLayout | undefined;
  revision = 0n;
  private watcher: Watcher | undefined;
  private stopped = false;
  private readyPromise: Promise<void> | undefined;

  constructor(
    private readonly ns: Namespace,
    private readonly log: Logger,
  ) {
    super();
  }

  /** Lists the state and starts watching; resolves once the first listing is loaded. */
  start(): Promise<void> {
    this.readyPromise ??= this.sync();
    return this.readyPromise;
  }

  private async sync(): Promise<void> {
    // One transaction reads every prefix at a single revision.
    const res = await this.ns
      .if(META_LAYOUT, 'Version', '>', -1)
      .then(this.ns.getAll().prefix(MICROSHARDS_PREFIX), this.ns.getAll().prefix(NODES_PREFIX), this.ns.get(META_LAYOUT), this.ns.getAll().prefix(DRAINING_PREFIX))
      .commit();
    const [ms, nodes, layout, draining] = res.responses.map((r) => r.response_range!.kvs);
    this.draining.clear();
    for (const kv of draining!) {
      // Transaction answers carry the namespace prefix in their keys: the value names the node.
      try {
        const v = JSON.parse(kv.value.toString()) as { node?: unknown };
        if (typeof v.node === 'string') this.draining.add(v.node);
      } catch {
        this.log.warn({ key: kv.key.toString() }, 'unreadable draining mark; ignored');
      }
    }
    const before = new Set(this.nodes.keys());
    this.microshards.clear();
    this.nodes.clear();
    for (const kv of ms!) this.putMicroshard(kv);
    for (const kv of nodes!) this.putNode(kv);
    this.layout = layout![0] ? (JSON.parse(layout![0].value.toString()) as ClusterLayout) : undefined;
    this.revision = BigInt(res.header.revision);
    const after = new Set(this.nodes.keys());
    this.emit('routes', this.snapshot());
    const joined = [...after].filter((n) => !before.has(n));
    const lost = [...before].filter((n) => !after.has(n));
    if (joined.length || lost.length) this.emit('nodesChanged', { joined, lost });
    await this.watchFrom(this.revision + 1n);
  }

  private async watchFrom(rev: bigint): Promise<void> {
    if (this.stopped) return;
    const watcher = await this.ns.watch().prefix('').startRevision(rev.toString()).create();
    this.watcher = watcher;
    watcher.on('data', (res) => this.onWatch(res.events, res.header.revision));
    watcher.on('error', (err) => this.resync(watcher, `watch error: ${err.message}`));
    // A cancelled watch (after compaction) must be re-listed and re-watched.
    watcher.on('end', () => this.resync(watcher, 'watch ended'));
    watcher.on('disconnected', (err) => this.log.warn({ err: String(err) }, 'etcd watch disconnected; etcd3 reconnects it'));
  }

  private resync(watcher: Watcher, reason: string): void {
    if (this.stopped || this.watcher !== watcher) return;
    this.watcher = undefined;
    this.log.warn({ reason }, 'resyncing cluster state from etcd');
    watcher.cancel().catch(() => undefined);
    const retry = () => {
      if (this.stopped) return;
      this.sync().catch((err) => {
        this.log.warn({ err: String(err) }, 'resync failed; retrying');
        setTimeout(retry, DEFAULT_RESYNC_DELAY_MS).unref();
      });
    };
    setTimeout(retry, DEFAULT_RESYNC_DELAY_MS).unref();
  }

  private onWatch(events: Array<{ type: string; kv: IKeyValue }>, headerRevision: string): void {
    const upserts: MicroshardWire[] = [];
    const removed: string[] = [];
    const joined: string[] = [];
    const lost: string[] = [];
    let nodesTouched = false;
    let maxRev = 0n;
    for (const { type, kv } of events) {
      const key = kv.key.toString();
      const modRev = BigInt(kv.mod_revision || '0');
      if (modRev > maxRev) maxRev = modRev;
      if (key.startsWith(MICROSHARDS_PREFIX)) {
        if (type === 'Put') {
          const m = this.putMicroshard(kv);
          if (m) upserts.push(toWire(m));
        } else {
          const id = BigInt(key.slice(MICROSHARDS_PREFIX.length)).toString();
          this.microshards.delete(id);
          removed.push(id);
        }
      } else if (key.startsWith(NODES_PREFIX)) {
        nodesTouched = true;
        const id = key.slice(NODES_PREFIX.length);
        if (type === 'Put') {
          if (!this.nodes.has(id)) joined.push(id);
          this.putNode(kv);
        } else if (this.nodes.delete(id)) lost.push(id);
      } else if (key.startsWith(EVENTS_PREFIX) && type === 'Put') {
        try {
          this.emit('event', JSON.parse(kv.value.toString()) as LifecycleEventRecord);
        } catch {
          this.log.warn({ key }, 'unreadable lifecycle event');
        }
      } else if (key.startsWith(DRAINING_PREFIX)) {
        const id = key.slice(DRAINING_PREFIX.length);
        if (type === 'Put') this.draining.add(id);
        else this.draining.delete(id);
      } else if (key === META_LAYOUT && type === 'Put') {
        this.layout = JSON.parse(kv.value.toString());
        this.emit('layout', this.layout);
      }
    }
    const rev = maxRev > 0n ? maxRev : BigInt(headerRevision);
    if (rev > this.revision) this.revision = rev;
    if (upserts.length || removed.length || nodesTouched) {
      this.emit('routes', { revision: this.revision.toString(), full: false, upserts, removedIds: removed, nodes: this.nodeAddresses(), keySchema: this.keySchema });
    }
    if (joined.length || lost.length) this.emit('nodesChanged', { joined, lost });
  }

  private putMicroshard(kv: IKeyValue): Microshard | undefined {
    try {
      const m = fromWire(JSON.parse(kv.value.toString()) as MicroshardWire);
      this.microshards.set(m.id, { value: m, modRevision: kv.mod_revision });
      return m;
    } catch (err) {
      this.log.error({ key: kv.key.toString(), err: String(err) }, 'unreadable microshard record in etcd; ignored');
      return undefined;
    }
  }

  private putNode(kv: IKeyValue): void {
    try {
      const n = JSON.parse(kv.value.toString()) as NodeRecord;
      this.nodes.set(n.id, { value: n, modRevision: kv.mod_revision });
    } catch (err) {
      this.log.error({ key: kv.key.toString(), err: String(err) }, 'unreadable node record in etcd; ignored');
    }
  }

  microshardList(): Microshard[] {
    return [...this.microshards.values()].map((v) => v.value).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }

  liveNodeIds(): string[] {
    return [...this.nodes.keys()].sort();
  }

  nodeAddresses(): RouteUpdateWire['nodes'] {
    const out: RouteUpdateWire['nodes'] = [];
    for (const { value: n } of this.nodes.values()) {
      out.push({ id: n.id, datastoreAddress: n.datastoreAddress, sidecarAddress: n.sidecarAddress, live: true, zone: n.zone, region: n.region });
    }
    // Owners without a live session still appear, so clients can tell "owner down" from "unknown".
    const seen = new Set(out.map((n) => n.id));
    for (const { value: m } of this.microshards.values()) {
      if (m.owner && !seen.has(m.owner)) {
        seen.add(m.owner);
        out.push({ id: m.owner, datastoreAddress: '', sidecarAddress: '', live: false, zone: '', region: '' });
      }
    }
    return out;
  }

  /** The cluster's key schema, as its layout records it (hash for layouts from before schemas). */
  get keySchema(): KeySchema {
    return layoutKeySchema(this.layout);
  }

  snapshot(): RouteUpdateWire {
    return { revision: this.revision.toString(), full: true, upserts: this.microshardList().map(toWire), removedIds: [], nodes: this.nodeAddresses(), keySchema: this.keySchema };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const w = this.watcher;
    this.watcher = undefined;
    await w?.cancel().catch(() => undefined);
  }
}
