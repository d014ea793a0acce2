// A lean reader of the AccessBatch wire format (proto/shardcast/v1/sidecar.proto) for the
// ingest hot path. The generic loader path (protobufjs decode, then toObject with 64-bit
// integers as strings, then parsing the hex hash into a BigInt) allocates a dozen objects per
// record; this reads each record's fields straight from the bytes into one reused scratch
// object and hands it to a sink, allocating nothing per record. Written by hand because it is
// the whole cost of ingest; test/telemetry/access-wire.test.ts checks it field by field against
// the loader's decoder on generated batches, unknown fields and malformed input included.
import { DEFAULT_KEY_SCHEMA, keyPosition, type KeySchema } from '../../core/keyspace.js';
import { skip, varint, wire } from '../../platform/wire-varint.js';

/** One record's fields, reused for every record of a scan (copy what you keep). */
export class AccessFields {
  /** How a record's raw key maps to its position (the cluster's schema; key_hash is already one). */
  keySchema: KeySchema = DEFAULT_KEY_SCHEMA;
  /** Key position, high and low 32 bits. */
  hi = 0;
  lo = 0;
  reads = 0;
  writes = 0;
  bytesRead = 0;
  bytesWritten = 0;
  latencyUs = 0;
  errors = 0;
  /** co_access_group, high and low 32 bits (both 0: none). */
  groupHi = 0;
  groupLo = 0;
  region = '';
}

export interface AccessSink {
  /** The batch's at_ms (0 when unset), once its framing is known good, before any record. */
  begin?(atMs: number): void;
  accept(f: AccessFields, index: number): void;
  reject(index: number, reason: string): void;
}

/** The batch's framing is broken (truncated, bad length or wire type): nothing was delivered. */
export class WireFormatError extends Error {}

const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[48 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX[65 + c] = 10 + c;
  HEX[97 + c] = 10 + c;
}

let recordOffsets = new Int32Array(2 * 8192);

/**
 * Few distinct regions exist, so each is decoded once: FNV-1a of the bytes finds the cached
 * string and a byte comparison confirms it, without allocating per record.
 */
const REGION_CACHE_LIMIT = 1024;
const regionCache = new Map<number, Array<{ raw: Uint8Array; text: string }>>();
let regionCached = 0;
function region(b: Uint8Array, s: number, e: number): string {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  const list = regionCache.get(h);
  if (list !== undefined) {
    outer: for (const c of list) {
      if (c.raw.length !== e - s) continue;
      for (let i = 0; i < c.raw.length; i++) if (c.raw[i] !== b[s + i]) continue outer;
      return c.text;
    }
  }
  const raw = b.slice(s, e);
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  if (regionCached < REGION_CACHE_LIMIT) {
    regionCached++;
    if (list) list.push({ raw, text });
    else regionCache.set(h, [{ raw, text }]);
  }
  return text;
}
const latin1 = (b: Uint8Array, s: number, e: number): string => Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');

export interface ScanResult {
  /** at_ms of the batch (0 when unset). */
  atMs: number;
  /** Records in the batch (accepted + rejected). */
  records: number;
  /** The storage node's mean event-loop delay over the batch's window, µs (0: unknown). */
  loopDelayUs: number;
}

/**
 * Reads one serialized AccessBatch: every record goes to sink.accept (with the key position
 * already computed) or sink.reject (with the reason). Throws WireFormatError, before delivering
 * anything, when the batch's own framing is broken; a record whose inner bytes are malformed is
 * rejected alone.
 */
export function scanAccessBatch(buf: Uint8Array, sink: AccessSink, f: AccessFields = new AccessFields()): ScanResult {
  // Pass 1: the batch's framing (field 1 at_ms, field 2 records), so a broken batch is refused whole.
  const end = buf.length;
  let p = 0;
  let n = 0;
  let atLo = 0;
  let atHi = 0;
  let loopDelayUs = 0;
  while (p < end) {
    if (!varint(buf, p, end)) throw new WireFormatError(`truncated tag at byte ${p}`);
    const tag = wire.lo;
    p = wire.pos;
    const field = tag >>> 3;
    const wt = tag & 7;
    if (field === 2 && wt === 2) {
      if (!varint(buf, p, end) || wire.hi !== 0) throw new WireFormatError(`bad record length at byte ${p}`);
      const s = wire.pos;
      const e = s + wire.lo;
      if (e > end) throw new WireFormatError(`record ${n} runs past the end of the batch (byte ${e} > ${end})`);
      if (2 * n + 2 > recordOffsets.length) {
        const grown = new Int32Array(recordOffsets.length * 2);
        grown.set(recordOffsets);
        recordOffsets = grown;
      }
      recordOffsets[2 * n] = s;
      recordOffsets[2 * n + 1] = e;
      n++;
      p = e;
    } else if (field === 1 && wt === 0) {
      if (!varint(buf, p, end)) throw new WireFormatError(`truncated at_ms at byte ${p}`);
      atLo = wire.lo;
      atHi = wire.hi;
      p = wire.pos;
    } else if (field === 3 && wt === 0) {
      if (!varint(buf, p, end)) throw new WireFormatError(`truncated loop_delay_us at byte ${p}`);
      loopDelayUs = wire.hi === 0 ? wire.lo : 0; // above 2^32 µs is not a measurement
      p = wire.pos;
    } else {
      if (field === 0) throw new WireFormatError(`invalid field number 0 at byte ${p}`);
      const q = skip(buf, p, end, wt);
      if (q < 0) throw new WireFormatError(`malformed field ${field} (wire type ${wt}) at byte ${p}`);
      p = q;
    }
  }
  // int64: the high word is signed.
  const atMs = (atHi | 0) * 4294967296 + atLo;
  // The offsets live in a shared scratch array: a sink must not call scanAccessBatch itself.
  const offsets = recordOffsets;
  sink.begin?.(atMs);
  for (let r = 0; r < n; r++) parseRecord(buf, offsets[2 * r]!, offsets[2 * r + 1]!, r, f, sink);
  return { atMs, records: n, loopDelayUs };
}

function parseRecord(b: Uint8Array, p: number, end: number, index: number, f: AccessFields, sink: AccessSink): void {
  let hashS = -1;
  let hashE = -1;
  let keyS = -1;
  let keyE = -1;
  let regionS = 0;
  let regionE = 0;
  f.reads = 0;
  f.writes = 0;
  f.bytesRead = 0;
  f.bytesWritten = 0;
  f.latencyUs = 0;
  f.errors = 0;
  f.groupHi = 0;
  f.groupLo = 0;
  while (p < end) {
    if (!varint(b, p, end)) return sink.reject(index, 'malformed record (truncated tag)');
    const tag = wire.lo;
    p = wire.pos;
    const field = tag >>> 3;
    const wt = tag & 7;
    if (wt === 0 && field >= 3 && field <= 9) {
      if (!varint(b, p, end)) return sink.reject(index, `malformed record (truncated field ${field})`);
      p = wire.pos;
      switch (field) {
        case 3:
          f.reads = wire.lo;
          break;
        case 4:
          f.writes = wire.lo;
          break;
        case 5:
          f.bytesRead = wire.hi * 4294967296 + wire.lo;
          break;
        case 6:
          f.bytesWritten = wire.hi * 4294967296 + wire.lo;
          break;
        case 7:
          f.latencyUs = wire.hi * 4294967296 + wire.lo;
          break;
        case 8:
          f.errors = wire.lo;
          break;
        case 9:
          f.groupHi = wire.hi;
          f.groupLo = wire.lo;
          break;
      }
    } else if (wt === 2 && (field === 1 || field === 2 || field === 10)) {
      if (!varint(b, p, end) || wire.hi !== 0 || wire.pos + wire.lo > end) return sink.reject(index, `malformed record (bad length of field ${field})`);
      const s = wire.pos;
      const e = s + wire.lo;
      if (field === 1) {
        hashS = s;
        hashE = e;
      } else if (field === 2) {
        keyS = s;
        keyE = e;
      } else {
        regionS = s;
        regionE = e;
      }
      p = e;
    } else {
      if (field === 0) return sink.reject(index, 'malformed record (field number 0)');
      const q = skip(b, p, end, wt);
      if (q < 0) return sink.reject(index, `malformed record (field ${field}, wire type ${wt})`);
      p = q;
    }
  }
  if (keyE > keyS) {
    // The key wins over key_hash (contract); hashing is the slow path.
    const pos = keyPosition(b.subarray(keyS, keyE), f.keySchema);
    f.hi = Number(pos >> 32n);
    f.lo = Number(pos & 0xffffffffn);
  } else if (hashE > hashS) {
    const len = hashE - hashS;
    if (len < 1 || len > 16) return sink.reject(index, `key_hash "${latin1(b, hashS, Math.min(hashE, hashS + 40))}" is not 1-16 hex digits`);
    let hi = 0;
    let lo = 0;
    for (let i = hashS; i < hashE; i++) {
      const d = HEX[b[i]!]!;
      if (d < 0) return sink.reject(index, `key_hash "${latin1(b, hashS, Math.min(hashE, hashS + 40))}" is not 1-16 hex digits`);
      hi = ((hi << 4) | (lo >>> 28)) >>> 0;
      lo = ((lo << 4) | d) >>> 0;
    }
    f.hi = hi;
    f.lo = lo;
  } else {
    return sink.reject(index, 'neither key nor key_hash is set');
  }
  f.region = regionE > regionS ? region(b, regionS, regionE) : '';
  sink.accept(f, index);
}
