// Where a command writes a result file: `--out FILE` writes FILE atomically (beside it, then a
// rename, so FILE is either complete or untouched); `--out -` writes to standard output, as
// every command that writes a file accepts.

import { renameSync, writeFileSync } from 'node:fs';

export const STDOUT = '-';

export function writeOutput(path: string, text: string): void {
  if (path === STDOUT) {
    process.stdout.write(text);
    return;
  }
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    throw new Error(`cannot write output file ${path}: ${(err as Error).message}`);
  }
}
