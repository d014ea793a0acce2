// A progress bar on stderr: redrawn in place on a terminal (at most every
// DEFAULT_PROGRESS_REDRAW_MS). Off a terminal it writes a line per quarter (logs), or nothing
// when the caller's output is data a bar must not mix into.
export interface Progress {
  update(done: number, total: number, label?: string): void;
  done(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Characters of the bar itself. */
  width?: number;
  /** Off a terminal: a line per quarter, or nothing. */
  offTerminal?: 'quarters' | 'silent';
}

/** Shortest time between two redraws on a terminal (the last one is always drawn). */
export const DEFAULT_PROGRESS_REDRAW_MS = 100;
export const DEFAULT_PROGRESS_WIDTH = 30;
/** Labels are padded or cut to this, so bars line up. */
const LABEL_WIDTH = 24;

export function progressBar(opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const width = opts.width ?? DEFAULT_PROGRESS_WIDTH;
  const tty = stream.isTTY === true;
  const quiet = !tty && opts.offTerminal === 'silent';
  let lastDrawn = 0;
  let lastQuarter = -1;
  let lastLabel = '';
  return {
    update(done, total, label = '') {
      if (quiet) return;
      const frac = total > 0 ? Math.min(1, done / total) : 1;
      if (tty) {
        const now = Date.now();
        if (now - lastDrawn < DEFAULT_PROGRESS_REDRAW_MS && done < total && label === lastLabel) return;
        lastDrawn = now;
        const fill = Math.round(frac * width);
        stream.write(`\r${label.padEnd(LABEL_WIDTH).slice(0, LABEL_WIDTH)} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(frac * 100).toFixed(0).padStart(3)}%`);
      } else {
        const quarter = Math.floor(frac * 4);
        if (quarter === lastQuarter && label === lastLabel) return;
        lastQuarter = quarter;
        stream.write(`${label} ${quarter * 25}%\n`);
      }
      lastLabel = label;
    },
    done() {
      // The line break ends a bar that was drawn; nothing drawn, nothing to end.
      if (tty && lastDrawn > 0) stream.write('\n');
      lastDrawn = 0;
    },
  };
}

export const silentProgress: Progress = { update() {}, done() {} };
