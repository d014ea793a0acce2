// The route table a sidecar, a client or a storage node holds: microshards sorted by start
// (they tile the keyspace), node addresses, and the etcd revision it reflects. Pure data
// structure: updates come from whoever feeds it (Session stream, WatchRoutes, ApplyAssignments).
import { fromWire, toWire, type Microshard, type MicroshardWire } from './microshard.js';
import { findRangeIndex, tilingViolation, compareByStart } from './ranges.js';
import { DEFAULT_KEY_SCHEMA, keyPosition, parseKeySchema, type KeySchema } from './keyspace.js';

export interface NodeAddress {
  id: string;
  datastoreAddress: string;
  sidecarAddress: string;
  live: boolean;
  zone: string;
  region: string;
}

/** RouteUpdate as it travels (proto shape, camelCase, longs as strings). */
export interface RouteUpdateWire {
  revision: string;
  full: boolean;
  upserts: MicroshardWire[];
  removedIds: string[];
  nodes: Array<Partial<NodeAddress> & { id: string }>;
  /** The cluster's key schema ("" or absent: hash). */
  keySchema?: string;
}

export class RouteTableError extends Error {}

export class RouteTable {
  private sorted: Microshard[] = [];
  private byId = new Map<string, Microshard>();
  private nodes = new Map<string, NodeAddress>();
  private rev = 0n;
  private schema: KeySchema = DEFAULT_KEY_SCHEMA;

  /** The cluster's key schema, as the last full table said (hash before any). */
  get keySchema(): KeySchema {
    return this.schema;
  }

  /** A key's position under the cluster's schema: what every router must use. */
  position(key: string | Uint8Array): bigint {
    return keyPosition(key, this.schema);
  }

  get revision(): bigint {
    return this.rev;
  }

  get size(): number {
    return this.sorted.length;
  }

  /** True once a full table has been applied. */
  get ready(): boolean {
    return this.sorted.length > 0;
  }

  microshards(): readonly Microshard[] {
    return this.sorted;
  }

  microshard(id: string): Microshard | undefined {
    return this.byId.get(id);
  }

  node(id: string): NodeAddress | undefined {
    return this.nodes.get(id);
  }

  allNodes(): NodeAddress[] {
    return [...this.nodes.values()];
  }

  /** The microshard holding a position (undefined before the first full table). */
  lookup(position: bigint): Microshard | undefined {
    if (this.sorted.length === 0) return undefined;
    return this.sorted[findRangeIndex(this.sorted, position)];
  }

  /**
   * Applies an update. Returns false (and changes nothing) when its revision is not newer than
   * the table's. Throws RouteTableError when a delta arrives before any full table or the result
   * would not tile the keyspace (the caller should ask for a full table).
   */
  apply(update: RouteUpdateWire): boolean {
    const revision = BigInt(update.revision || '0');
    if (revision <= this.rev && !(update.full && this.sorted.length === 0)) return false;
    if (!update.full && this.sorted.length === 0) throw new RouteTableError('received a route delta before any full table');
    let schema = this.schema;
    if (update.full || update.keySchema) {
      try {
        schema = parseKeySchema(update.keySchema || DEFAULT_KEY_SCHEMA, 'route table');
      } catch (err) {
        throw new RouteTableError((err as Error).message);
      }
      // A cluster's schema never changes: every position routed so far would be wrong.
      if (this.sorted.length > 0 && schema !== this.schema) throw new RouteTableError(`route table at revision ${revision} has key schema "${schema}" but this table was built with "${this.schema}": a cluster's key schema cannot change`);
    }
    const byId = update.full ? new Map<string, Microshard>() : new Map(this.byId);
    for (const id of update.removedIds ?? []) byId.delete(String(id));
    for (const w of update.upserts ?? []) {
      const m = fromWire(w);
      byId.set(m.id, m);
    }
    const sorted = [...byId.values()].sort(compareByStart);
    const violation = tilingViolation(sorted);
    if (violation) throw new RouteTableError(`route table at revision ${revision} does not tile the keyspace: ${violation}`);
    const nodes = update.full ? new Map<string, NodeAddress>() : new Map(this.nodes);
    for (const n of update.nodes ?? []) {
      nodes.set(n.id, {
        id: n.id,
        datastoreAddress: n.datastoreAddress ?? '',
        sidecarAddress: n.sidecarAddress ?? '',
        live: n.live ?? false,
        zone: n.zone ?? '',
        region: n.region ?? '',
      });
    }
    this.byId = byId;
    this.sorted = sorted;
    this.nodes = nodes;
    this.rev = revision;
    this.schema = schema;
    return true;
  }

  /** The whole table as one full update. */
  snapshot(): RouteUpdateWire {
    return {
      revision: this.rev.toString(),
      full: true,
      upserts: this.sorted.map(toWire),
      removedIds: [],
      nodes: [...this.nodes.values()],
      keySchema: this.schema,
    };
  }
}
