// What this storage node may do with a key right now: the route table its sidecar gave it, its
// ownership lease, and the fences set for migration cutovers. Pure logic: time comes in as a
// monotonic millisecond reading (performance.now()), decisions go out as data.
//
// Writes (invariant 2): accepted for a key only when its microshard is owned by this node,
// ACTIVE, at exactly the epoch the client routed with, not fenced at or above that epoch, and the
// lease (renewed by every ApplyAssignments) has not run out. After a restart the node has no
// lease and no table, so it refuses writes until its sidecar calls ApplyAssignments again: safe
// by construction, because while the node was down its sidecar could not renew anything.
//
// Two hints shorten a cutover's pause without changing any of the above: a fence may name the
// migration's target (refused writes then carry it, so the client retries there at once), and a
// target may be armed for the epoch it is about to own (a write routed with that epoch waits for
// the route table instead of being refused). Neither accepts anything: the decision stays the
// table's, and the table gives the target the microshard only after the owner change is
// committed in etcd, which the coordinator does only after the source's fence and final tail.
import { RouteTable, RouteTableError, type RouteUpdateWire } from '../core/route-table.js';
import { DEFAULT_KEY_SCHEMA, type KeySchema } from '../core/keyspace.js';
import type { Range } from '../core/ranges.js';
import type { Microshard } from '../core/microshard.js';
import { FailedPreconditionError, InvalidArgumentError } from '../platform/errors.js';

export interface CurrentOwner {
  nodeId: string;
  address: string;
  epoch: string;
}

export type Decision =
  | { ok: true; microshard: Microshard }
  /** Wrong node or older epoch: the client should re-route (FAILED_PRECONDITION + owner trailers). */
  | { ok: false; kind: 'stale'; message: string; owner: CurrentOwner }
  /**
   * Retry later (UNAVAILABLE): fenced, lease ran out, no table, epoch not seen yet. `owner`: a
   * fence that named the migration's target (where the write may go at once, at owner.epoch).
   */
  | { ok: false; kind: 'unavailable'; message: string; owner?: CurrentOwner };

export interface ApplyResult {
  /** True when the routes were newer than the table held and replaced it. */
  applied: boolean;
  revision: bigint;
  owned: number;
}

export class Ownership {
  private readonly table = new RouteTable();
  /** Writes and reads are allowed while now < leaseUntil (monotonic ms); undefined = never leased. */
  private leaseUntil: number | undefined;
  private readonly fences: Map<string, bigint>;
  /** Fenced microshard id -> the migration's target named by the fence (memory only: a hint). */
  private readonly nextOwners = new Map<string, { fencedAt: bigint; owner: CurrentOwner }>();
  /** Microshard id -> the epoch this node was armed to own it at, until (monotonic ms). */
  private readonly arms = new Map<string, { epoch: bigint; until: number }>();

  constructor(
    readonly nodeId: string,
    fences: Iterable<[string, bigint]> = [],
    /** The node's key schema: a cluster with another one is refused (positions would disagree). */
    readonly keySchema: KeySchema = DEFAULT_KEY_SCHEMA,
  ) {
    this.fences = new Map(fences);
  }

  get revision(): bigint {
    return this.table.revision;
  }

  get hasTable(): boolean {
    return this.table.ready;
  }

  /**
   * An ApplyAssignments: checks the node id, applies the routes when their revision is newer
   * than the table's, and renews the lease to now + leaseValidForMs (0 = fence now). Throws
   * FAILED_PRECONDITION for another node's assignments or a delta before any full table,
   * INVALID_ARGUMENT for a table that does not tile the keyspace or malformed microshards.
   */
  apply(nodeId: string, routes: RouteUpdateWire | null, leaseValidForMs: number, now: number): ApplyResult {
    if (nodeId !== this.nodeId) {
      throw new FailedPreconditionError(`assignments are for node "${nodeId}" but this storage node is "${this.nodeId}"`);
    }
    if (!this.table.ready && (!routes || !routes.full)) {
      throw new FailedPreconditionError('route delta on an empty route table: need a full table first');
    }
    let applied = false;
    if (routes && (routes.full || routes.keySchema)) {
      const cluster = routes.keySchema || DEFAULT_KEY_SCHEMA;
      if (cluster !== this.keySchema) throw new FailedPreconditionError(`the cluster's key schema is "${cluster}" but this storage node is configured with "${this.keySchema}": start it with --key-schema ${cluster} (and a data directory written under that schema)`);
    }
    if (routes) {
      try {
        applied = this.table.apply(routes);
      } catch (err) {
        if (err instanceof RouteTableError || err instanceof RangeError) throw new InvalidArgumentError(`routes: ${err.message}`);
        throw err;
      }
    }
    this.leaseUntil = now + leaseValidForMs;
    return { applied, revision: this.table.revision, owned: this.owned().length };
  }

  /** The decision for a Put/Delete of a key at `pos` routed with `epoch`. */
  decideWrite(pos: bigint, epoch: bigint, now: number): Decision {
    const m = this.table.lookup(pos);
    if (!m) return { ok: false, kind: 'unavailable', message: 'no route table yet: waiting for the sidecar\'s ApplyAssignments' };
    if (m.owner !== this.nodeId) {
      return { ok: false, kind: 'stale', message: `microshard ${m.id} is owned by ${describeOwner(m)} at epoch ${m.epoch}, not by this node ${this.nodeId} (request epoch ${epoch})`, owner: this.ownerOf(m) };
    }
    if (epoch < m.epoch) {
      return { ok: false, kind: 'stale', message: `stale epoch for microshard ${m.id}: request epoch ${epoch}, current epoch ${m.epoch} owned by ${m.owner}`, owner: this.ownerOf(m) };
    }
    if (epoch > m.epoch) {
      return { ok: false, kind: 'unavailable', message: `microshard ${m.id}: request epoch ${epoch} is newer than the epoch ${m.epoch} this node knows (routes not applied yet)` };
    }
    if (m.state !== 'ACTIVE') return { ok: false, kind: 'unavailable', message: `microshard ${m.id} is ${m.state}` };
    const fence = this.fences.get(m.id);
    if (fence !== undefined && fence >= epoch) {
      const next = this.nextOwners.get(m.id);
      if (next && next.fencedAt === fence) {
        return { ok: false, kind: 'unavailable', message: `microshard ${m.id} is fenced at epoch ${fence} (migration cutover to node ${next.owner.nodeId} at epoch ${next.owner.epoch})`, owner: next.owner };
      }
      return { ok: false, kind: 'unavailable', message: `microshard ${m.id} is fenced at epoch ${fence} (migration cutover)` };
    }
    const lease = this.leaseProblem(now);
    if (lease) return { ok: false, kind: 'unavailable', message: lease };
    return { ok: true, microshard: m };
  }

  /** The decision for a Get of a key at `pos`: owned by this node (any state) and leased. */
  decideRead(pos: bigint, now: number): Decision {
    const m = this.table.lookup(pos);
    if (!m) return { ok: false, kind: 'unavailable', message: 'no route table yet: waiting for the sidecar\'s ApplyAssignments' };
    if (m.owner !== this.nodeId) {
      return { ok: false, kind: 'stale', message: `microshard ${m.id} is owned by ${describeOwner(m)} at epoch ${m.epoch}, not by this node ${this.nodeId}`, owner: this.ownerOf(m) };
    }
    const lease = this.leaseProblem(now);
    if (lease) return { ok: false, kind: 'unavailable', message: lease };
    return { ok: true, microshard: m };
  }

  /**
   * Fence writes routed with epochs <= `epoch` (keeps the highest fence: idempotent). `nextOwner`:
   * the migration's target, named in the refusals while this fence stands.
   */
  fence(id: string, epoch: bigint, nextOwner?: CurrentOwner): bigint {
    const cur = this.fences.get(id);
    const next = cur !== undefined && cur > epoch ? cur : epoch;
    this.fences.set(id, next);
    if (nextOwner && next === epoch) this.nextOwners.set(id, { fencedAt: epoch, owner: nextOwner });
    return next;
  }

  /**
   * Lifts the fence of `id` when `epoch` is at least the fenced one; a lift from an older
   * migration must not open a newer fence. Returns false when nothing was fenced.
   */
  unfence(id: string, epoch: bigint): boolean {
    const cur = this.fences.get(id);
    if (cur === undefined) return false;
    if (epoch < cur) throw new FailedPreconditionError(`microshard ${id} is fenced at epoch ${cur}; a lift at epoch ${epoch} is older`);
    this.fences.delete(id);
    this.nextOwners.delete(id);
    return true;
  }

  /** The epoch of microshard `id` in the route table (any owner, any state); undefined when not in it. */
  epochOf(id: string): bigint | undefined {
    return this.table.microshard(id)?.epoch;
  }

  fencedAt(id: string): bigint | undefined {
    return this.fences.get(id);
  }

  /**
   * Fences that no longer matter: the microshard left the table or its epoch passed the fenced
   * one (writes at the new epoch are allowed anyway). Removes them and returns their ids.
   */
  pruneFences(): string[] {
    if (!this.table.ready) return [];
    const out: string[] = [];
    for (const [id, epoch] of this.fences) {
      const m = this.table.microshard(id);
      if (!m || m.epoch > epoch) out.push(id);
    }
    for (const id of out) {
      this.fences.delete(id);
      this.nextOwners.delete(id);
    }
    return out;
  }

  /**
   * Arms this node to own microshard `id` at `epoch` until `until` (monotonic ms): writes routed
   * with that epoch may wait for the table (awaitsActivation) instead of being refused. Ignored
   * when the table already has the microshard at `epoch` or later. Returns the table's epoch.
   */
  arm(id: string, epoch: bigint, until: number): bigint | undefined {
    const current = this.epochOf(id);
    if (current === undefined || epoch > current) this.arms.set(id, { epoch, until });
    return current;
  }

  disarm(id: string): void {
    this.arms.delete(id);
  }

  /**
   * True when a write at `pos` routed with `epoch` is refused only because this node was armed
   * for that epoch and the table has not caught up yet: worth waiting for the next routes.
   */
  awaitsActivation(pos: bigint, epoch: bigint, now: number): boolean {
    const m = this.table.lookup(pos);
    if (!m) return false;
    const a = this.arms.get(m.id);
    if (!a || a.epoch !== epoch || now >= a.until) return false;
    // Once the table reaches the epoch (activated, or moved on), the write's own decision rules.
    return epoch > m.epoch;
  }

  /** Arms that no longer matter: reached, passed, expired, or their microshard left the table. */
  pruneArms(now: number): void {
    for (const [id, a] of this.arms) {
      const current = this.epochOf(id);
      if (current === undefined || current >= a.epoch || now >= a.until) this.arms.delete(id);
    }
  }

  /** Microshards this node owns, sorted by start. */
  owned(): Microshard[] {
    return this.table.microshards().filter((m) => m.owner === this.nodeId);
  }

  /** Owned microshards overlapping a range (Drop refuses to delete data it still owns). */
  ownedOverlapping(r: Range): Microshard[] {
    return this.owned().filter((m) => m.start < r.end && r.start < m.end);
  }

  /** Milliseconds of lease left (negative: expired), undefined when never leased. */
  leaseRemaining(now: number): number | undefined {
    return this.leaseUntil === undefined ? undefined : this.leaseUntil - now;
  }

  private leaseProblem(now: number): string | undefined {
    if (this.leaseUntil === undefined) return 'no ownership lease: waiting for the sidecar\'s ApplyAssignments (a restarted node refuses writes until then)';
    if (now >= this.leaseUntil) return `ownership lease ran out ${Math.round(now - this.leaseUntil)} ms ago (the sidecar has not renewed it)`;
    return undefined;
  }

  private ownerOf(m: Microshard): CurrentOwner {
    return { nodeId: m.owner, address: m.owner ? (this.table.node(m.owner)?.datastoreAddress ?? '') : '', epoch: m.epoch.toString() };
  }
}

function describeOwner(m: Microshard): string {
  return m.owner ? `node ${m.owner}` : 'nobody (unassigned)';
}
