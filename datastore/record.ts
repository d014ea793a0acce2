// On-disk encodings of the reference storage node (pure, no I/O).
//
// data DB   key:   8-byte big-endian keyspace position (under the node's key schema, recorded in
//                  the meta DB on first open) || key bytes   (keyspace order: a microshard
//                  [start, end) is one contiguous LMDB range). Keys longer than INLINE_KEY_BYTES
//                  use position || first bytes || SHA-256(key), one byte longer than any inline
//                  form, so the two forms can never collide; the whole key is kept in the record.
//           value: flags(1) || version(8, BE) || request_id length(2, BE) || request_id
//                  || [key length(4, BE) || key, long keys only] || value bytes
//                  A deletion leaves a tombstone (flag) so the key's version keeps increasing and
//                  an imported older write cannot resurrect it.
// changes DB key:   seq(8, BE)
//           value: flags(1) || version(8, BE) || stored key
import { createHash } from 'node:crypto';
import { DEFAULT_KEY_SCHEMA, keyPosition, positionToBytes, positionFromBytes, KEYSPACE_END, type KeySchema } from '../core/keyspace.js';
import { INLINE_KEY_BYTES } from './limits.js';

const FLAG_TOMBSTONE = 1;
const FLAG_LONG_KEY = 2;
const SHA256_BYTES = 32;

export interface StoredRecord {
  tombstone: boolean;
  version: bigint;
  /** request_id of the last Put ("" when none). */
  requestId: string;
  /** The user's key (whole, also for long keys). */
  key: Buffer;
  /** Empty for tombstones. */
  value: Buffer;
}

/** The LMDB key of a user key under the node's key schema (positions first: a range is contiguous). */
export function storedKey(key: Uint8Array, schema: KeySchema = DEFAULT_KEY_SCHEMA): Buffer {
  const pos = positionToBytes(keyPosition(key, schema));
  const k = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  if (k.length <= INLINE_KEY_BYTES) return Buffer.concat([pos, k]);
  const prefixLen = INLINE_KEY_BYTES + 1 - SHA256_BYTES;
  const digest = createHash('sha256').update(k).digest();
  return Buffer.concat([pos, k.subarray(0, prefixLen), digest]);
}

/** Keyspace position of a stored key (its first 8 bytes). */
export function storedKeyPosition(sk: Uint8Array): bigint {
  return positionFromBytes(sk, 0);
}

/** LMDB range bounds for positions [start, end): end undefined means "to the end of the DB". */
export function rangeBounds(start: bigint, end: bigint): { start: Buffer; end: Buffer | undefined } {
  return { start: positionToBytes(start), end: end >= KEYSPACE_END ? undefined : positionToBytes(end) };
}

/** The smallest byte string greater than `b` (resume a range scan after a key). */
export function successor(b: Buffer): Buffer {
  return Buffer.concat([b, Buffer.alloc(1)]);
}

export function encodeRecord(sk: Buffer, r: StoredRecord): Buffer {
  const long = sk.length > 8 + INLINE_KEY_BYTES;
  const rid = Buffer.from(r.requestId, 'utf8');
  const head = Buffer.allocUnsafe(1 + 8 + 2 + rid.length + (long ? 4 : 0));
  head[0] = (r.tombstone ? FLAG_TOMBSTONE : 0) | (long ? FLAG_LONG_KEY : 0);
  head.writeBigUInt64BE(r.version, 1);
  head.writeUInt16BE(rid.length, 9);
  rid.copy(head, 11);
  if (long) head.writeUInt32BE(r.key.length, 11 + rid.length);
  return Buffer.concat(long ? [head, r.key, r.value] : [head, r.value]);
}

export function decodeRecord(sk: Buffer, b: Buffer): StoredRecord {
  const r = decodeRecordView(sk, b);
  r.value = Buffer.from(r.value);
  return r;
}

/**
 * decodeRecord without copying the value: it is a view of `b`, for a caller that owns `b` (a
 * buffer lmdb returned as a copy: a read outside a write transaction) and keeps it unchanged.
 * A copy reads every value it sends this way, once instead of twice.
 */
export function decodeRecordView(sk: Buffer, b: Buffer): StoredRecord {
  const flags = b[0]!;
  const version = b.readBigUInt64BE(1);
  const ridLen = b.readUInt16BE(9);
  let off = 11;
  const requestId = b.toString('utf8', off, off + ridLen);
  off += ridLen;
  let key: Buffer;
  if (flags & FLAG_LONG_KEY) {
    const keyLen = b.readUInt32BE(off);
    off += 4;
    key = Buffer.from(b.subarray(off, off + keyLen));
    off += keyLen;
  } else {
    key = Buffer.from(sk.subarray(8));
  }
  return { tombstone: (flags & FLAG_TOMBSTONE) !== 0, version, requestId, key, value: b.subarray(off) };
}

/** Size and liveness of a record without copying its value (scans for Stats). */
export function recordSize(sk: Buffer, b: Uint8Array): { live: boolean; bytes: number; version: bigint } {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const flags = buf[0]!;
  const version = buf.readBigUInt64BE(1);
  const ridLen = buf.readUInt16BE(9);
  let off = 11 + ridLen;
  let keyLen = sk.length - 8;
  if (flags & FLAG_LONG_KEY) {
    keyLen = buf.readUInt32BE(off);
    off += 4 + keyLen;
  }
  return { live: (flags & FLAG_TOMBSTONE) === 0, bytes: keyLen + (buf.length - off), version };
}

/** Bytes a live record counts for (key + value), 0 for a tombstone or nothing. */
export function liveBytes(r: StoredRecord | undefined): number {
  return r && !r.tombstone ? r.key.length + r.value.length : 0;
}

export function seqKey(seq: bigint): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64BE(seq);
  return b;
}

export interface ChangeRecord {
  seq: bigint;
  deleted: boolean;
  version: bigint;
  storedKey: Buffer;
}

export function encodeChange(c: Omit<ChangeRecord, 'seq'>): Buffer {
  const head = Buffer.allocUnsafe(9);
  head[0] = c.deleted ? FLAG_TOMBSTONE : 0;
  head.writeBigUInt64BE(c.version, 1);
  return Buffer.concat([head, c.storedKey]);
}

export function decodeChange(key: Buffer, b: Buffer): ChangeRecord {
  return { seq: key.readBigUInt64BE(0), deleted: (b[0]! & FLAG_TOMBSTONE) !== 0, version: b.readBigUInt64BE(1), storedKey: Buffer.from(b.subarray(9)) };
}

export function u64(n: bigint): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64BE(n);
  return b;
}

export function readU64(b: Uint8Array | undefined): bigint {
  if (!b) return 0n;
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).readBigUInt64BE(0);
}
