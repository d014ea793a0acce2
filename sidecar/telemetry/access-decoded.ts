// The decoded-object reader of an AccessBatch (proto-loader output, or plain objects from code):
// the same contract as scanAccessBatch (access-wire.ts) on the wire bytes, so both ingest paths
// hand a sink identical fields and rejections.
import { keyPosition } from '../../core/keyspace.js';
import type { AccessFields, AccessSink, ScanResult } from './access-wire.js';

/** The loose shape of a decoded AccessRecord (proto-loader output, or numbers from code). */
export interface AccessRecordLike {
  keyHash?: string;
  key?: Uint8Array | string;
  reads?: number | string;
  writes?: number | string;
  bytesRead?: number | string | { toString(): string };
  bytesWritten?: number | string | { toString(): string };
  latencyUs?: number | string | { toString(): string };
  errors?: number | string;
  coAccessGroup?: number | string | bigint | { toString(): string };
  clientRegion?: string;
}

export interface AccessBatchLike {
  atMs?: number | string | { toString(): string };
  records?: readonly AccessRecordLike[];
  loopDelayUs?: number | string | { toString(): string };
}

const HASH_RE = /^[0-9a-fA-F]{1,16}$/;
const UTF8 = new TextEncoder();

/** A loader number (number, decimal string, Long): 0 when unset. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === undefined || v === null || v === '') return 0;
  return Number(typeof v === 'string' ? v : String(v));
}

/** Reads a decoded batch: every record goes to sink.accept (key position computed) or sink.reject (with the reason). */
export function scanDecodedBatch(batch: AccessBatchLike, sink: AccessSink, f: AccessFields): ScanResult {
  const records = batch.records ?? [];
  const atMs = num(batch.atMs);
  sink.begin?.(Number.isFinite(atMs) ? atMs : 0);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const key = r.key;
    if (key !== undefined && key.length > 0) {
      const pos = keyPosition(typeof key === 'string' ? UTF8.encode(key) : key, f.keySchema);
      f.hi = Number(pos >> 32n);
      f.lo = Number(pos & 0xffffffffn);
    } else if (r.keyHash) {
      const h = r.keyHash;
      if (!HASH_RE.test(h)) {
        sink.reject(i, `key_hash "${h.slice(0, 40)}" is not 1-16 hex digits`);
        continue;
      }
      f.hi = h.length > 8 ? parseInt(h.slice(0, h.length - 8), 16) : 0;
      f.lo = parseInt(h.length > 8 ? h.slice(h.length - 8) : h, 16);
    } else {
      sink.reject(i, 'neither key nor key_hash is set');
      continue;
    }
    f.reads = num(r.reads) >>> 0;
    f.writes = num(r.writes) >>> 0;
    f.bytesRead = num(r.bytesRead);
    f.bytesWritten = num(r.bytesWritten);
    f.latencyUs = num(r.latencyUs);
    f.errors = num(r.errors) >>> 0;
    let g = 0n;
    try {
      g = r.coAccessGroup === undefined || r.coAccessGroup === '' ? 0n : BigInt(typeof r.coAccessGroup === 'bigint' ? r.coAccessGroup : String(r.coAccessGroup));
    } catch {
      sink.reject(i, `co_access_group "${String(r.coAccessGroup).slice(0, 40)}" is not an unsigned 64-bit integer`);
      continue;
    }
    f.groupHi = Number((g >> 32n) & 0xffffffffn);
    f.groupLo = Number(g & 0xffffffffn);
    f.region = r.clientRegion ?? '';
    sink.accept(f, i);
  }
  const loop = num(batch.loopDelayUs);
  return { records: records.length, atMs, loopDelayUs: Number.isFinite(loop) && loop >= 0 && loop < 2 ** 32 ? loop : 0 };
}
