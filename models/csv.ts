// The forecast CLI's file format: one header line, then one series per record: an id, then the
// values oldest to newest. CSV as core/csv.ts reads it (quoted cells may hold commas and line
// breaks); trailing empty cells are ignored; lengths differ per series.
import { csvRecords, CsvInputError, type CsvCell } from '../core/csv.js';

export { csvCell, csvRecords, CsvInputError } from '../core/csv.js';

export interface SeriesRow {
  id: string;
  values: Float64Array;
  /** 1-based line where the record starts. */
  line: number;
}

/** Plain decimal or scientific notation; NaN, Infinity, hex and blanks are not numbers here. */
export const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function isBlank(c: CsvCell): boolean {
  return c.text.trim() === '';
}

/**
 * Parses a series file. Throws CsvInputError naming the line for: no header, a record without
 * an id, a series without values, an empty cell inside a series, a cell that is not a number.
 * Blank lines are skipped.
 */
export function parseSeriesCsv(text: string, onRecord?: (done: number) => void): SeriesRow[] {
  const rows: SeriesRow[] = [];
  let header = false;
  for (const { line, cells } of csvRecords(text)) {
    if (!header) { header = true; continue; }
    if (cells.every(isBlank)) continue;
    let end = cells.length;
    while (end > 1 && isBlank(cells[end - 1]!)) end--;
    const id = cells[0]!.text;
    if (!cells[0]!.quoted && id.trim() === '') throw new CsvInputError(line, 'the series has no id (first cell is empty)');
    if (end < 2) throw new CsvInputError(line, `series ${JSON.stringify(id)} has no values`);
    const values = new Float64Array(end - 1);
    for (let c = 1; c < end; c++) {
      const raw = cells[c]!.text.trim();
      if (raw === '') throw new CsvInputError(line, `series ${JSON.stringify(id)}: value ${c} (column ${c + 1}) is empty`);
      if (!NUMBER.test(raw)) throw new CsvInputError(line, `series ${JSON.stringify(id)}: value ${c} (column ${c + 1}) is not a number: ${JSON.stringify(cells[c]!.text)}`);
      values[c - 1] = Number(raw);
    }
    rows.push({ id, values, line });
    onRecord?.(rows.length);
  }
  if (!header) throw new CsvInputError(1, 'the file is empty (expected a header line)');
  return rows;
}

/** A float32 forecast as a short decimal (7 significant digits: all a float32 carries). */
export function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(7)));
}
