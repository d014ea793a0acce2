// Trace CSV (fields as core/csv.ts reads them): the header names the columns, `t,key,ops` then
// optionally `group` and/or `region` (in that order). Several rows may share (t, key) with
// different regions (or groups). Keys are placed with the configured key schema (core/keyspace.ts). Streamed in chunks (no whole-file read) into compact typed arrays. Rows of one interval are kept sorted by key
// position, so the load of any hash range in any interval is a binary search plus a short sum.
import { createReadStream, statSync } from 'node:fs';
import { DEFAULT_KEY_SCHEMA, keyPosition, type KeySchema } from '../core/keyspace.js';
import { csvFields, CsvInputError } from '../core/csv.js';

export class TraceError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    message: string,
  ) {
    super(`${source} line ${line}: ${message}`);
    this.name = 'TraceError';
  }
}

export interface Trace {
  rowCount: number;
  /** Intervals 0..intervals-1 (the last t + 1). */
  intervals: number;
  /** Rows of interval t are [rowStart[t], rowStart[t + 1]), sorted by key rank. */
  rowStart: Int32Array;
  /** Per row: key rank (keys numbered in keyspace order). */
  keyOf: Int32Array;
  ops: Float64Array;
  /** Per row: group id or -1. */
  groupOf: Int32Array;
  /** Per key rank. */
  keyNames: string[];
  keyPositions: BigUint64Array;
  /** First interval in which each key appears. */
  keyFirstSeen: Int32Array;
  groupNames: string[];
  /** Per row: client region id or -1 (no region column, or an empty cell). */
  regionOf: Int32Array;
  regionNames: string[];
  /** The key schema the positions were computed with. */
  keySchema: KeySchema;
  /** Rows with a group, ordered by (t, group): groupRowStart[t]..groupRowStart[t + 1]. */
  groupRows: Int32Array;
  groupRowStart: Int32Array;
}

class IntList {
  a = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

class NumList {
  a = new Float64Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

const INT = /^\d+$/;

/** The headers a trace may have: field count and the columns of group and region. */
const HEADERS: Readonly<Record<string, { fields: number; group?: number; region?: number }>> = Object.freeze({
  't,key,ops': { fields: 3 },
  't,key,ops,group': { fields: 4, group: 3 },
  't,key,ops,region': { fields: 4, region: 3 },
  't,key,ops,group,region': { fields: 5, group: 3, region: 4 },
});
const HEADER_NAMES = new Map(Object.entries(HEADERS).map(([name, h]) => [h, name]));

/** Incremental parser: feed lines, then finish(). */
export class TraceParser {
  private lineNo = 0;
  /** Column of group / region (undefined: not in the header); undefined header: not read yet. */
  private header: { fields: number; group?: number; region?: number } | undefined;
  private lastT = -1;
  private keyIndex = new Map<string, number>();
  private keyNames: string[] = [];
  private keyFirst = new IntList();
  private groupIndex = new Map<string, number>();
  private groupNames: string[] = [];
  private tList = new IntList();
  private keyList = new IntList();
  private groupList = new IntList();
  private opsList = new NumList();
  private regionIndex = new Map<string, number>();
  private regionNames: string[] = [];
  private regionList = new IntList();

  constructor(
    readonly source: string,
    readonly keySchema: KeySchema = DEFAULT_KEY_SCHEMA,
  ) {}

  private fail(message: string): never {
    throw new TraceError(this.source, this.lineNo, message);
  }

  line(raw: string): void {
    this.lineNo++;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.header === undefined) {
      if (this.lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      const h = line.trim().replace(/\s*,\s*/g, ',');
      const header = HEADERS[h];
      if (!header) this.fail(`missing header: expected "t,key,ops" then optionally "group" and/or "region" (${Object.keys(HEADERS).map((x) => `"${x}"`).join(', ')}), got "${line.slice(0, 60)}"`);
      this.header = header;
      return;
    }
    if (line.trim() === '') return;
    let f: string[];
    try {
      f = csvFields(line);
    } catch (err) {
      if (err instanceof CsvInputError) this.fail(err.reason);
      throw err;
    }
    const hd = this.header;
    if (f.length < 3 || f.length > hd.fields) this.fail(`expected ${hd.fields === 3 ? '3' : `3 to ${hd.fields}`} fields (${HEADER_NAMES.get(hd)}), got ${f.length}`);
    const ts = f[0]!.trim();
    if (!INT.test(ts)) this.fail(`t must be a non-negative integer, got "${ts}"`);
    const t = Number(ts);
    if (!Number.isSafeInteger(t)) this.fail(`t too large: "${ts}"`);
    if (t < this.lastT) this.fail(`t not ascending: ${t} after ${this.lastT}`);
    this.lastT = t;
    const key = f[1]!;
    if (key === '') this.fail('empty key');
    const os = f[2]!.trim();
    const ops = os === '' ? NaN : Number(os);
    if (!Number.isFinite(ops)) this.fail(`ops must be a number, got "${os}"`);
    if (ops < 0) this.fail(`ops must be >= 0, got ${os}`);
    let k = this.keyIndex.get(key);
    if (k === undefined) {
      k = this.keyNames.length;
      this.keyIndex.set(key, k);
      this.keyNames.push(key);
      this.keyFirst.push(t);
    }
    let g = -1;
    const gs = hd.group !== undefined ? f[hd.group] : undefined;
    if (gs !== undefined && gs !== '') {
      g = this.groupIndex.get(gs) ?? -1;
      if (g < 0) {
        g = this.groupNames.length;
        this.groupIndex.set(gs, g);
        this.groupNames.push(gs);
      }
    }
    let r = -1;
    const rs = hd.region !== undefined ? f[hd.region]?.trim() : undefined;
    if (rs !== undefined && rs !== '') {
      r = this.regionIndex.get(rs) ?? -1;
      if (r < 0) {
        r = this.regionNames.length;
        this.regionIndex.set(rs, r);
        this.regionNames.push(rs);
      }
    }
    this.regionList.push(r);
    this.tList.push(t);
    this.keyList.push(k);
    this.opsList.push(ops);
    this.groupList.push(g);
  }

  finish(): Trace {
    if (this.header === undefined) throw new TraceError(this.source, 1, 'missing header: the file is empty');
    const n = this.tList.n;
    if (n === 0) throw new TraceError(this.source, this.lineNo, 'no rows after the header');
    // Keys in keyspace order: rank = position order (ties by name, for determinism).
    const names = this.keyNames;
    const pos = names.map((k) => keyPosition(k, this.keySchema));
    const order = names.map((_, i) => i).sort((a, b) => (pos[a]! < pos[b]! ? -1 : pos[a]! > pos[b]! ? 1 : names[a]! < names[b]! ? -1 : 1));
    const rankOf = new Int32Array(names.length);
    order.forEach((k, r) => (rankOf[k] = r));
    const keyPositions = new BigUint64Array(names.length);
    const keyNames: string[] = new Array(names.length);
    const keyFirstSeen = new Int32Array(names.length);
    const first = this.keyFirst.done();
    order.forEach((k, r) => {
      keyPositions[r] = pos[k]!;
      keyNames[r] = names[k]!;
      keyFirstSeen[r] = first[k]!;
    });
    const ts = this.tList.done();
    const intervals = ts[n - 1]! + 1;
    const rowStart = new Int32Array(intervals + 1);
    for (let i = 0; i < n; i++) rowStart[ts[i]! + 1]!++;
    for (let t = 0; t < intervals; t++) rowStart[t + 1]! += rowStart[t]!;
    const keys = this.keyList.done();
    const opsIn = this.opsList.done();
    const groupsIn = this.groupList.done();
    const regionsIn = this.regionList.done();
    const regionOf = new Int32Array(n);
    const keyOf = new Int32Array(n);
    const ops = new Float64Array(n);
    const groupOf = new Int32Array(n);
    const idx: number[] = [];
    for (let t = 0; t < intervals; t++) {
      const a = rowStart[t]!;
      const b = rowStart[t + 1]!;
      idx.length = 0;
      for (let i = a; i < b; i++) idx.push(i);
      idx.sort((x, y) => rankOf[keys[x]!]! - rankOf[keys[y]!]!);
      for (let j = 0; j < idx.length; j++) {
        const i = idx[j]!;
        keyOf[a + j] = rankOf[keys[i]!]!;
        ops[a + j] = opsIn[i]!;
        groupOf[a + j] = groupsIn[i]!;
        regionOf[a + j] = regionsIn[i]!;
      }
    }
    const groupRowList: number[] = [];
    const groupRowStart = new Int32Array(intervals + 1);
    for (let t = 0; t < intervals; t++) {
      const start = groupRowList.length;
      for (let i = rowStart[t]!; i < rowStart[t + 1]!; i++) if (groupOf[i]! >= 0) groupRowList.push(i);
      const slice = groupRowList.slice(start).sort((x, y) => groupOf[x]! - groupOf[y]! || x - y);
      for (let j = 0; j < slice.length; j++) groupRowList[start + j] = slice[j]!;
      groupRowStart[t + 1] = groupRowList.length;
    }
    return {
      rowCount: n,
      intervals,
      rowStart,
      keyOf,
      ops,
      groupOf,
      keyNames,
      keyPositions,
      keyFirstSeen,
      groupNames: this.groupNames,
      regionOf,
      regionNames: this.regionNames,
      keySchema: this.keySchema,
      groupRows: Int32Array.from(groupRowList),
      groupRowStart,
    };
  }
}

export function parseTraceText(text: string, source = 'trace', keySchema: KeySchema = DEFAULT_KEY_SCHEMA): Trace {
  const p = new TraceParser(source, keySchema);
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (const l of lines) p.line(l);
  return p.finish();
}

/** Streams a trace file; onProgress(bytesRead, totalBytes). */
export async function readTrace(path: string, onProgress?: (done: number, total: number) => void, keySchema: KeySchema = DEFAULT_KEY_SCHEMA): Promise<Trace> {
  let total: number;
  try {
    total = statSync(path).size;
  } catch (err) {
    throw new Error(`cannot read trace ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const parser = new TraceParser(path, keySchema);
  let rest = '';
  let done = 0;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    done += Buffer.byteLength(chunk);
    const text = rest + chunk;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      parser.line(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
    onProgress?.(done, total);
  }
  if (rest !== '') parser.line(rest);
  return parser.finish();
}

/** Sum of ops in interval t over key ranks [lo, hi). */
export function rangeLoad(trace: Trace, t: number, lo: number, hi: number): number {
  if (t < 0 || t >= trace.intervals || hi <= lo) return 0;
  let a = trace.rowStart[t]!;
  let b = trace.rowStart[t + 1]!;
  const end = b;
  while (a < b) {
    const m = (a + b) >> 1;
    if (trace.keyOf[m]! < lo) a = m + 1;
    else b = m;
  }
  let s = 0;
  for (let i = a; i < end && trace.keyOf[i]! < hi; i++) s += trace.ops[i]!;
  return s;
}

/** First key rank whose position is >= pos. */
export function keyRankAtOrAfter(trace: Trace, pos: bigint): number {
  let a = 0;
  let b = trace.keyPositions.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (trace.keyPositions[m]! < pos) a = m + 1;
    else b = m;
  }
  return a;
}
