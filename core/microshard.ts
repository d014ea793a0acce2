// A microshard as the control plane holds it, and its wire/etcd form (the proto Microshard:
// positions as 16 hex digits, 64-bit integers as decimal strings).
import { parsePosition, positionToHex } from './keyspace.js';
import type { Range } from './ranges.js';

export const MICROSHARD_STATES = ['ACTIVE', 'ORPHANED', 'FENCED'] as const;
export type MicroshardState = (typeof MICROSHARD_STATES)[number];

export interface Microshard extends Range {
  /** Decimal, cluster-unique, never reused. */
  id: string;
  /** Node id; "" when not yet assigned. */
  owner: string;
  /** Fencing token: only increases. */
  epoch: bigint;
  state: MicroshardState;
  createdAtMs: number;
  previousOwner: string;
}

/** The proto/etcd shape (matches shardcast.v1.Microshard with longs and enums as strings). */
export interface MicroshardWire {
  id: string;
  start: string;
  end: string;
  owner: string;
  epoch: string;
  state: MicroshardState;
  createdAtMs: string;
  previousOwner: string;
}

export function toWire(m: Microshard): MicroshardWire {
  return {
    id: m.id,
    start: positionToHex(m.start),
    end: positionToHex(m.end),
    owner: m.owner,
    epoch: m.epoch.toString(),
    state: m.state,
    createdAtMs: String(m.createdAtMs),
    previousOwner: m.previousOwner,
  };
}

const DECIMAL = /^\d{1,20}$/;

/** Parses and validates the wire form; throws a RangeError naming the bad field. */
export function fromWire(w: { [K in keyof MicroshardWire]?: unknown }): Microshard {
  const id = String(w.id ?? '');
  if (!DECIMAL.test(id)) throw new RangeError(`microshard id must be a decimal integer, got "${id}"`);
  const state = (w.state ?? '') as MicroshardState;
  if (!MICROSHARD_STATES.includes(state)) throw new RangeError(`microshard ${id}: unknown state "${String(w.state)}"`);
  const epoch = String(w.epoch ?? '0');
  if (!DECIMAL.test(epoch)) throw new RangeError(`microshard ${id}: epoch must be a decimal integer, got "${epoch}"`);
  const start = parsePosition(String(w.start ?? ''));
  const end = parsePosition(String(w.end ?? ''), true);
  if (end <= start) throw new RangeError(`microshard ${id}: empty range`);
  return {
    id,
    start,
    end,
    owner: String(w.owner ?? ''),
    epoch: BigInt(epoch),
    state,
    createdAtMs: Number(w.createdAtMs ?? 0),
    previousOwner: String(w.previousOwner ?? ''),
  };
}

/** Serving writes right now: assigned, active. */
export function isServing(m: Microshard): boolean {
  return m.owner !== '' && m.state === 'ACTIVE';
}
