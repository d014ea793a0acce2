// CSV text (RFC 4180): records of cells, each with the line it starts on, so every format built on
// it (the forecast CLI's series files, the simulator's traces) names the line of a bad input.
// Cells may be double-quoted ("" is a quote inside; a quoted cell may hold commas and line
// breaks). Pure: the callers read the files.

/** Bad CSV (or bad content of a CSV format) at a 1-based line; the message starts "line N: ". */
export class CsvInputError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvInputError';
  }
}

export interface CsvCell {
  text: string;
  quoted: boolean;
}

const NEVER_CLOSED = 'unterminated quoted field: a quoted cell is never closed';

/** Splits CSV text into records of cells, each with the line it starts on (RFC 4180 quoting). */
export function* csvRecords(text: string): Generator<{ line: number; cells: CsvCell[] }> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const cells: CsvCell[] = [];
    for (;;) {
      let cellText = '';
      let quoted = false;
      if (text[i] === '"') {
        quoted = true;
        i++;
        const open = line;
        for (;;) {
          if (i >= n) throw new CsvInputError(open, NEVER_CLOSED);
          const q = text.indexOf('"', i);
          if (q < 0) throw new CsvInputError(open, NEVER_CLOSED);
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

/**
 * The fields of one line of a line-by-line format (no line breaks inside cells). Errors name
 * line 1: the caller knows the line's number.
 */
export function csvFields(line: string): string[] {
  // The common case, kept fast for traces of millions of lines.
  if (!line.includes('"') && !line.includes('\r') && !line.includes('\n')) return line.split(',');
  const records = [...csvRecords(line)];
  if (records.length > 1) throw new CsvInputError(1, 'a line break inside a line');
  return (records[0]?.cells ?? [{ text: '', quoted: false }]).map((c) => c.text);
}

/** Quotes a cell when it holds a comma, a quote, a line break or edge spaces. */
export function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
