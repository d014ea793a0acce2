// Which microshards became which between two route tables: a split (one range replaced by
// several that tile it), a merge (several replaced by one), a rename (one by one) or a re-cut
// (several by several over the same span). Pure: tables in, lineage out. The sidecar uses it to
// apportion or sum its telemetry history when the coordinator splits or merges a microshard.
import type { Range } from './ranges.js';

export interface IdRange extends Range {
  id: string;
}

export type Lineage =
  | { kind: 'split'; from: IdRange[]; to: IdRange[] }
  | { kind: 'merge'; from: IdRange[]; to: IdRange[] }
  | { kind: 'rename'; from: IdRange[]; to: IdRange[] }
  | { kind: 'recut'; from: IdRange[]; to: IdRange[] };

const byStart = (a: IdRange, b: IdRange): number => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0);

/**
 * Compares two tables (each tiling the keyspace, any order). Microshards present in only one of
 * them are grouped into the smallest spans both sides cover exactly; each span is one lineage
 * entry. Ranges that kept their id are not reported (an owner change is not lineage). Ranges
 * that are gone without an exact cover on the other side (a table that does not tile) are
 * skipped rather than guessed.
 */
export function detectLineage(before: readonly IdRange[], after: readonly IdRange[]): Lineage[] {
  const afterIds = new Set(after.map((m) => m.id));
  const beforeIds = new Set(before.map((m) => m.id));
  const gone = before.filter((m) => !afterIds.has(m.id)).sort(byStart);
  const born = after.filter((m) => !beforeIds.has(m.id)).sort(byStart);
  const out: Lineage[] = [];
  let i = 0;
  let j = 0;
  while (i < gone.length && j < born.length) {
    const g = gone[i]!;
    const b = born[j]!;
    if (g.start < b.start) {
      i++;
      continue;
    }
    if (b.start < g.start) {
      j++;
      continue;
    }
    // Same start: extend both sides until their ends meet (contiguously).
    const from = [g];
    const to = [b];
    let gi = i + 1;
    let bj = j + 1;
    let ok = true;
    while (from[from.length - 1]!.end !== to[to.length - 1]!.end) {
      const gEnd = from[from.length - 1]!.end;
      const bEnd = to[to.length - 1]!.end;
      if (gEnd < bEnd) {
        const next = gone[gi];
        if (!next || next.start !== gEnd) {
          ok = false;
          break;
        }
        from.push(next);
        gi++;
      } else {
        const next = born[bj];
        if (!next || next.start !== bEnd) {
          ok = false;
          break;
        }
        to.push(next);
        bj++;
      }
    }
    if (ok) {
      const kind = from.length === 1 ? (to.length === 1 ? 'rename' : 'split') : to.length === 1 ? 'merge' : 'recut';
      out.push({ kind, from, to });
      i = gi;
      j = bj;
    } else {
      i++;
    }
  }
  return out;
}
