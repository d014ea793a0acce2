// The protobuf wire format's varint reader and field skipper, shared by the hand-written decoders
// of hot messages (sidecar/telemetry/access-wire.ts, datastore/chunk-wire.ts). They read into
// one module-level result instead of returning an object, so a decode allocates nothing per field.

/** The last varint read: low and high 32 bits, and the offset just after it. */
export const wire = { lo: 0, hi: 0, pos: 0 };

/** Reads a varint at p into wire.lo/hi (64 bits, truncated beyond), sets wire.pos; false if truncated. */
export function varint(b: Uint8Array, p: number, end: number): boolean {
  let lo = 0;
  let hi = 0;
  let byte = 0;
  let i = 0;
  // Bytes 0-3: bits 0-27 of lo.
  for (; i < 4; i++) {
    if (p >= end) return false;
    byte = b[p++]!;
    lo |= (byte & 0x7f) << (7 * i);
    if (byte < 0x80) {
      wire.lo = lo >>> 0;
      wire.hi = 0;
      wire.pos = p;
      return true;
    }
  }
  // Byte 4: bits 28-31 of lo, bits 0-2 of hi.
  if (p >= end) return false;
  byte = b[p++]!;
  lo |= (byte & 0x0f) << 28;
  hi = (byte & 0x7f) >> 4;
  if (byte < 0x80) {
    wire.lo = lo >>> 0;
    wire.hi = hi >>> 0;
    wire.pos = p;
    return true;
  }
  // Bytes 5-9: bits 3-31 of hi (bits beyond 64 are dropped, as protobuf does).
  for (i = 0; i < 5; i++) {
    if (p >= end) return false;
    byte = b[p++]!;
    hi |= (byte & 0x7f) << (7 * i + 3);
    if (byte < 0x80) {
      wire.lo = lo >>> 0;
      wire.hi = hi >>> 0;
      wire.pos = p;
      return true;
    }
  }
  return false; // more than 10 bytes
}

/** Skips a field of wire type wt starting at p (after the tag); returns the new offset or -1. */
export function skip(b: Uint8Array, p: number, end: number, wt: number): number {
  switch (wt) {
    case 0:
      return varint(b, p, end) ? wire.pos : -1;
    case 1:
      return p + 8 <= end ? p + 8 : -1;
    case 2: {
      if (!varint(b, p, end) || wire.hi !== 0) return -1;
      const e = wire.pos + wire.lo;
      return e <= end ? e : -1;
    }
    case 5:
      return p + 4 <= end ? p + 4 : -1;
    default:
      return -1; // groups (3, 4) are not used by proto3 and 6/7 do not exist
  }
}

