// MigrationAgent: the migration steps a sidecar executes for the coordinator leader against its
// storage node, and the Transfer stream between sidecars. Every step is idempotent (keyed by the
// migration id) because a new leader may repeat any of them; what a sidecar remembers is in
// memory only, and a restarted sidecar answers "unknown" so the leader starts the step again.
import { firstMessage } from '../../platform/first-message.js';
import * as grpc from '@grpc/grpc-js';
import type { EventEmitter } from 'node:events';
import { v1 } from '../../platform/proto.js';
import { unary } from '../../platform/handlers.js';
import { channelCredentials, type TransportSecurity } from '../../platform/security.js';
import { deadline } from '../../platform/server.js';
import type { Logger } from '../../platform/logger.js';
import { FailedPreconditionError, InvalidArgumentError, UnavailableError } from '../../platform/errors.js';
import { parsePosition } from '../../core/keyspace.js';
import { HOST_PORT } from '../../platform/config.js';
import type { RouteTable, RouteUpdateWire } from '../../core/route-table.js';
import type { DataPlaneClient } from '../../generated/proto/shardcast/v1/DataPlane.js';
import type { ChecksumResponse__Output } from '../../generated/proto/shardcast/v1/ChecksumResponse.js';
import type { CutoverResponse } from '../../generated/proto/shardcast/v1/CutoverResponse.js';
import type { CopyStatusResponse } from '../../generated/proto/shardcast/v1/CopyStatusResponse.js';
import type { TransferMessage__Output } from '../../generated/proto/shardcast/v1/TransferMessage.js';
import { RAW_CHANNEL_OPTIONS, RawClients } from './raw.js';
import type { ForegroundProbe } from './foreground.js';
import { OutboundCopy } from './outbound.js';
import { InboundCopy, type TransferCall } from './inbound.js';

export const MIGRATION_AGENT_SERVICE = 'shardcast.v1.MigrationAgent';
/** How long Cutover waits for the target to apply the final tail when the request says 0. */
export const DEFAULT_CUTOVER_TAIL_TIMEOUT_MS = 5_000;
/** How long Cleanup waits for the route table to give the range away when the request says 0. */
export const DEFAULT_CLEANUP_WAIT_MS = 10_000;
/** Longest test hold after a fence. */
export const MAX_HOLD_AFTER_FENCE_MS = 30_000;
/** Deadline of one call to the local storage node (Fence, Drop, Checksum). */
export const DEFAULT_DATASTORE_CALL_MS = 10_000;
/** Deadline of a Drop (a large range takes a while). */
export const DEFAULT_DROP_DEADLINE_MS = 120_000;
/** Remembered (microshard, epoch) -> first time served; oldest forgotten beyond this. */
export const MAX_SERVING_RECORDS = 50_000;
/** Migrations remembered (copies, aborted ids) beyond which the oldest finished ones are forgotten. */
export const MAX_REMEMBERED_MIGRATIONS = 1_000;

const DECIMAL = /^\d{1,20}$/;

export interface MigrationAgentDeps {
  nodeId: string;
  /** The local storage node's DataPlane address. */
  datastoreAddress: string;
  /** Its address as other nodes' storage nodes reach it (a copy's Ingest); default datastoreAddress. */
  datastoreAdvertise?: string;
  security: TransportSecurity;
  table: RouteTable;
  routeEvents: EventEmitter<{ applied: [update: RouteUpdateWire] }>;
  log: Logger;
}

function decimal(v: unknown, field: string): string {
  const s = String(v ?? '');
  if (!DECIMAL.test(s)) throw new InvalidArgumentError(`${field} must be a decimal id, got "${s}"`);
  return BigInt(s).toString();
}

function migrationId(v: unknown): string {
  const s = String(v ?? '');
  if (!DECIMAL.test(s)) throw new InvalidArgumentError(`migration_id must be a decimal id, got "${s}"`);
  return s;
}

function range(start: unknown, end: unknown): { start: bigint; end: bigint; startHex: string; endHex: string } {
  let s: bigint;
  let e: bigint;
  try {
    s = parsePosition(String(start ?? ''));
    e = parsePosition(String(end ?? ''), true);
  } catch (err) {
    throw new InvalidArgumentError(`range: ${(err as Error).message}`);
  }
  if (s >= e) throw new InvalidArgumentError(`range: start ${String(start)} must be below end ${String(end)}`);
  return { start: s, end: e, startHex: String(start), endHex: String(end) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class MigrationAgent {
  private readonly raw: RawClients;
  private readonly ds: DataPlaneClient;
  private readonly outbound = new Map<string, OutboundCopy>();
  private readonly inbound = new Map<string, InboundCopy>();
  private readonly aborted = new Set<string>();
  private readonly cutovers = new Map<string, Promise<CutoverResponse>>();
  private readonly held = new Set<string>();
  private readonly firstFence = new Map<string, number>();
  private readonly servingSince = new Map<string, { since: number; revision: string }>();
  private readonly onApplied: (u: RouteUpdateWire) => void;
  private sawFirstTable = false;
  private session: () => { connected: boolean; leaderId: string } = () => ({ connected: false, leaderId: '' });

  constructor(private readonly deps: MigrationAgentDeps) {
    this.raw = new RawClients(deps.security);
    this.ds = new v1.DataPlane(deps.datastoreAddress, channelCredentials(deps.security), RAW_CHANNEL_OPTIONS);
    this.onApplied = (u) => this.noteRoutes(u);
    deps.routeEvents.on('applied', this.onApplied);
    if (deps.table.ready) this.noteRoutes(deps.table.snapshot());
  }

  /** This node's foreground latency, which adaptive copies protect (set once telemetry runs). */
  foreground: ForegroundProbe | undefined;

  /** Tells the agent how to see its sidecar's session with the leader (reported to the leader). */
  bindSession(session: () => { connected: boolean; leaderId: string }): void {
    this.session = session;
  }

  private leaderId(): string {
    const s = this.session();
    return s.connected ? s.leaderId : '';
  }

  get definition(): grpc.ServiceDefinition {
    return v1.MigrationAgent.service;
  }

  /** Stops and forbids the local storage node's Ingest of a migration (resolves once no import of it runs). */
  private disarm(id: string): Promise<void> {
    return this.dsCall('ArmIngest', { migrationId: id, armed: false }).then(() => undefined);
  }

  private noteRoutes(u: RouteUpdateWire): void {
    // The first table this process applies says nothing about when a route began (it may be
    // older than this process): those entries are recorded with an unknown time (0).
    const now = this.sawFirstTable ? Date.now() : 0;
    this.sawFirstTable = true;
    for (const m of u.upserts ?? []) {
      if (m.owner !== this.deps.nodeId || m.state !== 'ACTIVE') continue;
      const key = `${BigInt(m.id)}@${BigInt(m.epoch)}`;
      if (!this.servingSince.has(key)) this.servingSince.set(key, { since: now, revision: u.revision });
    }
    if (this.servingSince.size > MAX_SERVING_RECORDS) {
      let drop = this.servingSince.size - MAX_SERVING_RECORDS + 1000;
      for (const k of this.servingSince.keys()) {
        if (drop-- <= 0) break;
        this.servingSince.delete(k);
      }
    }
  }

  private dsCall<Res>(method: 'Fence' | 'Drop' | 'Checksum' | 'ArmIngest' | 'ArmCutover', req: unknown, ms = DEFAULT_DATASTORE_CALL_MS): Promise<Res> {
    return new Promise((resolve, reject) =>
      (this.ds as unknown as Record<string, (r: unknown, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: Res) => void) => void>)[method]!(req, { deadline: deadline(ms) }, (e, r) => (e ? reject(e) : resolve(r!))),
    );
  }

  private forget<T>(map: Map<string, T> | Set<string>): void {
    if (map.size <= MAX_REMEMBERED_MIGRATIONS) return;
    const first = map.keys().next().value;
    if (first !== undefined) map.delete(first);
  }

  /** Converts a storage-node error into the agent's answer (keeping its status). */
  private static relay(err: unknown, what: string): Error {
    const e = err as grpc.ServiceError;
    if (typeof e?.code !== 'number') return err as Error;
    const msg = `${what}: ${e.details || e.message}`;
    if (e.code === grpc.status.FAILED_PRECONDITION) return new FailedPreconditionError(msg);
    if (e.code === grpc.status.INVALID_ARGUMENT) return new InvalidArgumentError(msg);
    return new UnavailableError(msg);
  }

  handlers(): grpc.UntypedServiceImplementation {
    return {
      StartCopy: unary<Record<string, unknown>, CopyStatusResponse>((call) => {
        const r = call.request;
        const id = migrationId(r.migrationId);
        const msId = decimal(r.microshardId, 'microshard_id');
        const rg = range(r.start, r.end);
        const targetNode = String(r.targetNode ?? '');
        const targetAddress = String(r.targetSidecarAddress ?? '');
        if (!HOST_PORT.test(targetAddress)) throw new InvalidArgumentError(`target_sidecar_address must be host:port, got "${targetAddress}"`);
        if (targetNode === this.deps.nodeId) throw new InvalidArgumentError(`target_node ${targetNode} is this node: a migration needs another node`);
        if (this.aborted.has(id)) throw new FailedPreconditionError(`migration ${id} was aborted on this sidecar`);
        const existing = this.outbound.get(id);
        if (existing?.state === 'copying') return existing.status();
        existing?.stop('replaced by a new attempt');
        const copy = new OutboundCopy(
          {
            migrationId: id,
            microshardId: msId,
            start: rg.startHex,
            end: rg.endHex,
            sourceNode: this.deps.nodeId,
            targetNode,
            targetAddress,
            resumeAfterSeq: BigInt(String(r.resumeAfterSeq ?? '0')),
            maxBytesPerS: Number(r.maxBytesPerS ?? 0),
            fixedRate: Boolean(r.fixedRate),
            attempt: Number(r.attempt ?? 0),
            deadlineMs: Number(r.deadlineMs ?? 0) || Date.now() + 3_600_000,
          },
          this.deps.datastoreAddress,
          this.raw,
          this.deps.log,
          this.foreground,
        );
        this.outbound.delete(id);
        this.outbound.set(id, copy);
        this.forget(this.outbound);
        copy.start();
        return copy.status();
      }),

      CopyStatus: unary<Record<string, unknown>, CopyStatusResponse>((call) => {
        const id = migrationId(call.request.migrationId);
        const copy = this.outbound.get(id);
        if (!copy) return { migrationId: id, known: false, state: '', leaderId: this.leaderId() };
        return { ...copy.status(), leaderId: this.leaderId() };
      }),

      Cutover: unary<Record<string, unknown>, CutoverResponse>(async (call) => {
        const r = call.request;
        const id = migrationId(r.migrationId);
        const msId = decimal(r.microshardId, 'microshard_id');
        const epoch = decimal(r.epoch, 'epoch');
        const key = `${id}@${epoch}`;
        let p = this.cutovers.get(key);
        if (!p) {
          p = this.cutover(id, msId, epoch, Boolean(r.checksum), Number(r.timeoutMs ?? 0) || DEFAULT_CUTOVER_TAIL_TIMEOUT_MS, Math.min(Number(r.holdAfterFenceMs ?? 0), MAX_HOLD_AFTER_FENCE_MS));
          this.cutovers.set(key, p);
          p.finally(() => this.cutovers.delete(key)).catch(() => undefined);
        }
        return p;
      }),

      Abort: unary<Record<string, unknown>, Record<string, unknown>>(async (call) => {
        const r = call.request;
        const id = migrationId(r.migrationId);
        const role = String(r.role ?? '');
        if (role === 'source') {
          const msId = decimal(r.microshardId, 'microshard_id');
          const epoch = decimal(r.epoch, 'epoch');
          this.aborted.add(id);
          this.forget(this.aborted);
          this.outbound.get(id)?.stop('aborted');
          try {
            await this.dsCall('Fence', { microshardId: msId, epoch, fenced: false });
          } catch (err) {
            // A fence at a newer epoch belongs to a newer step: nothing of ours to lift.
            if ((err as grpc.ServiceError).code === grpc.status.FAILED_PRECONDITION) return { unfenced: false, dropped: '0' };
            throw MigrationAgent.relay(err, 'lifting the fence on the local storage node');
          }
          this.deps.log.info({ migration: id, microshard: msId, epoch }, 'migration aborted: fence lifted');
          return { unfenced: true, dropped: '0' };
        }
        if (role === 'target') {
          const rg = range(r.start, r.end);
          this.aborted.add(id);
          this.forget(this.aborted);
          // The storage node need not wait for a move that will not commit (best effort: it expires).
          if (String(r.microshardId ?? '') !== '') await this.dsCall('ArmCutover', { microshardId: decimal(r.microshardId, 'microshard_id'), epoch: '0', armed: false }).catch(() => undefined);
          const inb = this.inbound.get(id);
          if (inb) {
            await inb.stop('migration aborted');
            this.inbound.delete(id);
          }
          // Also when this sidecar has no record of the copy (it restarted): the storage node may
          // still be ingesting, and a late import after the Drop would leave stale data behind.
          try {
            await this.disarm(id);
          } catch (err) {
            throw MigrationAgent.relay(err, 'stopping the copy on the local storage node');
          }
          let res: { entries: string };
          try {
            res = await this.dsCall<{ entries: string }>('Drop', { start: rg.startHex, end: rg.endHex }, DEFAULT_DROP_DEADLINE_MS);
          } catch (err) {
            throw MigrationAgent.relay(err, 'dropping the partial copy');
          }
          this.deps.log.info({ migration: id, dropped: res.entries }, 'migration aborted: partial copy dropped');
          return { unfenced: false, dropped: res.entries };
        }
        throw new InvalidArgumentError(`role must be "source" or "target", got "${role}"`);
      }),

      Cleanup: unary<Record<string, unknown>, Record<string, unknown>>(async (call) => {
        const r = call.request;
        const id = migrationId(r.migrationId);
        const rg = range(r.start, r.end);
        const waitMs = Number(r.waitMs ?? 0) || DEFAULT_CLEANUP_WAIT_MS;
        this.outbound.get(id)?.stop('cutover committed; cleaning up');
        const stopAt = Date.now() + waitMs;
        // Drop only once this sidecar's table (and so, soon, its storage node's) gives the range away.
        while (this.ownsAny(rg)) {
          if (Date.now() > stopAt) throw new FailedPreconditionError(`this node (${this.deps.nodeId}) still owns part of the range in route revision ${this.deps.table.revision}: not dropping it`);
          await sleep(50);
        }
        for (let attempt = 0; ; attempt++) {
          try {
            const res = await this.dsCall<{ entries: string }>('Drop', { start: rg.startHex, end: rg.endHex }, DEFAULT_DROP_DEADLINE_MS);
            this.deps.log.info({ migration: id, dropped: res.entries }, 'migration cleanup: source range dropped');
            return { dropped: res.entries };
          } catch (err) {
            // The storage node's table may lag this sidecar's by one push.
            if ((err as grpc.ServiceError).code === grpc.status.FAILED_PRECONDITION && Date.now() < stopAt) {
              await sleep(100);
              continue;
            }
            throw MigrationAgent.relay(err, 'dropping the moved range');
          }
        }
      }),

      ServingStatus: unary<Record<string, unknown>, Record<string, unknown>>((call) => {
        const id = decimal(call.request.microshardId, 'microshard_id');
        const epoch = decimal(call.request.epoch, 'epoch');
        const rec = this.servingSince.get(`${id}@${epoch}`);
        const leaderId = this.leaderId();
        return rec ? { serving: true, sinceMs: String(rec.since), revision: rec.revision, leaderId } : { serving: false, sinceMs: '0', revision: '0', leaderId };
      }),

      ArmTarget: unary<Record<string, unknown>, Record<string, unknown>>(async (call) => {
        const r = call.request;
        const id = migrationId(r.migrationId);
        const msId = decimal(r.microshardId, 'microshard_id');
        const epoch = decimal(r.epoch, 'epoch');
        if (epoch === '0') throw new InvalidArgumentError('epoch must be the epoch the cutover commits (the current one + 1), got 0');
        const ttlMs = Number(r.ttlMs ?? 0);
        if (this.aborted.has(id)) throw new FailedPreconditionError(`migration ${id} was aborted on this sidecar`);
        try {
          const res = await this.dsCall<{ currentEpoch: string }>('ArmCutover', { microshardId: msId, epoch, armed: true, ttlMs });
          return { currentEpoch: res.currentEpoch };
        } catch (err) {
          throw MigrationAgent.relay(err, 'arming the local storage node');
        }
      }),

      RangeChecksum: unary<Record<string, unknown>, ChecksumResponse__Output>(async (call) => {
        const rg = range(call.request.start, call.request.end);
        try {
          return await this.dsCall<ChecksumResponse__Output>('Checksum', { start: rg.startHex, end: rg.endHex }, DEFAULT_DROP_DEADLINE_MS);
        } catch (err) {
          throw MigrationAgent.relay(err, 'checksum on the local storage node');
        }
      }),

      Transfer: (call: TransferCall) => void this.onTransfer(call),
    };
  }

  private ownsAny(rg: { start: bigint; end: bigint }): boolean {
    return this.deps.table.microshards().some((m) => m.owner === this.deps.nodeId && m.start < rg.end && rg.start < m.end);
  }

  private async cutover(id: string, msId: string, epoch: string, checksum: boolean, timeoutMs: number, holdMs: number): Promise<CutoverResponse> {
    // A late cutover from a deposed leader must not fence again what an abort just lifted.
    if (this.aborted.has(id)) throw new FailedPreconditionError(`migration ${id} was aborted on this sidecar`);
    const copy = this.outbound.get(id);
    if (!copy || copy.state !== 'copying') {
      throw new FailedPreconditionError(`migration ${id}: no copy running on this sidecar${copy ? ` (${copy.state}: ${copy.error})` : ''}; start the copy again first`);
    }
    // Writes are paused from here on: the final tail is not held to the bytes/s budget.
    copy.unthrottle();
    // A repeated cutover (a new leader) re-fences; the pause began at the first fence.
    const fenceKey = `${id}@${epoch}`;
    const fencedAtMs = this.firstFence.get(fenceKey) ?? Date.now();
    this.firstFence.set(fenceKey, fencedAtMs);
    this.forget(this.firstFence);
    const t0 = performance.now();
    let lastSeq: bigint;
    // The fence names the target, so writes it refuses tell their clients where to go at once
    // (the target, armed by the leader, holds them until the commit's routes reach it).
    const targetAddress = this.deps.table.node(copy.spec.targetNode)?.datastoreAddress ?? '';
    const next = targetAddress ? { nextOwner: copy.spec.targetNode, nextOwnerAddress: targetAddress, nextEpoch: (BigInt(epoch) + 1n).toString() } : {};
    try {
      const res = await this.dsCall<{ lastSeq: string }>('Fence', { microshardId: msId, epoch, fenced: true, ...next });
      lastSeq = BigInt(res.lastSeq);
    } catch (err) {
      throw MigrationAgent.relay(err, 'fencing the microshard on the local storage node');
    }
    if (holdMs > 0 && !this.held.has(id)) {
      this.held.add(id);
      this.forget(this.held);
      this.deps.log.warn({ migration: id, holdMs }, 'test hold after fence');
      await sleep(holdMs);
    }
    try {
      await copy.waitApplied(lastSeq, timeoutMs);
    } catch (err) {
      throw new UnavailableError(`migration ${id}: final tail not applied: ${(err as Error).message}`);
    }
    const finalTailMs = performance.now() - t0;
    let sourceChecksum: ChecksumResponse__Output | null = null;
    if (checksum) {
      try {
        sourceChecksum = await this.dsCall<ChecksumResponse__Output>('Checksum', { start: copy.spec.start, end: copy.spec.end }, DEFAULT_DROP_DEADLINE_MS);
      } catch (err) {
        throw MigrationAgent.relay(err, 'checksum of the fenced range');
      }
    }
    this.deps.log.info({ migration: id, microshard: msId, epoch, lastSeq: lastSeq.toString(), finalTailMs: Math.round(finalTailMs * 10) / 10 }, 'cutover: fenced and final tail applied');
    return { lastSeq: lastSeq.toString(), fencedAtMs: String(fencedAtMs), finalTailMs, sourceChecksum };
  }

  private async onTransfer(call: TransferCall): Promise<void> {
    const fail = (code: grpc.status, message: string) => call.emit('error', { code, details: message, metadata: new grpc.Metadata() });
    const first = await firstMessage<TransferMessage__Output>(call);
    if (!first) return;
    const start = first.start;
    try {
      if (!start) throw new InvalidArgumentError('the first Transfer message must carry start');
      migrationId(start.migrationId);
      range(start.start, start.end);
    } catch (err) {
      fail(grpc.status.INVALID_ARGUMENT, (err as Error).message);
      return;
    }
    const id = start!.migrationId;
    if (this.aborted.has(id)) {
      fail(grpc.status.FAILED_PRECONDITION, `migration ${id} was aborted on this target`);
      return;
    }
    const old = this.inbound.get(id);
    const inb = new InboundCopy(start!, call, this.deps.datastoreAdvertise ?? this.deps.datastoreAddress, () => this.disarm(id), this.deps.log, this.foreground);
    this.inbound.set(id, inb);
    if (old) await old.stop('replaced by a newer transfer for the same migration');
    try {
      // Before the drop: an older attempt's ingest must not write into the range after it.
      await this.disarm(id);
      if (start!.fresh) {
        if (this.ownsAny(range(start!.start, start!.end))) {
          fail(grpc.status.FAILED_PRECONDITION, `this node (${this.deps.nodeId}) owns part of ${start!.start}..${start!.end}: it cannot receive a copy of it`);
          return;
        }
        // A copy from scratch: whatever this node holds in the range is stale (an earlier
        // attempt, or data left from when the range lived here) and could resurrect deleted keys.
        await this.dsCall('Drop', { start: start!.start, end: start!.end }, DEFAULT_DROP_DEADLINE_MS);
      }
      if (this.inbound.get(id) !== inb) return;
      await this.dsCall('ArmIngest', { migrationId: id, start: start!.start, end: start!.end, sourceNode: start!.sourceNode, armed: true });
    } catch (err) {
      const e = err as grpc.ServiceError;
      fail(e.code === grpc.status.FAILED_PRECONDITION || e.code === grpc.status.INVALID_ARGUMENT ? e.code : grpc.status.UNAVAILABLE, `target could not prepare its storage node for the copy: ${e.details || e.message}`);
      if (this.inbound.get(id) === inb) this.inbound.delete(id);
      return;
    }
    if (this.inbound.get(id) !== inb) return;
    this.deps.log.info({ migration: id, source: start!.sourceNode, fresh: start!.fresh, resumeAfterSeq: start!.resumeAfterSeq, attempt: start!.attempt }, 'receiving a copy');
    await inb.run();
    if (this.inbound.get(id) === inb) this.inbound.delete(id);
  }

  close(): void {
    this.deps.routeEvents.off('applied', this.onApplied);
    for (const c of this.outbound.values()) c.stop('sidecar stopping');
    for (const i of this.inbound.values()) void i.stop('sidecar stopping');
    this.raw.close();
    this.ds.close();
  }
}
