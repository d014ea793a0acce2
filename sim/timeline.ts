// Timeline files: one JSON line per interval in which the layout changed (and one for t = 0),
// listing the full layout in force from that interval on.
import { parsePosition } from '../core/keyspace.js';
import type { TimelineEntry } from './simulator.js';

export function formatTimeline(entries: readonly TimelineEntry[]): string {
  return entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length > 0 ? '\n' : '');
}

export interface LayoutRange {
  start: bigint;
  end: bigint;
  node: string;
}

export interface ParsedTimelineEntry {
  t: number;
  ranges: LayoutRange[];
}

/** Parses a timeline file; throws naming the line on anything malformed. */
export function parseTimeline(text: string): ParsedTimelineEntry[] {
  const out: ParsedTimelineEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`timeline line ${i + 1}: not JSON`);
    }
    const e = v as TimelineEntry;
    if (!Number.isInteger(e.t) || !Array.isArray(e.microshards)) throw new Error(`timeline line ${i + 1}: needs t and microshards`);
    out.push({ t: e.t, ranges: e.microshards.map((m) => ({ start: parsePosition(m.start), end: parsePosition(m.end, true), node: m.node })) });
  });
  return out;
}
