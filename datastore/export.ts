// The export loop, written once for Export (chunks to the caller) and Push (chunks to another
// storage node): a snapshot of a range, then, when following, its change tail. Every chunk goes
// to `send`, which may wait (gRPC back-pressure, a bytes/s budget); the loop reads on only once
// it returns.
import type { ExportChunk } from '../generated/proto/shardcast/v1/ExportChunk.js';
import { FailedPreconditionError, InvalidArgumentError } from '../platform/errors.js';
import type { DataEntry, Engine } from './engine.js';
import { DEFAULT_EXPORT_CHUNK_BYTES, DEFAULT_EXPORT_CHUNK_ENTRIES, MAX_EXPORT_CHUNK_ENTRIES } from './limits.js';
import { validRange, validU64 } from './validate.js';

export interface ExportPlan {
  range: { start: bigint; end: bigint };
  follow: boolean;
  /** 0: a snapshot first; otherwise the tail after this seq. */
  afterSeq: bigint;
  chunkEntries: number;
}

/** Validates an export's fields (Export's request, Push's start). */
export function exportPlan(req: { start?: string; end?: string; follow?: boolean; afterSeq?: string | number; chunkEntries?: number }): ExportPlan {
  const range = validRange(req.start, req.end);
  const afterSeq = validU64(req.afterSeq, 'after_seq');
  const requested = Number(req.chunkEntries ?? 0);
  if (!Number.isInteger(requested) || requested < 0) throw new InvalidArgumentError(`chunk_entries must be a non-negative integer, got ${String(req.chunkEntries)}`);
  const chunkEntries = requested === 0 ? DEFAULT_EXPORT_CHUNK_ENTRIES : Math.min(requested, MAX_EXPORT_CHUNK_ENTRIES);
  const follow = Boolean(req.follow);
  if (afterSeq > 0n && !follow) throw new InvalidArgumentError('after_seq needs follow: it starts a change tail instead of a snapshot');
  return { range, follow, afterSeq, chunkEntries };
}

/** One chunk as the engine read it (Export turns it into the loader's ExportChunk, Push encodes it by hand). */
export interface ExportBatch {
  entries: DataEntry[];
  /** The seq at the snapshot, or how far the tail was read. */
  seq: bigint;
  snapshotDone: boolean;
}

/**
 * Hands one chunk on. `atHead`: a tail chunk after which every change there was had been read
 * (the copy reached the source's head at that moment).
 */
export type SendChunk = (chunk: ExportBatch, atHead: boolean) => Promise<void>;

/** Runs until the snapshot is sent (no follow) or the signal aborts (throws its reason). */
export async function runExport(engine: Engine, plan: ExportPlan, send: SendChunk, signal: AbortSignal): Promise<void> {
  const { range, chunkEntries, afterSeq } = plan;
  let cursor: bigint;
  if (afterSeq > 0n) {
    const last = engine.lastSeq();
    if (afterSeq > last) throw new FailedPreconditionError(`after_seq ${afterSeq} is ahead of this node's last seq ${last}`);
    cursor = afterSeq;
  } else {
    cursor = 0n;
    for await (const c of engine.snapshot(range.start, range.end, chunkEntries, DEFAULT_EXPORT_CHUNK_BYTES)) {
      if (signal.aborted) throw signal.reason;
      await send({ entries: c.entries, seq: c.seq, snapshotDone: c.done }, false);
      cursor = c.seq;
    }
  }
  if (!plan.follow) return;

  // The change tail. A chunk with no entries reports how far the tail has been read (every
  // change up to `seq` was examined), so a follower waiting for a fence's last_seq learns it has
  // everything even when the last changes fell outside its range.
  let sent = afterSeq > 0n ? -1n : cursor;
  // Whether the last chunk sent said "at the head": a follower learns it reached the head even
  // when the snapshot was the last thing it got (then an empty chunk says so).
  let saidAtHead = false;
  for (;;) {
    if (signal.aborted) throw signal.reason;
    const r = engine.readChanges(cursor, range.start, range.end, chunkEntries, DEFAULT_EXPORT_CHUNK_BYTES);
    if (r.truncatedAt !== undefined) throw new FailedPreconditionError(`tail truncated at seq ${r.truncatedAt}; take a new snapshot`);
    const atHead = r.through >= r.head;
    if (r.entries.length > 0) {
      await send({ entries: r.entries, seq: r.through, snapshotDone: false }, atHead);
      sent = r.through;
      saidAtHead = atHead;
    }
    cursor = r.through;
    if (cursor >= r.head) {
      if (sent < cursor || !saidAtHead) {
        await send({ entries: [], seq: cursor, snapshotDone: false }, true);
        sent = cursor;
        saidAtHead = true;
      }
      await engine.waitForSeqAbove(cursor, signal);
      if (signal.aborted) throw signal.reason;
    } else if (r.entries.length === 0) {
      // A long stretch of changes outside the range: let other calls run between reads.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

/** A chunk as the loader's codec takes it (Export's stream). */
export function toExportChunk(c: ExportBatch): ExportChunk {
  return { entries: c.entries.map(toWireEntry), seq: c.seq.toString(), snapshotDone: c.snapshotDone };
}

export function toWireEntry(e: DataEntry): NonNullable<ExportChunk['entries']>[number] {
  return { key: e.key, value: e.value, version: e.version.toString(), deleted: e.deleted, seq: e.seq.toString(), requestId: e.requestId ?? '' };
}
