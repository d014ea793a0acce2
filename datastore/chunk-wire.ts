// A copy's chunks (ExportChunk / IngestMessage without start, proto/shardcast/v1/dataplane.proto)
// encoded and decoded by hand, for the storage node -> storage node copy. Through the loader's
// codec every entry became a plain object with decimal-string versions, then a protobufjs message
// with Long versions, then bytes, and the reverse on the target: a dozen objects per entry and
// extra copies of every value, whose garbage collection was a fifth of a storage node's CPU
// during a copy. Here the source writes a chunk straight into one buffer from the records it read,
// and the target reads each entry in place (key and value are views of the received message) and
// validates it as it goes (the same rules as validate.ts importedEntries, the entry named by its
// index across the stream). Wire-compatible with the .proto both ways: the tests check it against
// the loader's codec, unknown fields, truncation and bad lengths included.
import { InvalidArgumentError } from '../platform/errors.js';
import type { DataEntry } from './engine.js';
import { importedEntry } from './validate.js';
import { skip, varint, wire } from '../platform/wire-varint.js';

// Tags (field number << 3 | wire type) of ExportChunk / IngestMessage ...
const TAG_CHUNK_ENTRIES = (1 << 3) | 2;
const TAG_CHUNK_SEQ = (2 << 3) | 0;
const TAG_CHUNK_SNAPSHOT_DONE = (3 << 3) | 0;
/** IngestMessage.start: the first message of a stream, decoded by the loader's codec. */
const FIELD_INGEST_START = 15;
// ... and of Entry.
const TAG_KEY = (1 << 3) | 2;
const TAG_VALUE = (2 << 3) | 2;
const TAG_VERSION = (3 << 3) | 0;
const TAG_DELETED = (4 << 3) | 0;
const TAG_SEQ = (5 << 3) | 0;
const TAG_REQUEST_ID = (6 << 3) | 2;

const EMPTY: Buffer = Buffer.alloc(0);

// ---- encoding (the source) ----

/** Bytes of a varint holding a non-negative safe integer (lengths). */
function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** Values up to 2^53 - 1 take the fast Number path (every version and seq in practice). */
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function u64Size(v: bigint): number {
  if (v <= SAFE) return varintSize(Number(v));
  let size = 1;
  for (; v >= 0x80n; v >>= 7n) size++;
  return size;
}

function writeVarint(b: Buffer, p: number, n: number): number {
  while (n >= 0x80) {
    b[p++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  b[p++] = n;
  return p;
}

function writeU64(b: Buffer, p: number, v: bigint): number {
  if (v <= SAFE) return writeVarint(b, p, Number(v));
  for (; v >= 0x80n; v >>= 7n) b[p++] = Number(v & 0x7fn) | 0x80;
  b[p++] = Number(v);
  return p;
}

/** Scratch per-entry sizes of the encoder (grown on demand; the encoder is synchronous). */
let bodySizes = new Int32Array(1024);
let ridSizes = new Int32Array(1024);

/**
 * One ExportChunk's bytes (also an IngestMessage without start: fields 1-3 are shared). Proto3
 * defaults (empty bytes, 0, false, "") are left out, as the loader's encoder does.
 */
export function encodeChunk(entries: readonly DataEntry[], seq: bigint, snapshotDone: boolean): Buffer {
  if (bodySizes.length < entries.length) {
    bodySizes = new Int32Array(entries.length * 2);
    ridSizes = new Int32Array(entries.length * 2);
  }
  let total = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    let n = 0;
    if (e.key.length > 0) n += 1 + varintSize(e.key.length) + e.key.length;
    if (e.value.length > 0) n += 1 + varintSize(e.value.length) + e.value.length;
    if (e.version !== 0n) n += 1 + u64Size(e.version);
    if (e.deleted) n += 2;
    if (e.seq !== 0n) n += 1 + u64Size(e.seq);
    const rid = e.requestId ? Buffer.byteLength(e.requestId, 'utf8') : 0;
    if (rid > 0) n += 1 + varintSize(rid) + rid;
    bodySizes[i] = n;
    ridSizes[i] = rid;
    total += 1 + varintSize(n) + n;
  }
  if (seq !== 0n) total += 1 + u64Size(seq);
  if (snapshotDone) total += 2;
  const b = Buffer.allocUnsafe(total);
  let p = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    b[p++] = TAG_CHUNK_ENTRIES;
    p = writeVarint(b, p, bodySizes[i]!);
    if (e.key.length > 0) {
      b[p++] = TAG_KEY;
      p = writeVarint(b, p, e.key.length);
      p += e.key.copy(b, p);
    }
    if (e.value.length > 0) {
      b[p++] = TAG_VALUE;
      p = writeVarint(b, p, e.value.length);
      p += e.value.copy(b, p);
    }
    if (e.version !== 0n) {
      b[p++] = TAG_VERSION;
      p = writeU64(b, p, e.version);
    }
    if (e.deleted) {
      b[p++] = TAG_DELETED;
      b[p++] = 1;
    }
    if (e.seq !== 0n) {
      b[p++] = TAG_SEQ;
      p = writeU64(b, p, e.seq);
    }
    const rid = ridSizes[i]!;
    if (rid > 0) {
      b[p++] = TAG_REQUEST_ID;
      p = writeVarint(b, p, rid);
      p += b.write(e.requestId!, p, rid, 'utf8');
    }
  }
  if (seq !== 0n) {
    b[p++] = TAG_CHUNK_SEQ;
    p = writeU64(b, p, seq);
  }
  if (snapshotDone) {
    b[p++] = TAG_CHUNK_SNAPSHOT_DONE;
    b[p++] = 1;
  }
  if (p !== total) throw new Error(`chunk encoder wrote ${p} bytes, sized ${total}`);
  return b;
}

// ---- decoding (the target) ----

const u64Value = (): bigint => (wire.hi === 0 ? BigInt(wire.lo) : (BigInt(wire.hi) << 32n) | BigInt(wire.lo));

/** A length-delimited field's end (wire.pos is then its start), or -1 if its length runs past `end`. */
function lengthEnd(b: Uint8Array, p: number, end: number): number {
  return skip(b, p, end, 2);
}

/** The raw bytes of one IngestMessage without start: decoded and validated by decodeChunk. */
export class ChunkBytes {
  constructor(readonly bytes: Buffer) {}
}

/**
 * Whether an IngestMessage carries start (field 15) at its top level: such a message (the first
 * of a stream) goes through the loader's codec, every other one is left to decodeChunk. Broken
 * framing answers false: decodeChunk then names the problem.
 */
export function hasIngestStart(b: Uint8Array): boolean {
  let p = 0;
  while (p < b.length) {
    if (!varint(b, p, b.length)) return false;
    const tag = wire.lo;
    p = skip(b, wire.pos, b.length, tag & 7);
    if (p < 0) return false;
    if (tag >>> 3 === FIELD_INGEST_START) return true;
  }
  return false;
}

export interface DecodedChunk {
  entries: DataEntry[];
  seq: bigint;
  snapshotDone: boolean;
}

const bad = (what: string): InvalidArgumentError => new InvalidArgumentError(what);

/**
 * Decodes and validates one chunk. Keys and values are views of `b` (which the caller keeps
 * unchanged while the entries live). `first` numbers the entries across the stream: a problem is
 * INVALID_ARGUMENT naming `entries[i]`, and nothing of the chunk is returned.
 */
export function decodeChunk(b: Buffer, first = 0): DecodedChunk {
  const entries: DataEntry[] = [];
  let seq = 0n;
  let snapshotDone = false;
  const end = b.length;
  let p = 0;
  while (p < end) {
    if (!varint(b, p, end)) throw bad(`chunk: truncated field tag at byte ${p}`);
    const tag = wire.lo;
    p = wire.pos;
    if (tag === TAG_CHUNK_ENTRIES) {
      const e = lengthEnd(b, p, end);
      if (e < 0) throw bad(`entries[${first + entries.length}]: its length runs past the end of the message`);
      entries.push(decodeEntry(b, wire.pos, e, first + entries.length));
      p = e;
    } else if (tag === TAG_CHUNK_SEQ) {
      if (!varint(b, p, end)) throw bad('seq: truncated varint');
      seq = u64Value();
      p = wire.pos;
    } else if (tag === TAG_CHUNK_SNAPSHOT_DONE) {
      if (!varint(b, p, end)) throw bad('snapshot_done: truncated varint');
      snapshotDone = wire.lo !== 0 || wire.hi !== 0;
      p = wire.pos;
    } else {
      const field = tag >>> 3;
      if (field === 0) throw bad(`chunk: invalid field number 0 at byte ${p}`);
      if (field === FIELD_INGEST_START) throw bad('start belongs in the first Ingest message only');
      if (field <= 3) throw bad(`chunk: field ${field} has wire type ${tag & 7}, not the .proto's`);
      p = skip(b, p, end, tag & 7);
      if (p < 0) throw bad(`chunk: unknown field ${field} is truncated or malformed`);
    }
  }
  return { entries, seq, snapshotDone };
}

function decodeEntry(b: Buffer, p: number, end: number, index: number): DataEntry {
  const at = `entries[${index}]`;
  let key: Buffer = EMPTY;
  let value: Buffer = EMPTY;
  let version = 0n;
  let deleted = false;
  let requestId = '';
  while (p < end) {
    if (!varint(b, p, end)) throw bad(`${at}: truncated field tag`);
    const tag = wire.lo;
    p = wire.pos;
    switch (tag) {
      case TAG_KEY:
      case TAG_VALUE:
      case TAG_REQUEST_ID: {
        const e = lengthEnd(b, p, end);
        if (e < 0) throw bad(`${at}.${tag === TAG_KEY ? 'key' : tag === TAG_VALUE ? 'value' : 'request_id'}: its length runs past the end of the entry`);
        if (tag === TAG_KEY) key = b.subarray(wire.pos, e);
        else if (tag === TAG_VALUE) value = b.subarray(wire.pos, e);
        else requestId = b.toString('utf8', wire.pos, e);
        p = e;
        break;
      }
      case TAG_VERSION:
        if (!varint(b, p, end)) throw bad(`${at}.version: truncated varint`);
        version = u64Value();
        p = wire.pos;
        break;
      case TAG_DELETED:
        if (!varint(b, p, end)) throw bad(`${at}.deleted: truncated varint`);
        deleted = wire.lo !== 0 || wire.hi !== 0;
        p = wire.pos;
        break;
      case TAG_SEQ:
        // The source's seq of a tail entry: not stored by an import.
        if (!varint(b, p, end)) throw bad(`${at}.seq: truncated varint`);
        p = wire.pos;
        break;
      default: {
        const field = tag >>> 3;
        if (field === 0) throw bad(`${at}: invalid field number 0`);
        if (field <= 6) throw bad(`${at}: field ${field} has wire type ${tag & 7}, not the .proto's`);
        p = skip(b, p, end, tag & 7);
        if (p < 0) throw bad(`${at}: unknown field ${field} is truncated or malformed`);
      }
    }
  }
  // Import's rules, in its order (validate.ts).
  return importedEntry({ key, value, version, deleted, requestId }, at);
}
