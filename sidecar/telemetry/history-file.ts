// The history file's format: one buffer holding a history's configuration, heads and rings,
// checked by a CRC-32. Layout (little-endian): u32 magic "SCHI", u32 version, u32 header length,
// header JSON (config, heads, ids in order), zero padding to 4 bytes, then per microshard its
// fine ring (channel-major f32), hourly ring (f32) and hourly coverage (f32), then u32 CRC-32 of
// everything before it.
import { crc32 } from 'node:zlib';
import { CHANNELS as C, HISTORY_CHANNELS, mod, newRings, type HistoryState, type Rings } from './history-rings.js';

/** Version of the layout above; a file of another version is refused (and kept aside). */
export const HISTORY_FILE_VERSION = 1;
const MAGIC = 0x49484353; // "SCHI" little-endian

/** The buffer is not a readable history file (the message says why). */
export class HistoryFileError extends Error {}

export function encodeHistory(s: HistoryState, savedAtMs: number): Buffer {
  const ids = [...s.rings.keys()];
  const header = Buffer.from(
    JSON.stringify({ intervalMs: s.intervalMs, fineCapacity: s.fineCapacity, hourlyCapacity: s.hourlyCapacity, channels: HISTORY_CHANNELS, fineHead: s.fineHead, hourHead: s.hourHead, savedAtMs, microshards: ids }),
    'utf8',
  );
  const headerEnd = align4(12 + header.length);
  const per = (C * s.fineCapacity + C * s.hourlyCapacity + s.hourlyCapacity) * 4;
  const buf = Buffer.alloc(headerEnd + ids.length * per + 4);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(HISTORY_FILE_VERSION, 4);
  buf.writeUInt32LE(header.length, 8);
  header.copy(buf, 12);
  let off = headerEnd;
  for (const id of ids) {
    const r = s.rings.get(id)!;
    for (const a of [r.fine, r.hourly, r.coverage]) {
      Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(buf, off);
      off += a.byteLength;
    }
  }
  buf.writeUInt32LE(crc32(buf.subarray(0, off)), off);
  return buf;
}

/**
 * Reads a buffer written by encodeHistory into the heads and rings of a history configured as
 * `into`. Throws HistoryFileError naming what is wrong (truncated, bad checksum, other
 * version...). A file written with another interval or fine window keeps only its hourly part,
 * resized to the configured hours (both noted in `notes`).
 */
export function decodeHistory(buf: Buffer, into: { intervalMs: number; fineCapacity: number; hourlyCapacity: number }, notes: string[] = []): Pick<HistoryState, 'fineHead' | 'hourHead' | 'rings'> {
  if (buf.length < 16) throw new HistoryFileError(`file too short (${buf.length} bytes)`);
  if (buf.readUInt32LE(0) !== MAGIC) throw new HistoryFileError('not a shardcast history file (bad magic)');
  const version = buf.readUInt32LE(4);
  if (version !== HISTORY_FILE_VERSION) throw new HistoryFileError(`history file version ${version} is not supported (expected ${HISTORY_FILE_VERSION})`);
  const crcAt = buf.length - 4;
  if (crc32(buf.subarray(0, crcAt)) !== buf.readUInt32LE(crcAt)) throw new HistoryFileError('checksum mismatch (truncated or corrupt file)');
  const hlen = buf.readUInt32LE(8);
  if (12 + hlen > crcAt) throw new HistoryFileError(`header length ${hlen} exceeds the file`);
  let h: { intervalMs: number; fineCapacity: number; hourlyCapacity: number; channels: string[]; fineHead: number; hourHead: number; microshards: string[] };
  try {
    h = JSON.parse(buf.toString('utf8', 12, 12 + hlen));
  } catch (err) {
    throw new HistoryFileError(`header is not JSON: ${(err as Error).message}`);
  }
  const okInt = (v: unknown, min: number): boolean => Number.isInteger(v) && (v as number) >= min;
  if (!okInt(h.intervalMs, 1) || !okInt(h.fineCapacity, 1) || !okInt(h.hourlyCapacity, 1) || !okInt(h.fineHead, -1) || !okInt(h.hourHead, -1) || !Array.isArray(h.microshards) || !h.microshards.every((x) => typeof x === 'string')) {
    throw new HistoryFileError('header is missing or has invalid fields');
  }
  if (JSON.stringify(h.channels) !== JSON.stringify(HISTORY_CHANNELS)) throw new HistoryFileError(`channels ${JSON.stringify(h.channels)} differ from ${JSON.stringify(HISTORY_CHANNELS)}`);
  const per = (C * h.fineCapacity + C * h.hourlyCapacity + h.hourlyCapacity) * 4;
  const start = align4(12 + hlen);
  if (start + h.microshards.length * per !== crcAt) throw new HistoryFileError(`body is ${crcAt - start} bytes, expected ${h.microshards.length * per} for ${h.microshards.length} microshards`);
  const keepFine = h.intervalMs === into.intervalMs && h.fineCapacity === into.fineCapacity;
  if (!keepFine) notes.push(`interval-resolution history dropped: file has ${h.intervalMs} ms x ${h.fineCapacity}, configured ${into.intervalMs} ms x ${into.fineCapacity}`);
  if (h.hourlyCapacity !== into.hourlyCapacity) notes.push(`hourly history resized from ${h.hourlyCapacity} to ${into.hourlyCapacity} hours`);
  const f32 = (off: number, n: number): Float32Array => new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + n * 4));
  const rings = new Map<string, Rings>();
  let off = start;
  for (const id of h.microshards) {
    const fine = f32(off, C * h.fineCapacity);
    off += C * h.fineCapacity * 4;
    const hourly = f32(off, C * h.hourlyCapacity);
    off += C * h.hourlyCapacity * 4;
    const coverage = f32(off, h.hourlyCapacity);
    off += h.hourlyCapacity * 4;
    const r = newRings(into.fineCapacity, into.hourlyCapacity);
    if (keepFine) r.fine = fine;
    // Copy the newest min(H, H') hours to the same hour indices.
    const n = Math.min(h.hourlyCapacity, into.hourlyCapacity);
    for (let k = h.hourHead - n + 1; k <= h.hourHead && h.hourHead >= 0; k++) {
      const from = mod(k, h.hourlyCapacity);
      const to = mod(k, into.hourlyCapacity);
      for (let c = 0; c < C; c++) r.hourly[c * into.hourlyCapacity + to] = hourly[c * h.hourlyCapacity + from]!;
      r.coverage[to] = coverage[from]!;
    }
    rings.set(id, r);
  }
  return { fineHead: keepFine ? h.fineHead : -1, hourHead: h.hourHead, rings };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
