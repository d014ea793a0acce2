// The 64-bit keyspace. This file is the ONE place that maps a key to its position: the router,
// the client library, the storage node's layout, split-point choice (through positions), the
// simulator and the CLI all call keyPosition(key, schema) with the cluster's configured schema.
//
// Key schemas (the cluster's, stored in etcd at init and never changed afterwards):
//   hash            position = xxHash64(key): keys spread evenly, nothing stays together.
//   prefix          the part before the first '/' (the tenant) picks the high 32 bits, a hash of the
//                   rest the low 32: one tenant is one contiguous range of 2^32 positions, so
//                   microshards follow tenants and a hot tenant splits inside itself.
//   prefix-ordered  as prefix, but the low 32 bits are the rest's first 4 bytes in byte order, so a
//                   tenant's time-ordered keys (tenant/<time>) are contiguous by time and a hot
//                   tenant splits into recent and old data. Only 4 bytes are ordered: keys whose
//                   rests share them share a position (the storage layout appends the key, so they
//                   stay distinct; a split cannot fall between them).
import xxhash from 'xxhash-wasm';

/** Number of positions in the keyspace (2^64); the exclusive end of the last microshard. */
export const KEYSPACE_END = 1n << 64n;
export const KEYSPACE_MAX = KEYSPACE_END - 1n;
/** Seed of xxHash64 for keys: part of the wire contract (clients hash the same way). */
export const KEY_HASH_SEED = 0n;

export const KEY_SCHEMAS = ['hash', 'prefix', 'prefix-ordered'] as const;
export type KeySchema = (typeof KEY_SCHEMAS)[number];
/** The schema of a cluster that configures none (and of every cluster before schemas existed). */
export const DEFAULT_KEY_SCHEMA: KeySchema = 'hash';
/** Separator between a key's prefix (tenant) and its rest. */
export const PREFIX_SEPARATOR = 0x2f; // '/'
/** Positions one prefix spans under the prefix schemas (the low 32 bits). */
export const PREFIX_SPAN = 1n << 32n;

const HIGH_MASK = 0xffffffff00000000n;

const hasher = await xxhash();
const utf8 = new TextEncoder();

export function isKeySchema(v: unknown): v is KeySchema {
  return typeof v === 'string' && (KEY_SCHEMAS as readonly string[]).includes(v);
}

/** Parses a schema name; unknown names get an error that lists the known ones. */
export function parseKeySchema(v: string, what = 'key schema'): KeySchema {
  const s = v.trim();
  if (!isKeySchema(s)) throw new RangeError(`${what}: unknown key schema "${v}" (known: ${KEY_SCHEMAS.join(', ')})`);
  return s;
}

/** xxHash64 (seed 0) of raw bytes. */
export function hash64(bytes: Uint8Array, seed: bigint = KEY_HASH_SEED): bigint {
  return hasher.h64Raw(bytes, seed);
}

const bytesOf = (key: string | Uint8Array): Uint8Array => (typeof key === 'string' ? utf8.encode(key) : key);

/** A key's prefix and rest: split at the first '/' (a key without one is all prefix). */
export function splitKey(key: string | Uint8Array): { prefix: Uint8Array; rest: Uint8Array } {
  const b = bytesOf(key);
  const i = b.indexOf(PREFIX_SEPARATOR);
  return i < 0 ? { prefix: b, rest: b.subarray(b.length) } : { prefix: b.subarray(0, i), rest: b.subarray(i + 1) };
}

/** The first 4 bytes of `rest`, zero-padded, as a big-endian 32-bit number (byte order kept). */
function ordered32(rest: Uint8Array): bigint {
  let v = 0;
  for (let i = 0; i < 4; i++) v = v * 256 + (rest[i] ?? 0);
  return BigInt(v);
}

/** Position of a key in the keyspace under a schema (default hash: xxHash64, seed 0, of its UTF-8 bytes). */
export function keyPosition(key: string | Uint8Array, schema: KeySchema = DEFAULT_KEY_SCHEMA): bigint {
  if (schema === 'hash') return hash64(bytesOf(key));
  const { prefix, rest } = splitKey(key);
  const high = hash64(prefix) & HIGH_MASK;
  return high | (schema === 'prefix' ? hash64(rest) >> 32n : ordered32(rest));
}

/** The function keyPosition(_, schema): what a router or a storage node holds once configured. */
export function positionerFor(schema: KeySchema): (key: string | Uint8Array) => bigint {
  return (key) => keyPosition(key, schema);
}

/** Positions [start, end) holding every key of one prefix (tenant); prefix schemas only. */
export function prefixRange(prefix: string | Uint8Array, schema: KeySchema): { start: bigint; end: bigint } {
  if (schema === 'hash') throw new RangeError('a prefix is not a range under the "hash" key schema (its keys are scattered); use "prefix" or "prefix-ordered"');
  const p = bytesOf(prefix);
  if (p.includes(PREFIX_SEPARATOR)) throw new RangeError(`a prefix has no "/": got "${typeof prefix === 'string' ? prefix : Buffer.from(p).toString()}"`);
  const start = hash64(p) & HIGH_MASK;
  return { start, end: start + PREFIX_SPAN };
}

/**
 * Positions [start, end) holding every key `prefix/rest` with from <= rest < to under
 * prefix-ordered (and some others: only the rests' first 4 bytes are ordered, so a scan still
 * compares the rest of each key it finds). `to` undefined: to the end of the prefix.
 */
export function prefixOrderedRange(prefix: string | Uint8Array, from: string | Uint8Array, to?: string | Uint8Array): { start: bigint; end: bigint } {
  const whole = prefixRange(prefix, 'prefix-ordered');
  const start = whole.start | ordered32(bytesOf(from));
  const end = to === undefined ? whole.end : (whole.start | ordered32(bytesOf(to))) + 1n;
  return { start, end: end < start ? start : end };
}

/** Position as 16 lowercase hex digits ("10000000000000000" for KEYSPACE_END). */
export function positionToHex(pos: bigint): string {
  if (pos < 0n || pos > KEYSPACE_END) throw new RangeError(`position out of keyspace: ${pos}`);
  return pos === KEYSPACE_END ? '10000000000000000' : pos.toString(16).padStart(16, '0');
}

const HEX_POSITION = /^[0-9a-fA-F]{1,16}$/;

/** Parses 1-16 hex digits, or "10000000000000000" (the end of the keyspace) when allowEnd. */
export function parsePosition(hex: string, allowEnd = false): bigint {
  if (allowEnd && /^0*10000000000000000$/.test(hex)) return KEYSPACE_END;
  if (!HEX_POSITION.test(hex)) {
    throw new RangeError(`not a keyspace position (1-16 hex digits${allowEnd ? ' or 10000000000000000' : ''}): "${hex}"`);
  }
  return BigInt('0x' + hex);
}

/** 8-byte big-endian encoding: sorts bytewise in keyspace order (storage layout). */
export function positionToBytes(pos: bigint): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64BE(pos);
  return b;
}

export function positionFromBytes(b: Uint8Array, offset = 0): bigint {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).readBigUInt64BE(offset);
}
