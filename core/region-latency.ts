// The inter-region latency matrix: milliseconds from a client in region A to a node in region B.
// Used by the proximity score (a move is worth the latency its accesses save) and by the
// simulator's access-latency figures. Pure: callers read the file.
//
// Text format: CSV, a header row naming the regions (first cell is a label, e.g. "from"), then one
// row per client region with its latency to each:
//   from,eu,us,ap
//   eu,2,80,160
//   us,80,2,120
//   ap,160,120,2
// or JSON {"eu": {"eu": 2, "us": 80, ...}, ...}. Every pair must be given, values >= 0.
import { csvRecords, CsvInputError } from './csv.js';

export class LatencyMatrixError extends Error {
  constructor(
    readonly source: string,
    reason: string,
  ) {
    super(`${source}: ${reason}`);
    this.name = 'LatencyMatrixError';
  }
}

export interface RegionLatency {
  readonly regions: readonly string[];
  /** Milliseconds from a client in `from` to a node in `to`; undefined for an unknown region. */
  ms(from: string, to: string): number | undefined;
  /** The largest entry. */
  readonly maxMs: number;
  /** The mean latency between different regions: the unit a remote access is weighed in. */
  readonly remoteMs: number;
}

export function regionLatency(table: Readonly<Record<string, Readonly<Record<string, number>>>>, source = 'latency matrix'): RegionLatency {
  const regions = Object.keys(table);
  if (regions.length === 0) throw new LatencyMatrixError(source, 'no regions');
  let maxMs = 0;
  for (const a of regions) {
    for (const b of regions) {
      const v = table[a]![b];
      if (v === undefined) throw new LatencyMatrixError(source, `no latency from "${a}" to "${b}": every pair of regions needs one`);
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new LatencyMatrixError(source, `latency from "${a}" to "${b}" must be a number >= 0, got ${JSON.stringify(v)}`);
      maxMs = Math.max(maxMs, v);
    }
    for (const b of Object.keys(table[a]!)) if (!(b in table)) throw new LatencyMatrixError(source, `row "${a}" names region "${b}", which has no row`);
  }
  const frozen = new Map(regions.map((a) => [a, new Map(Object.entries(table[a]!))]));
  let sum = 0;
  let pairs = 0;
  for (const a of regions) for (const b of regions) if (a !== b) {
    sum += table[a]![b]!;
    pairs++;
  }
  return { regions, maxMs, remoteMs: pairs > 0 && sum > 0 ? sum / pairs : maxMs, ms: (from, to) => frozen.get(from)?.get(to) };
}

/** Parses the matrix from CSV or JSON text. */
export function parseRegionLatency(text: string, source = 'latency matrix'): RegionLatency {
  const trimmed = text.trim();
  if (trimmed === '') throw new LatencyMatrixError(source, 'empty file: expected a CSV matrix (header "from,R1,R2,...") or a JSON object');
  if (trimmed.startsWith('{')) {
    let obj: unknown;
    try {
      obj = JSON.parse(trimmed);
    } catch (err) {
      throw new LatencyMatrixError(source, `not valid JSON: ${(err as Error).message}`);
    }
    if (typeof obj !== 'object' || obj === null || Object.values(obj).some((r) => typeof r !== 'object' || r === null)) {
      throw new LatencyMatrixError(source, 'JSON must be an object of objects: {"eu": {"eu": 2, "us": 80}, ...}');
    }
    return regionLatency(obj as Record<string, Record<string, number>>, source);
  }
  let records: { line: number; cells: string[] }[];
  try {
    records = [...csvRecords(text)].map((r) => ({ line: r.line, cells: r.cells.map((c) => c.text.trim()) })).filter((r) => r.cells.some((c) => c !== ''));
  } catch (err) {
    if (err instanceof CsvInputError) throw new LatencyMatrixError(source, err.message);
    throw err;
  }
  const header = records[0]!.cells.slice(1);
  if (header.length === 0 || header.some((h) => h === '')) throw new LatencyMatrixError(source, `line ${records[0]!.line}: header must name the regions after a first label cell ("from,R1,R2,..."), got "${records[0]!.cells.join(',')}"`);
  const table: Record<string, Record<string, number>> = {};
  for (const r of records.slice(1)) {
    const [from, ...vals] = r.cells;
    if (vals.length !== header.length) throw new LatencyMatrixError(source, `line ${r.line}: expected ${header.length + 1} cells (a region and one latency per header region), got ${r.cells.length}`);
    if (from! in table) throw new LatencyMatrixError(source, `line ${r.line}: region "${from}" has a second row`);
    const row: Record<string, number> = {};
    vals.forEach((v, i) => {
      const n = v === '' ? NaN : Number(v);
      if (!Number.isFinite(n) || n < 0) throw new LatencyMatrixError(source, `line ${r.line}: latency from "${from}" to "${header[i]}" must be a number >= 0, got "${v}"`);
      row[header[i]!] = n;
    });
    table[from!] = row;
  }
  for (const h of header) if (!(h in table)) throw new LatencyMatrixError(source, `region "${h}" is in the header but has no row`);
  return regionLatency(table, source);
}

/**
 * How remote a microshard's accesses are when it is served from `nodeRegion`, in ops per interval:
 * without a matrix, the ops from other regions; with one, every region's ops weighted by its
 * latency to the node in units of the mean inter-region latency (so a typical remote access
 * weighs about what it weighs without a matrix, a near one less, a far one more; a region the
 * matrix lacks counts as the farthest). 0 when the node has no region or the microshard no
 * regions (nothing to be near to).
 */
export function remoteWeight(regions: Readonly<Record<string, number>> | undefined, total: number, nodeRegion: string | undefined, latency?: RegionLatency): number {
  if (!regions || total <= 0 || nodeRegion === undefined) return 0;
  if (!latency || latency.remoteMs <= 0) return total - (regions[nodeRegion] ?? 0);
  let w = 0;
  for (const r in regions) w += regions[r]! * ((latency.ms(r, nodeRegion) ?? latency.maxMs) / latency.remoteMs);
  return w;
}
