// Line-oriented input for topic and filter lists: one item per line, LF or CRLF, a final newline
// optional (it does not make an empty last item), each line strict UTF-8.

/** A line as read: its 1-based number and its text, or why it could not be decoded. */
export type InputLine = { line: number; text: string; problem?: undefined } | { line: number; text?: undefined; problem: string };

const LF = 0x0a;
const CR = 0x0d;
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Splits file bytes into lines. A UTF-8 byte order mark at the very start of the file is an
 * editor's artefact, not part of the first item, and is dropped; anywhere else U+FEFF is kept (it
 * is a legal character in a topic, MQTT-1.5.3-3). One CR before each LF is dropped.
 */
export function splitInputLines(bytes: Uint8Array): InputLine[] {
  const out: InputLine[] = [];
  let start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 1;
  while (start < bytes.length) {
    let end = bytes.indexOf(LF, start);
    const next = end === -1 ? bytes.length : end + 1;
    if (end === -1) end = bytes.length;
    const stop = end > start && bytes[end - 1] === CR ? end - 1 : end;
    try {
      out.push({ line, text: decoder.decode(bytes.subarray(start, stop)) });
    } catch {
      out.push({ line, problem: 'is not valid UTF-8' });
    }
    start = next;
    line++;
  }
  return out;
}

/** Orders strings by their UTF-8 bytes (not UTF-16 code units, not locale). */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
