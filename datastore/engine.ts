// The storage engine of the reference storage node: LMDB (ordered, memory-mapped B+tree, ACID)
// holding the data in keyspace order, a change log and a little metadata.
//
// Every mutation (Put, Delete, Import) writes its data, its change-log entry (seq -> key,
// version, deleted) and the new sequence number in ONE LMDB transaction, inside an abortable
// child transaction, so a crash or a thrown error never leaves one without the other. Writes
// go through lmdb-js's asynchronous transaction queue: callbacks run one at a time, in call
// order, inside the write transaction, which is what makes the ownership check race-free (a
// write is checked at its place in the commit order, after or before a fence, never between).
// The environment is opened with overlappingSync off, so a transaction's promise resolves only
// after mdb_txn_commit has synced it to disk: an acknowledged write is durable.
import { EventEmitter } from 'node:events';
import { mkdirSync, statfsSync } from 'node:fs';
import { open, type Database, type RootDatabase } from 'lmdb';
import { DEFAULT_KEY_SCHEMA, hash64, type KeySchema } from '../core/keyspace.js';
import {
  decodeChange,
  decodeRecord,
  decodeRecordView,
  encodeChange,
  encodeRecord,
  liveBytes,
  rangeBounds,
  readU64,
  recordSize,
  seqKey,
  storedKey,
  storedKeyPosition,
  successor,
  u64,
  type StoredRecord,
} from './record.js';
import { FailedPreconditionError, ResourceExhaustedError, UnavailableError } from '../platform/errors.js';
import { MAX_VERSION, DEFAULT_CHANGE_LOG_RETENTION, DEFAULT_CHANGE_LOG_TRIM_INTERVAL_MS, DEFAULT_SCAN_BATCH, DEFAULT_TAIL_SCAN_LIMIT, DEFAULT_TRIM_BATCH, DEFAULT_DROP_BATCH } from './limits.js';
import type { Logger } from '../platform/logger.js';

const K_SEQ = 'seq';
const K_KEY_SCHEMA = 'key_schema';
const K_TRIMMED = 'trimmed';
const K_ENTRIES = 'entries';
const K_BYTES = 'bytes';
const FENCE_PREFIX = 'fence:';
const EMPTY = Buffer.alloc(0);

export interface EngineOptions {
  dataDir: string;
  /** Change-log entries kept (default DEFAULT_CHANGE_LOG_RETENTION). */
  changeLogRetention?: number;
  /** Background trim period; 0 disables the timer (tests call trimOnce). */
  trimIntervalMs?: number;
  log?: Logger;
  /** How keys map to positions (default hash); recorded on first open, a different one refused. */
  keySchema?: KeySchema;
}

/** A data directory written under another key schema than the one configured. */
export class KeySchemaMismatchError extends Error {}

/** An entry as Export sends it and Import receives it. */
export interface DataEntry {
  key: Buffer;
  value: Buffer;
  version: bigint;
  deleted: boolean;
  /** Change sequence (tail entries only; 0n in snapshots). */
  seq: bigint;
  /** request_id of the Put that wrote this version ("" / absent: none). Carried by Export and
   *  Import so a Put retried at a new owner after a migration is still recognised. */
  requestId?: string;
}

/** Called inside the write transaction, at the write's place in the commit order. */
export type WriteCheck = () => Error | undefined;

export type PutOutcome = { rejected: Error } | { rejected?: undefined; version: bigint; duplicate: boolean };
export type PutBatchOutcome = { rejected: Error } | { rejected?: undefined; results: Array<{ version: bigint; duplicate: boolean }> };
export type DeleteOutcome = { rejected: Error } | { rejected?: undefined; found: boolean; version: bigint };

export interface TailRead {
  /** Set when entries after `afterSeq` were already trimmed: the seq trimmed through. */
  truncatedAt?: bigint;
  entries: DataEntry[];
  /** Every change up to this seq has been examined (the follower's new cursor). */
  through: bigint;
  /** The last seq in the log at this read. */
  head: bigint;
}

export interface RangeSize {
  entries: bigint;
  bytes: bigint;
}

export class HashCollisionError extends Error {}

/**
 * The key's version is at the largest a record can hold (8 bytes): one more write would wrap it
 * around, and a smaller version after a larger one would make every copy of the key disagree on
 * which write is newest. Only reachable through an Import that planted a huge version.
 */
export class VersionExhaustedError extends FailedPreconditionError {}

function versionExhausted(what: string): VersionExhaustedError {
  return new VersionExhaustedError(`${what} is at version ${MAX_VERSION}, the largest a version can be: no write can follow it (delete and re-create the key under another name)`);
}

/** How long a failed commit's cause is waited for (lmdb settles it in the same callback). */
const COMMIT_CAUSE_WAIT_MS = 1_000;

/**
 * The error a failed lmdb commit becomes. lmdb rejects the write with a generic "Commit failed"
 * whose `commitError` promise holds the cause, and that promise rejects whether or not anyone
 * listens: unobserved, it is an unhandled rejection, which ends the process. So it is always
 * awaited here. A full disk (ENOSPC) or a full map is RESOURCE_EXHAUSTED: nothing of that
 * transaction was applied, everything committed before is intact, and the same write succeeds
 * once space returns.
 */
async function commitFailure(err: unknown, dataDir: string): Promise<unknown> {
  const pending = (err as { commitError?: Promise<unknown> } | null)?.commitError;
  if (!(pending instanceof Promise)) return err;
  const cause = await Promise.race([pending.then(() => undefined, (e: unknown) => e), new Promise<undefined>((r) => setTimeout(() => r(undefined), COMMIT_CAUSE_WAIT_MS).unref())]);
  const c = cause as { code?: unknown; message?: string } | undefined;
  const message = c?.message ?? (err as Error).message;
  // A full disk shows as ENOSPC, a full map, or (lmdb writing its meta page on a full tmpfs) EIO:
  // the free space tells the last apart from a failing disk.
  if (c && (c.code === 28 || c.code === 'ENOSPC' || /No space left|MDB_MAP_FULL/i.test(message) || (c.code === 5 && freeBytes(dataDir) < LOW_SPACE_BYTES))) {
    return new ResourceExhaustedError(`the storage node's disk is full, nothing of this write was applied (retry once space is freed): ${message}`);
  }
  if (c?.code === 5) return new UnavailableError(`the storage node could not write to its disk (I/O error), nothing of this write was applied: ${message}`);
  return new Error(`commit failed: ${message}`);
}

/** Below this much free space a failed write is put down to a full disk. */
const LOW_SPACE_BYTES = 1024 * 1024;

function freeBytes(dir: string): number {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export class Engine {
  private readonly root: RootDatabase;
  private readonly data: Database<Buffer, Buffer>;
  private readonly changes: Database<Buffer, Buffer>;
  private readonly meta: Database<Buffer, string>;
  private readonly events = new EventEmitter();
  private readonly retention: bigint;
  private readonly log: Logger | undefined;
  private trimTimer: NodeJS.Timeout | undefined;
  private trimming: Promise<number> | undefined;
  private closed = false;
  readonly keySchema: KeySchema;
  private readonly dataDir: string;
  /** Highest seq whose transaction has committed (wakes Export tails). */
  private committed: bigint;

  constructor(opts: EngineOptions) {
    mkdirSync(opts.dataDir, { recursive: true });
    this.dataDir = opts.dataDir;
    // noSubdir: false — lmdb would otherwise treat a directory name with a dot as a file name.
    // eventTurnBatching: false — with it, lmdb opens a batch per event turn whose commit promise
    // nobody holds, so a failed commit (a full disk) was an unhandled rejection that ended the
    // process. Writes still share a commit when queued in the same turn (each is a child
    // transaction of it), and each failure reaches its own caller (Engine.txn).
    this.root = open({ path: opts.dataDir, noSubdir: false, overlappingSync: false, maxDbs: 4, eventTurnBatching: false });
    this.data = this.root.openDB<Buffer, Buffer>({ name: 'data', keyEncoding: 'binary', encoding: 'binary' });
    this.changes = this.root.openDB<Buffer, Buffer>({ name: 'changes', keyEncoding: 'binary', encoding: 'binary' });
    this.meta = this.root.openDB<Buffer, string>({ name: 'meta', encoding: 'binary' });
    this.keySchema = opts.keySchema ?? DEFAULT_KEY_SCHEMA;
    // Every stored key begins with its position: data written under one schema is unreachable
    // under another, so the schema is part of the directory. Directories from before schemas hash.
    const recorded = this.meta.get(K_KEY_SCHEMA);
    const stored = recorded === undefined ? (this.lastSeq() > 0n ? DEFAULT_KEY_SCHEMA : undefined) : Buffer.from(recorded).toString();
    if (stored !== undefined && stored !== this.keySchema) {
      this.root.close();
      throw new KeySchemaMismatchError(`data directory ${opts.dataDir} was written with key schema "${stored}" but this storage node is configured with "${this.keySchema}": a node's key schema cannot change (start with --key-schema ${stored}, or use a new data directory)`);
    }
    if (recorded === undefined) this.meta.putSync(K_KEY_SCHEMA, Buffer.from(this.keySchema));
    this.retention = BigInt(opts.changeLogRetention ?? DEFAULT_CHANGE_LOG_RETENTION);
    this.log = opts.log;
    this.committed = this.lastSeq();
    this.events.setMaxListeners(0);
    const every = opts.trimIntervalMs ?? DEFAULT_CHANGE_LOG_TRIM_INTERVAL_MS;
    if (every > 0) {
      this.trimTimer = setInterval(() => {
        this.trimOnce().catch((err: Error) => this.log?.warn({ err: err.message }, 'change-log trim failed'));
      }, every);
      this.trimTimer.unref();
    }
  }

  // ---- reads (latest committed state) ----

  /** The record stored for a user key (tombstones included), or undefined. */
  get(key: Buffer): StoredRecord | undefined {
    const sk = storedKey(key, this.keySchema);
    const raw = this.data.get(sk);
    if (!raw) return undefined;
    const r = decodeRecord(sk, raw);
    return r.key.equals(key) ? r : undefined;
  }

  /** Last change sequence committed. */
  lastSeq(): bigint {
    return readU64(this.meta.get(K_SEQ));
  }

  /** Change-log entries up to this seq have been trimmed. */
  trimmedThrough(): bigint {
    return readU64(this.meta.get(K_TRIMMED));
  }

  totals(): RangeSize {
    return { entries: readU64(this.meta.get(K_ENTRIES)), bytes: readU64(this.meta.get(K_BYTES)) };
  }

  /** Fences persisted by setFence (microshard id -> epoch). */
  loadFences(): Map<string, bigint> {
    const out = new Map<string, bigint>();
    for (const { key, value } of this.meta.getRange({ start: FENCE_PREFIX, end: FENCE_PREFIX + '\uffff' })) {
      out.set(String(key).slice(FENCE_PREFIX.length), readU64(value));
    }
    return out;
  }

  // ---- writes ----

  /** One write transaction; a failed commit becomes a proper error (commitFailure). */
  private async txn<T>(fn: () => T): Promise<T> {
    try {
      return await this.root.childTransaction(fn);
    } catch (err) {
      throw await commitFailure(err, this.dataDir);
    }
  }

  async put(key: Buffer, value: Buffer, requestId: string, check: WriteCheck): Promise<PutOutcome> {
    const sk = storedKey(key, this.keySchema);
    const out = await this.txn((): PutOutcome & { seq?: bigint } => {
      const rejected = check();
      if (rejected) return { rejected };
      const old = this.read(sk);
      if (old && !old.key.equals(key)) return { rejected: new HashCollisionError('key collides with a stored long key (SHA-256 collision)') };
      if (old && !old.tombstone && requestId !== '' && old.requestId === requestId) return { version: old.version, duplicate: true };
      if (old && old.version >= MAX_VERSION) return { rejected: versionExhausted('the key') };
      const version = (old?.version ?? 0n) + 1n;
      const seq = this.write(sk, { tombstone: false, version, requestId, key, value }, old);
      return { version, duplicate: false, seq };
    });
    this.noteCommitted(out.seq);
    return out.rejected ? { rejected: out.rejected } : { version: out.version, duplicate: out.duplicate };
  }

  /**
   * Several Puts in ONE child transaction: `check` runs first (the ownership decision for every
   * entry, at the batch's place in the commit order), then every entry is applied; a rejection
   * or a collision aborts the child transaction, so the batch is applied all or none. The
   * sequence number and totals are read and written once per batch, not once per entry.
   * `label(i)` names entry i in errors.
   */
  async putBatch(items: ReadonlyArray<{ key: Buffer; value: Buffer; requestId: string }>, check: WriteCheck, label: (i: number) => string = (i) => `entries[${i}]`): Promise<PutBatchOutcome> {
    const sks = items.map((it) => storedKey(it.key, this.keySchema));
    let out: { rejected?: Error; results?: Array<{ version: bigint; duplicate: boolean }>; seq?: bigint };
    try {
      out = await this.txn(() => {
        const rejected = check();
        if (rejected) return { rejected };
        const first = readU64(this.meta.get(K_SEQ));
        let seq = first;
        let dEntries = 0n;
        let dBytes = 0n;
        const results: Array<{ version: bigint; duplicate: boolean }> = [];
        for (let i = 0; i < items.length; i++) {
          const { key, value, requestId } = items[i]!;
          const sk = sks[i]!;
          const old = this.read(sk);
          // Thrown, not returned: entries before this one were written and must be rolled back.
          if (old && !old.key.equals(key)) throw new HashCollisionError(`${label(i)}: key collides with a stored long key (SHA-256 collision)`);
          if (old && !old.tombstone && requestId !== '' && old.requestId === requestId) {
            results.push({ version: old.version, duplicate: true });
            continue;
          }
          if (old && old.version >= MAX_VERSION) throw versionExhausted(`${label(i)}.key`);
          const version = (old?.version ?? 0n) + 1n;
          seq++;
          const [de, db] = this.writeRecord(sk, { tombstone: false, version, requestId, key, value }, old, seq);
          dEntries += de;
          dBytes += db;
          results.push({ version, duplicate: false });
        }
        if (seq !== first) this.meta.put(K_SEQ, u64(seq));
        this.adjustTotals(dEntries, dBytes);
        return { results, seq: seq !== first ? seq : undefined };
      });
    } catch (err) {
      if (err instanceof HashCollisionError || err instanceof VersionExhaustedError) return { rejected: err };
      throw err;
    }
    this.noteCommitted(out.seq);
    return out.rejected ? { rejected: out.rejected } : { results: out.results! };
  }

  async delete(key: Buffer, check: WriteCheck): Promise<DeleteOutcome> {
    const sk = storedKey(key, this.keySchema);
    const out = await this.txn((): DeleteOutcome & { seq?: bigint } => {
      const rejected = check();
      if (rejected) return { rejected };
      const old = this.read(sk);
      if (!old || old.tombstone || !old.key.equals(key)) return { found: false, version: old?.version ?? 0n };
      if (old.version >= MAX_VERSION) return { rejected: versionExhausted('the key') };
      const version = old.version + 1n;
      const seq = this.write(sk, { tombstone: true, version, requestId: '', key, value: EMPTY }, old);
      return { found: true, version, seq };
    });
    this.noteCommitted(out.seq);
    return out.rejected ? { rejected: out.rejected } : { found: out.found, version: out.version };
  }

  /**
   * Applies entries from another node's Export: a write only when its version is newer than the
   * stored one, a deletion when its version is at least the stored one (it then leaves a
   * tombstone at that version). Returns how many were applied and how many were older.
   */
  async importEntries(entries: readonly DataEntry[]): Promise<{ applied: number; skipped: number }> {
    const out = await this.txn(() => {
      let applied = 0;
      let skipped = 0;
      let seq: bigint | undefined;
      for (const e of entries) {
        const sk = storedKey(e.key, this.keySchema);
        const old = this.read(sk);
        if (old && !old.key.equals(e.key)) throw new HashCollisionError('imported key collides with a stored long key (SHA-256 collision)');
        const newer = e.deleted ? !old || e.version >= old.version : !old || e.version > old.version;
        // A deletion that finds the same tombstone already there changes nothing.
        if (!newer || (e.deleted && old?.tombstone && old.version === e.version)) {
          skipped++;
          continue;
        }
        seq = this.write(sk, { tombstone: e.deleted, version: e.version, requestId: e.deleted ? '' : (e.requestId ?? ''), key: e.key, value: e.deleted ? EMPTY : e.value }, old);
        applied++;
      }
      return { applied, skipped, seq };
    });
    this.noteCommitted(out.seq);
    return { applied: out.applied, skipped: out.skipped };
  }

  /**
   * Records or lifts a fence at its place in the write order: `apply` runs inside the write
   * transaction and returns the epoch to persist (null: lifted), so every write queued before it
   * has a seq <= the returned one and every write after it sees the fence. Resolves once
   * durable, with the last seq applied.
   */
  async setFence(microshardId: string, apply: () => bigint | null): Promise<bigint> {
    return this.txn(() => {
      const epoch = apply();
      if (epoch === null) this.meta.remove(FENCE_PREFIX + microshardId);
      else this.meta.put(FENCE_PREFIX + microshardId, u64(epoch));
      return readU64(this.meta.get(K_SEQ));
    });
  }

  /** Forgets persisted fences (they became moot: the microshard moved on to a newer epoch). */
  async removeFences(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.txn(() => {
      for (const id of ids) this.meta.remove(FENCE_PREFIX + id);
    });
  }

  /**
   * Live entries of positions [start, end) that `keep` accepts, in stored order (position, then
   * key bytes), at most `limit`; truncated when more were left.
   */
  scanKeys(start: bigint, end: bigint, keep: (key: Buffer) => boolean, limit: number): { entries: { key: Buffer; value: Buffer; version: bigint }[]; truncated: boolean } {
    const bounds = rangeBounds(start, end);
    const entries: { key: Buffer; value: Buffer; version: bigint }[] = [];
    for (const { key, value } of this.data.getRange({ start: bounds.start, end: bounds.end })) {
      const r = decodeRecord(key, value);
      if (r.tombstone || !keep(r.key)) continue;
      if (entries.length >= limit) return { entries, truncated: true };
      entries.push({ key: r.key, value: r.value, version: r.version });
    }
    return { entries, truncated: false };
  }

  /** Deletes every record (entries and tombstones) of positions [start, end) in batches; returns live entries removed. */
  async drop(start: bigint, end: bigint, batch = DEFAULT_DROP_BATCH): Promise<bigint> {
    const bounds = rangeBounds(start, end);
    let total = 0n;
    for (;;) {
      const keys: Buffer[] = [];
      for (const k of this.data.getKeys({ start: bounds.start, end: bounds.end, limit: batch })) keys.push(Buffer.from(k));
      if (keys.length === 0) return total;
      total += await this.txn(() => {
        let n = 0n;
        let dEntries = 0n;
        let dBytes = 0n;
        for (const sk of keys) {
          const old = this.read(sk);
          if (!old) continue;
          this.data.remove(sk);
          if (!old.tombstone) {
            n++;
            dEntries--;
            dBytes -= BigInt(liveBytes(old));
          }
        }
        this.adjustTotals(dEntries, dBytes);
        return n;
      });
    }
  }

  // ---- scans ----

  /** Entries, bytes and the order-independent digest of [start, end), from one read snapshot. */
  async checksum(start: bigint, end: bigint): Promise<{ digest: string; entries: bigint; bytes: bigint }> {
    let xor = 0n;
    let entries = 0n;
    let bytes = 0n;
    await this.scan(start, end, (sk, raw) => {
      const s = recordSize(sk, raw);
      if (!s.live) return;
      xor ^= hash64(Buffer.concat([sk, u64(s.version)]));
      entries++;
      bytes += BigInt(s.bytes);
    });
    return { digest: xor.toString(16).padStart(16, '0'), entries, bytes };
  }

  async rangeSize(start: bigint, end: bigint): Promise<RangeSize> {
    let entries = 0n;
    let bytes = 0n;
    await this.scan(start, end, (sk, raw) => {
      const s = recordSize(sk, raw);
      if (!s.live) return;
      entries++;
      bytes += BigInt(s.bytes);
    });
    return { entries, bytes };
  }

  /**
   * The live entries of [start, end) from one read snapshot, in hash order, in chunks of at most
   * `maxEntries` entries / about `maxBytes` bytes, each with the seq at the snapshot.
   */
  async *snapshot(start: bigint, end: bigint, maxEntries: number, maxBytes: number): AsyncGenerator<{ entries: DataEntry[]; seq: bigint; done: boolean }> {
    const txn = this.root.useReadTransaction();
    try {
      const seq = readU64(this.meta.get(K_SEQ, { transaction: txn }));
      const bounds = rangeBounds(start, end);
      let from = bounds.start;
      for (;;) {
        const entries: DataEntry[] = [];
        let bytes = 0;
        let scanned = 0;
        let last: Buffer | undefined;
        let more = false;
        for (const { key, value } of this.data.getRange({ start: from, end: bounds.end, transaction: txn })) {
          if (entries.length >= maxEntries || bytes >= maxBytes || scanned >= maxEntries * 4) {
            more = true;
            break;
          }
          scanned++;
          last = key;
          // The value lmdb returned is this entry's own copy: a view of it is sent (no second copy).
          const r = decodeRecordView(key, value);
          if (r.tombstone) continue;
          entries.push({ key: r.key, value: r.value, version: r.version, deleted: false, seq: 0n, requestId: r.requestId });
          bytes += r.key.length + r.value.length;
        }
        if (!more) {
          yield { entries, seq, done: true };
          return;
        }
        if (entries.length > 0) yield { entries, seq, done: false };
        from = successor(last!);
      }
    } finally {
      txn.done();
    }
  }

  /**
   * Changes after `afterSeq` whose keys fall in [start, end), from one read snapshot. A change
   * whose key has since been written again is skipped (the later change carries the newer
   * version); the value sent is the stored one, which is the value of that version.
   */
  readChanges(afterSeq: bigint, start: bigint, end: bigint, maxEntries: number, maxBytes: number): TailRead {
    const txn = this.root.useReadTransaction();
    try {
      const trimmed = readU64(this.meta.get(K_TRIMMED, { transaction: txn }));
      const head = readU64(this.meta.get(K_SEQ, { transaction: txn }));
      const entries: DataEntry[] = [];
      if (afterSeq < trimmed) return { truncatedAt: trimmed, entries, through: afterSeq, head };
      let through = afterSeq;
      let bytes = 0;
      let scanned = 0;
      for (const { key, value } of this.changes.getRange({ start: seqKey(afterSeq + 1n), transaction: txn })) {
        if (entries.length >= maxEntries || bytes >= maxBytes || scanned >= DEFAULT_TAIL_SCAN_LIMIT) break;
        scanned++;
        const c = decodeChange(key, value);
        through = c.seq;
        const pos = storedKeyPosition(c.storedKey);
        if (pos < start || pos >= end) continue;
        const raw = this.data.get(c.storedKey, { transaction: txn });
        if (!raw) continue; // dropped since
        const r = decodeRecordView(c.storedKey, raw);
        if (r.version !== c.version || r.tombstone !== c.deleted) continue; // superseded by a later change
        entries.push({ key: r.key, value: c.deleted ? EMPTY : r.value, version: r.version, deleted: c.deleted, seq: c.seq, requestId: c.deleted ? '' : r.requestId });
        bytes += r.key.length + r.value.length;
      }
      return { entries, through, head };
    } finally {
      txn.done();
    }
  }

  /** Resolves once a change with seq > `seq` has committed, or when `signal` aborts. */
  waitForSeqAbove(seq: bigint, signal: AbortSignal): Promise<void> {
    if (this.committed > seq || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const onCommit = (): void => {
        if (this.committed > seq) done();
      };
      const done = (): void => {
        this.events.off('commit', onCommit);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.events.on('commit', onCommit);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  // ---- change-log retention ----

  /** Trims the change log down to its retention; returns the entries removed. */
  trimOnce(): Promise<number> {
    this.trimming ??= this.trim().finally(() => {
      this.trimming = undefined;
    });
    return this.trimming;
  }

  private async trim(): Promise<number> {
    let removed = 0;
    while (!this.closed) {
      const target = this.lastSeq() - this.retention;
      const trimmed = this.trimmedThrough();
      if (target <= trimmed) break;
      const upTo = target < trimmed + BigInt(DEFAULT_TRIM_BATCH) ? target : trimmed + BigInt(DEFAULT_TRIM_BATCH);
      removed += await this.txn(() => {
        const from = readU64(this.meta.get(K_TRIMMED)) + 1n;
        let n = 0;
        for (let s = from; s <= upTo; s++) {
          this.changes.remove(seqKey(s));
          n++;
        }
        if (upTo >= from) this.meta.put(K_TRIMMED, u64(upTo));
        return n;
      });
    }
    return removed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.trimTimer) clearInterval(this.trimTimer);
    await this.trimming?.catch(() => undefined);
    await this.root.close();
  }

  // ---- internals (inside write transactions) ----

  private read(sk: Buffer): StoredRecord | undefined {
    const raw = this.data.get(sk);
    return raw ? decodeRecord(sk, raw) : undefined;
  }

  /** Writes a record and its change-log entry; returns the seq assigned. Inside a write transaction. */
  private write(sk: Buffer, rec: StoredRecord, old: StoredRecord | undefined): bigint {
    const seq = readU64(this.meta.get(K_SEQ)) + 1n;
    const [dEntries, dBytes] = this.writeRecord(sk, rec, old, seq);
    this.meta.put(K_SEQ, u64(seq));
    this.adjustTotals(dEntries, dBytes);
    return seq;
  }

  /** The record and its change-log entry at `seq`; returns the change in live entries and bytes
   *  (the caller persists seq and totals, once per transaction). Inside a write transaction. */
  private writeRecord(sk: Buffer, rec: StoredRecord, old: StoredRecord | undefined, seq: bigint): [bigint, bigint] {
    this.data.put(sk, encodeRecord(sk, rec));
    this.changes.put(seqKey(seq), encodeChange({ deleted: rec.tombstone, version: rec.version, storedKey: sk }));
    const wasLive = old !== undefined && !old.tombstone;
    return [(rec.tombstone ? 0n : 1n) - (wasLive ? 1n : 0n), BigInt(liveBytes(rec) - liveBytes(old))];
  }

  private adjustTotals(dEntries: bigint, dBytes: bigint): void {
    if (dEntries === 0n && dBytes === 0n) return;
    const e = readU64(this.meta.get(K_ENTRIES)) + dEntries;
    const b = readU64(this.meta.get(K_BYTES)) + dBytes;
    this.meta.put(K_ENTRIES, u64(e < 0n ? 0n : e));
    this.meta.put(K_BYTES, u64(b < 0n ? 0n : b));
  }

  private noteCommitted(seq: bigint | undefined): void {
    if (seq !== undefined && seq > this.committed) {
      this.committed = seq;
      this.events.emit('commit');
    }
  }

  /** Calls fn for every record of [start, end) from one read snapshot, yielding to the event loop between batches. */
  private async scan(start: bigint, end: bigint, fn: (sk: Buffer, raw: Buffer) => void): Promise<void> {
    const txn = this.root.useReadTransaction();
    try {
      const bounds = rangeBounds(start, end);
      let from = bounds.start;
      for (;;) {
        let n = 0;
        let last: Buffer | undefined;
        for (const { key, value } of this.data.getRange({ start: from, end: bounds.end, limit: DEFAULT_SCAN_BATCH, transaction: txn })) {
          fn(key, value);
          last = key;
          n++;
        }
        if (n < DEFAULT_SCAN_BATCH) return;
        from = successor(last!);
        await new Promise<void>((r) => setImmediate(r));
      }
    } finally {
      txn.done();
    }
  }
}
