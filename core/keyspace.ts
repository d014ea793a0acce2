// The 64-bit hashed keyspace. This file is the ONE place that maps a key to its position:
// a later change (tenant hashed, then time kept in order, composed into the 64 bits) touches
// only keyPosition().
import xxhash from 'xxhash-wasm';

/** Number of positions in the keyspace (2^64); the exclusive end of the last microshard. */
export const KEYSPACE_END = 1n << 64n;
export const KEYSPACE_MAX = KEYSPACE_END - 1n;
/** Seed of xxHash64 for keys: part of the wire contract (clients hash the same way). */
export const KEY_HASH_SEED = 0n;

const hasher = await xxhash();
const utf8 = new TextEncoder();

/** xxHash64 (seed 0) of raw bytes. */
export function hash64(bytes: Uint8Array, seed: bigint = KEY_HASH_SEED): bigint {
  return hasher.h64Raw(bytes, seed);
}

/** Position of a key in the keyspace: xxHash64, seed 0, of its UTF-8 bytes. */
export function keyPosition(key: string | Uint8Array): bigint {
  return hash64(typeof key === 'string' ? utf8.encode(key) : key);
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
