// A progress bar on stderr: redrawn in place on a terminal, a line per quarter otherwise (logs).
export interface Progress {
  update(done: number, total: number, label?: string): void;
  done(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr, width = 30): Progress {
  const tty = stream.isTTY === true;
  let lastDrawn = 0;
  let lastDecile = -1;
  let lastLabel = '';
  return {
    update(done, total, label = '') {
      const frac = total > 0 ? Math.min(1, done / total) : 1;
      if (tty) {
        const now = Date.now();
        if (now - lastDrawn < 100 && done < total && label === lastLabel) return;
        lastDrawn = now;
        const fill = Math.round(frac * width);
        stream.write(`\r${label.padEnd(24).slice(0, 24)} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(frac * 100).toFixed(0).padStart(3)}%`);
      } else {
        const quarter = Math.floor(frac * 4);
        if (quarter === lastDecile && label === lastLabel) return;
        lastDecile = quarter;
        stream.write(`${label} ${quarter * 25}%\n`);
      }
      lastLabel = label;
    },
    done() {
      if (tty) stream.write('\n');
    },
  };
}

export const silentProgress: Progress = { update() {}, done() {} };
