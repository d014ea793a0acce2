// Reading the few top-level fields a sidecar needs from an ExportChunk / TransferMessage without
// decoding its entries (pure). The sidecars forward chunk bytes unchanged from the source's
// storage node to the target's (ExportChunk, TransferMessage and ImportChunk share field 1 =
// repeated Entry), so a migration never re-encodes its data; they only need the chunk's seq,
// whether it ends the snapshot, and how big it is.
//
// Protobuf wire format: each field is a varint key (field number << 3 | wire type) followed by a
// varint (type 0), 8 bytes (1), a varint length and that many bytes (2) or 4 bytes (5).

export interface ChunkInfo {
  /** Field 2 (seq). */
  seq: bigint;
  /** Field 3 (snapshot_done). */
  snapshotDone: boolean;
  /** Occurrences of field 1 (entries). */
  entries: number;
  /** Bytes of the encoded entries. */
  entryBytes: number;
  /** Field 15 (TransferMessage.start) is present. */
  hasStart: boolean;
}

export class WireError extends Error {}

/** Reads a varint at `pos`; returns its value and the position after it. */
function varint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new WireError('truncated varint');
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result & 0xffffffffffffffffn, pos];
    shift += 7n;
  }
  throw new WireError('varint longer than 10 bytes');
}

/** Small varints (lengths, keys) as numbers. */
function smallVarint(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let mul = 1;
  for (let i = 0; i < 5; i++) {
    if (pos >= buf.length) throw new WireError('truncated varint');
    const b = buf[pos++]!;
    result += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) return [result, pos];
    mul *= 128;
  }
  // Longer than 5 bytes: fall back to the bigint reader (values beyond 2^35 are not lengths we accept).
  const [v, p] = varint(buf, pos - 5);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new WireError('length out of range');
  return [Number(v), p];
}

/** The top-level fields of an encoded ExportChunk / TransferMessage. Throws WireError when malformed. */
export function scanChunk(buf: Uint8Array): ChunkInfo {
  const info: ChunkInfo = { seq: 0n, snapshotDone: false, entries: 0, entryBytes: 0, hasStart: false };
  let pos = 0;
  while (pos < buf.length) {
    let key: number;
    [key, pos] = smallVarint(buf, pos);
    const field = Math.floor(key / 8);
    const type = key & 7;
    if (field === 0) throw new WireError('field number 0');
    switch (type) {
      case 0: {
        let v: bigint;
        [v, pos] = varint(buf, pos);
        if (field === 2) info.seq = v;
        else if (field === 3) info.snapshotDone = v !== 0n;
        break;
      }
      case 1:
        pos += 8;
        break;
      case 2: {
        let len: number;
        [len, pos] = smallVarint(buf, pos);
        if (pos + len > buf.length) throw new WireError(`field ${field}: length ${len} runs past the end`);
        if (field === 1) {
          info.entries++;
          info.entryBytes += len;
        } else if (field === 15) info.hasStart = true;
        pos += len;
        break;
      }
      case 5:
        pos += 4;
        break;
      default:
        throw new WireError(`unsupported wire type ${type} (field ${field})`);
    }
    if (pos > buf.length) throw new WireError('truncated field');
  }
  return info;
}
