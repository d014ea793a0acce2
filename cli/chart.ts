// A compact ASCII chart of a load series followed by its forecast band: observed values as bars
// ('#', '_' for zero),
// the forecast median ('*') and its lower-upper band (':'), a '|' at "now", the y axis labelled
// with values and the x axis with times relative to now. Pure: numbers in, lines out.

/** Default chart size (columns of plot area, rows). */
export const DEFAULT_CHART_WIDTH = 64;
export const DEFAULT_CHART_HEIGHT = 10;

export interface ChartInput {
  /** Observed values, oldest first (ops per interval). */
  history: readonly number[];
  /** Forecast for steps 1..H: lower quantile, median, upper quantile. */
  lower: readonly number[];
  median: readonly number[];
  upper: readonly number[];
  intervalMs: number;
  width?: number;
  height?: number;
  /** Axis unit shown above the y labels. */
  unit?: string;
}

/** Means of consecutive groups of `k` values (the last group may be shorter). */
function squeeze(v: readonly number[], k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.length; i += k) {
    let s = 0;
    let n = 0;
    for (let j = i; j < Math.min(v.length, i + k); j++) {
      if (Number.isFinite(v[j]!)) {
        s += v[j]!;
        n++;
      }
    }
    out.push(n > 0 ? s / n : NaN);
  }
  return out;
}

/** Short human number: 950, 1.2k, 34k, 1.5M. */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(a >= 1e10 ? 0 : 1)}G`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(a >= 1e4 ? 0 : 1)}k`;
  if (a >= 10 || v === Math.round(v)) return String(Math.round(v));
  return v.toFixed(1);
}

/** A duration relative to now: -5m, +30s, -1h20m. */
export function shortDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  let s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${sign}${s}s`;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  if (h === 0) return `${sign}${m}m${s % 60 ? `${s % 60}s` : ''}`;
  return `${sign}${h}h${m ? `${m}m` : ''}`;
}

export function forecastChart(input: ChartInput): string {
  const width = Math.max(8, input.width ?? DEFAULT_CHART_WIDTH);
  const height = Math.max(3, input.height ?? DEFAULT_CHART_HEIGHT);
  const N = input.history.length;
  const H = input.median.length;
  // One column per k points, the same k on both sides so time runs at one speed.
  const k = Math.max(1, Math.ceil((N + H + 1) / width));
  const hist = squeeze(input.history, k);
  const lo = squeeze(input.lower, k);
  const mid = squeeze(input.median, k);
  const hi = squeeze(input.upper, k);
  const cols = hist.length + 1 + mid.length;
  let max = 0;
  for (const v of [...hist, ...hi, ...mid]) if (Number.isFinite(v) && v > max) max = v;
  if (max <= 0) max = 1;
  const top = max * 1.05;
  const row = (v: number): number => Math.min(height - 1, Math.max(0, Math.round((v / top) * (height - 1))));
  const grid: string[][] = Array.from({ length: height }, () => new Array<string>(cols).fill(' '));
  hist.forEach((v, c) => {
    if (!Number.isFinite(v)) return;
    if (v <= 0) grid[0]![c] = '_';
    else for (let r = 0; r <= row(v); r++) grid[r]![c] = '#';
  });
  const now = hist.length;
  for (let r = 0; r < height; r++) grid[r]![now] = '|';
  mid.forEach((m, i) => {
    const c = now + 1 + i;
    const l = lo[i]!;
    const u = hi[i]!;
    if (Number.isFinite(l) && Number.isFinite(u)) for (let r = row(Math.min(l, u)); r <= row(Math.max(l, u)); r++) grid[r]![c] = ':';
    if (Number.isFinite(m)) grid[row(m)]![c] = '*';
  });
  const labels = new Map<number, string>([
    [height - 1, shortNumber(top)],
    [Math.round((height - 1) / 2), shortNumber(top / 2)],
    [0, '0'],
  ]);
  const lw = Math.max(...[...labels.values()].map((l) => l.length), (input.unit ?? '').length);
  const lines: string[] = [];
  if (input.unit) lines.push(`${input.unit.padStart(lw)}`);
  for (let r = height - 1; r >= 0; r--) lines.push(`${(labels.get(r) ?? '').padStart(lw)} |${grid[r]!.join('').trimEnd()}`);
  lines.push(`${' '.repeat(lw)} +${'-'.repeat(cols)}`);
  // x labels: the start of history, now (centred on the '|'), the end of the horizon; on a
  // narrow chart they keep one space between them rather than overlap.
  const left = N > 0 ? shortDuration(-N * input.intervalMs) : '';
  const right = H > 0 ? shortDuration(H * input.intervalMs) : '';
  let axis = left.padEnd(Math.max(left.length + (left ? 1 : 0), now - 1)) + 'now';
  if (right) axis = axis.padEnd(Math.max(axis.length + 1, cols - right.length)) + right;
  lines.push(`${' '.repeat(lw)}  ${axis}`);
  lines.push(`${' '.repeat(lw)}  # observed   * forecast p50   : band${k > 1 ? `   (one column = ${k} intervals)` : ''}`);
  return lines.join('\n') + '\n';
}
