// The forecast CLI's file format: one header line, then one series per record: an id, then the
// values oldest to newest. Cells may be double-quoted ("" is a quote inside; a quoted cell may
// hold commas and line breaks); trailing empty cells are ignored; lengths differ per series.

export class CsvInputError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvInputError';
  }
}

export interface SeriesRow {
  id: string;
  values: Float64Array;
  /** 1-based line where the record starts. */
  line: number;
}

interface Cell {
  text: string;
  quoted: boolean;
}

/** Plain decimal or scientific notation; NaN, Infinity, hex and blanks are not numbers here. */
export const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Splits CSV text into records of cells, each with the line it starts on (RFC 4180 quoting). */
export function* csvRecords(text: string): Generator<{ line: number; cells: Cell[] }> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const cells: Cell[] = [];
    for (;;) {
      let cellText = '';
      let quoted = false;
      if (text[i] === '"') {
        quoted = true;
        i++;
        const open = line;
        for (;;) {
          if (i >= n) throw new CsvInputError(open, 'a quoted cell is never closed');
          const q = text.indexOf('"', i);
          if (q < 0) throw new CsvInputError(open, 'a quoted cell is never closed');
          const chunk = text.slice(i, q);
          for (let k = 0; k < chunk.length; k++) if (chunk.charCodeAt(k) === 10) line++;
          cellText += chunk;
          if (text[q + 1] === '"') { cellText += '"'; i = q + 2; continue; }
          i = q + 1;
          break;
        }
        // Anything between the closing quote and the next separator is malformed.
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
        if (text.slice(i, j).trim() !== '') throw new CsvInputError(line, `unexpected text after a quoted cell: ${JSON.stringify(text.slice(i, j))}`);
        i = j;
      } else {
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
        cellText = text.slice(i, j);
        if (cellText.includes('"')) throw new CsvInputError(line, `a quote inside an unquoted cell: ${JSON.stringify(cellText)}`);
        i = j;
      }
      cells.push({ text: cellText, quoted });
      if (i < n && text[i] === ',') { i++; continue; }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    yield { line: start, cells };
  }
}

function isBlank(c: Cell): boolean {
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

/** Quotes a cell when it holds a comma, a quote, a line break or edge spaces. */
export function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A float32 forecast as a short decimal (7 significant digits: all a float32 carries). */
export function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(7)));
}
