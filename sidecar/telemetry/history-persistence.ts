// Where a history file lives on disk and how it gets there: written atomically with the last
// good file kept as `.prev`, read back preferring the file, then `.prev`, with a corrupt file
// set aside rather than lost, and saved periodically by startHistoryPersistence.
import { renameSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** How often startHistoryPersistence writes the file. */
export const DEFAULT_HISTORY_SAVE_MS = 60_000;

export interface HistoryLoadReport {
  /** Where the history came from. */
  source: 'file' | 'previous' | 'empty';
  /** Why a file was not (fully) used; empty when all went well. */
  problems: string[];
}

/**
 * Writes `buf` to `file` atomically: a temporary file is written and fsynced, the current file
 * (known good) becomes `file.prev`, the temporary file is renamed over `file`, and the
 * directory is fsynced. A crash at any point leaves a good file or a good `.prev`. Concurrent
 * writes to one file must be serialised by the caller (startHistoryPersistence does).
 */
export async function writeHistoryFile(file: string, buf: Buffer): Promise<void> {
  const tmp = `${file}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(buf);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(file, `${file}.prev`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await rename(tmp, file);
  try {
    const dir = await open(dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the renames are still ordered.
  }
}

/**
 * Reads `file` (or, when it is missing or unreadable as a history, `file.prev`) through
 * `decode`, never throwing for a bad file: a file `decode` refuses (`isFormatError`) is renamed
 * to `file.corrupt-<ms>` (kept for inspection, and so the next save cannot rotate it over the
 * good `.prev`) and reported in `problems`; `decode`'s notes are reported too. Answers undefined
 * (source `empty`) when neither file could be used.
 */
export function readHistoryFile<T>(
  file: string,
  decode: (buf: Buffer, notes: string[]) => T,
  isFormatError: (err: unknown) => err is Error,
  nowMs: number,
): { value: T | undefined; report: HistoryLoadReport } {
  const problems: string[] = [];
  const attempt = (path: string): T | undefined => {
    let buf: Buffer;
    try {
      buf = readFileSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${path}: cannot read: ${(err as Error).message}`);
      return undefined;
    }
    try {
      const notes: string[] = [];
      const v = decode(buf, notes);
      for (const n of notes) problems.push(`${path}: ${n}`);
      return v;
    } catch (err) {
      if (!isFormatError(err)) throw err;
      const aside = `${path}.corrupt-${nowMs}`;
      problems.push(`${path}: ${err.message}; moved to ${aside}`);
      try {
        renameSync(path, aside);
      } catch (e) {
        problems.push(`${path}: cannot move aside: ${(e as Error).message}`);
      }
      return undefined;
    }
  };
  const main = attempt(file);
  if (main) return { value: main, report: { source: 'file', problems } };
  const prev = attempt(`${file}.prev`);
  if (prev) {
    problems.push(`using the previous file ${file}.prev`);
    return { value: prev, report: { source: 'previous', problems } };
  }
  return { value: undefined, report: { source: 'empty', problems } };
}

/**
 * Saves every `everyMs` (unref'd timer, one save at a time) and once more on stop(); errors go
 * to onError and the next save tries again.
 */
export function startHistoryPersistence(
  history: { save(file: string): Promise<void> },
  file: string,
  opts: { everyMs?: number; onError?: (err: unknown) => void } = {},
): { stop(): Promise<void>; saveNow(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  const saveNow = (): Promise<void> => {
    chain = chain.then(() => history.save(file)).catch((err) => opts.onError?.(err));
    return chain;
  };
  const timer = setInterval(() => void saveNow(), opts.everyMs ?? DEFAULT_HISTORY_SAVE_MS);
  timer.unref();
  return {
    saveNow,
    stop() {
      clearInterval(timer);
      return saveNow();
    },
  };
}
