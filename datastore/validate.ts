// Validation of DataPlane requests: every problem becomes INVALID_ARGUMENT naming the field.
import { parsePosition, positionToHex } from '../core/keyspace.js';
import type { Range } from '../core/ranges.js';
import { InvalidArgumentError } from '../platform/errors.js';
import { HOST_PORT } from '../platform/config.js';
import type { CurrentOwner } from './ownership.js';
import type { DataEntry } from './engine.js';
import { DEFAULT_MAX_KEY_BYTES, DEFAULT_MAX_REQUEST_ID_BYTES, DEFAULT_MAX_VALUE_BYTES, MAX_EPOCH, MAX_VERSION } from './limits.js';

const DECIMAL_U64 = /^\d{1,20}$/;
const U64_MAX = (1n << 64n) - 1n;

function asBuffer(v: unknown, field: string): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (v === undefined || v === null) return Buffer.alloc(0);
  throw new InvalidArgumentError(`${field} must be bytes`);
}

export function validKey(v: unknown, field = 'key'): Buffer {
  const b = asBuffer(v, field);
  if (b.length === 0) throw new InvalidArgumentError(`${field} must not be empty`);
  if (b.length > DEFAULT_MAX_KEY_BYTES) throw new InvalidArgumentError(`${field} is ${b.length} bytes; the limit is ${DEFAULT_MAX_KEY_BYTES}`);
  return b;
}

export function validValue(v: unknown, field = 'value'): Buffer {
  const b = asBuffer(v, field);
  if (b.length > DEFAULT_MAX_VALUE_BYTES) throw new InvalidArgumentError(`${field} is ${b.length} bytes; the limit is ${DEFAULT_MAX_VALUE_BYTES}`);
  return b;
}

/** A uint64 that reached us as a decimal string (proto-loader longs: String). */
export function validU64(v: unknown, field: string): bigint {
  const s = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  if (typeof s !== 'string' || !DECIMAL_U64.test(s)) throw new InvalidArgumentError(`${field} must be a decimal unsigned 64-bit integer, got "${String(v)}"`);
  const n = BigInt(s);
  if (n > U64_MAX) throw new InvalidArgumentError(`${field} is larger than 2^64-1: "${s}"`);
  return n;
}

/** An epoch a request routes or fences with: below the type's maximum (MAX_EPOCH). */
export function validEpoch(v: unknown, field = 'epoch'): bigint {
  const n = validU64(v, field);
  if (n > MAX_EPOCH) throw new InvalidArgumentError(`${field} ${n} is out of range: epochs go up to ${MAX_EPOCH} (one below the type's maximum, so a newer epoch can always follow)`);
  return n;
}

/** The version of an imported entry: 1 up to one below MAX_VERSION (a write must be able to follow it). */
function versionInRange(n: bigint, field = 'version'): bigint {
  if (n === 0n) throw new InvalidArgumentError(`${field} must be at least 1`);
  if (n >= MAX_VERSION) throw new InvalidArgumentError(`${field} ${n} is out of range: an imported version goes up to ${MAX_VERSION - 1n}, so a write can still follow it`);
  return n;
}

/** The decimal string form of a microshard id. */
export function validMicroshardId(v: unknown, field = 'microshard_id'): string {
  return validU64(v, field).toString();
}

export function validRequestId(v: unknown, field = 'request_id'): string {
  const s = v === undefined || v === null ? '' : v;
  if (typeof s !== 'string') throw new InvalidArgumentError(`${field} must be a string`);
  if (Buffer.byteLength(s, 'utf8') > DEFAULT_MAX_REQUEST_ID_BYTES) throw new InvalidArgumentError(`${field} is longer than ${DEFAULT_MAX_REQUEST_ID_BYTES} bytes`);
  return s;
}

/** start/end as 16 hex digits (end may be "10000000000000000"), start < end. */
export function validRange(start: unknown, end: unknown): Range {
  let s: bigint;
  let e: bigint;
  try {
    s = parsePosition(String(start ?? ''));
  } catch (err) {
    throw new InvalidArgumentError(`start: ${(err as Error).message}`);
  }
  try {
    e = parsePosition(String(end ?? ''), true);
  } catch (err) {
    throw new InvalidArgumentError(`end: ${(err as Error).message}`);
  }
  if (s >= e) throw new InvalidArgumentError(`start ${positionToHex(s)} must be below end ${positionToHex(e)}`);
  return { start: s, end: e };
}

/** lease_valid_for_ms: int64 >= 0 that fits a JavaScript number of milliseconds. */
export function validLeaseMs(v: unknown): number {
  const s = String(v ?? '0');
  if (!/^\d{1,16}$/.test(s) || !Number.isSafeInteger(Number(s))) throw new InvalidArgumentError(`lease_valid_for_ms must be a non-negative integer of milliseconds, got "${s}"`);
  return Number(s);
}

export function validNodeId(v: unknown): string {
  if (typeof v !== 'string' || v === '') throw new InvalidArgumentError('node_id must name the storage node the assignments are for');
  return v;
}

/**
 * A Fence's next owner (next_owner, next_owner_address, next_epoch): all three or none, only
 * with fenced, another node than this one, an address host:port, an epoch above the fenced one.
 */
export function validNextOwner(req: { nextOwner?: unknown; nextOwnerAddress?: unknown; nextEpoch?: unknown }, epoch: bigint, fenced: boolean, self: string): CurrentOwner | undefined {
  const owner = req.nextOwner === undefined || req.nextOwner === null ? '' : req.nextOwner;
  const address = req.nextOwnerAddress === undefined || req.nextOwnerAddress === null ? '' : req.nextOwnerAddress;
  const nextEpoch = validU64(req.nextEpoch ?? '0', 'next_epoch');
  if (owner === '' && address === '' && nextEpoch === 0n) return undefined;
  if (!fenced) throw new InvalidArgumentError('next_owner, next_owner_address and next_epoch go with fenced: a lift names no next owner');
  if (typeof owner !== 'string' || owner === '') throw new InvalidArgumentError('next_owner must name the node the cutover moves the microshard to (with next_owner_address and next_epoch)');
  if (owner === self) throw new InvalidArgumentError(`next_owner ${owner} is this node: a cutover moves the microshard to another node`);
  if (typeof address !== 'string' || !HOST_PORT.test(address)) throw new InvalidArgumentError(`next_owner_address must be host:port of the next owner's storage node, got "${String(address)}"`);
  if (nextEpoch <= epoch) throw new InvalidArgumentError(`next_epoch ${nextEpoch} must be above the fenced epoch ${epoch}`);
  if (nextEpoch > MAX_EPOCH) throw new InvalidArgumentError(`next_epoch ${nextEpoch} is out of range: epochs go up to ${MAX_EPOCH}`);
  return { nodeId: owner, address, epoch: nextEpoch.toString() };
}

/** Imported entries (Import, Ingest), validated all or none; `first` numbers them across chunks. */
export function importedEntries(raw: ReadonlyArray<{ key?: unknown; value?: unknown; version?: unknown; deleted?: boolean; requestId?: string }> | undefined, first = 0): DataEntry[] {
  return (raw ?? []).map((e, i) => {
    const at = `entries[${first + i}]`;
    return importedEntry({ ...e, version: validU64(e.version, `${at}.version`) }, at);
  });
}

/**
 * One imported entry whose version is already a uint64 (Import's loader objects above, a copy's
 * hand-decoded chunks in chunk-wire.ts): checked in one order, version, request id, key, value;
 * `at` names it in the error.
 */
export function importedEntry(e: { key?: unknown; value?: unknown; version: bigint; deleted?: boolean; requestId?: string }, at: string): DataEntry {
  const version = versionInRange(e.version, `${at}.version`);
  const requestId = validRequestId(e.requestId ?? '', `${at}.request_id`);
  const key = validKey(e.key, `${at}.key`);
  return { key, value: e.deleted ? Buffer.alloc(0) : validValue(e.value, `${at}.value`), version, deleted: Boolean(e.deleted), seq: 0n, requestId };
}

/** A migration id (decimal) of a copy call; `field` names it in the error. */
export function validMigrationId(v: unknown, field = 'migration_id'): string {
  const s = String(v ?? '');
  if (!/^\d{1,20}$/.test(s)) throw new InvalidArgumentError(`${field} must be a decimal id, got "${s.slice(0, 40)}"`);
  return s;
}
