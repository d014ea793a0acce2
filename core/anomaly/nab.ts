// The windowed anomaly score, after the Numenta Anomaly Benchmark's published definition (its
// labeller's windows and its sweeper's scoring), plus point precision / recall / F1. Pure.
//
// - Windows: each labelled anomaly gets a window of floor(0.1 * N / anomalies) points centred on
//   it; overlapping windows merge. Our labels are per point, so an "anomaly" is a run of labelled
//   points, centred on the run's first point (where NAB's labellers put the label: the onset);
//   a run longer than half a window extends its window to cover the run (so flags during a long
//   labelled incident are not counted as false positives).
// - Probation: the first min(floor(0.15 N), 750) points are not scored; a window entirely inside
//   it is not counted.
// - A flag (score >= threshold) inside a window earns tpWeight * sigmoid-of-position, earliest
//   flag best (only the best flag per window counts); a window without a flag costs fnWeight; a
//   flag outside costs fpWeight * sigmoid of its distance past the last window (full cost before
//   the first window or more than 3 widths after one).
// - Normalised per profile over a corpus: 100 * (raw - null) / (perfect - null), where null
//   never flags and perfect flags the first scorable point of every window.

export interface Profile {
  name: string;
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

export const PROFILES: readonly Profile[] = [
  { name: 'standard', tpWeight: 1, fpWeight: 0.11, fnWeight: 1 },
  { name: 'low FP', tpWeight: 1, fpWeight: 0.22, fnWeight: 1 },
  { name: 'low FN', tpWeight: 1, fpWeight: 0.11, fnWeight: 2 },
];

export const WINDOW_FRACTION = 0.1;
export const PROBATION_FRACTION = 0.15;

/** Inclusive [start, end] index ranges. */
export type Window = [number, number];

export function probationLength(n: number): number {
  return Math.min(Math.floor(PROBATION_FRACTION * n), PROBATION_FRACTION * 5000);
}

/** Runs of consecutive labelled points as [first, last]. */
export function labelRuns(labels: ArrayLike<number>): Window[] {
  const runs: Window[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (!labels[i]) continue;
    const s = i;
    while (i + 1 < labels.length && labels[i + 1]) i++;
    runs.push([s, i]);
  }
  return runs;
}

export function anomalyWindows(labels: ArrayLike<number>): Window[] {
  const n = labels.length;
  const runs = labelRuns(labels);
  if (runs.length === 0) return [];
  const len = Math.floor((WINDOW_FRACTION * n) / runs.length);
  const half = Math.floor(len / 2);
  const raw = runs.map(([s, e]): Window => [Math.max(0, s - half), Math.min(n - 1, Math.max(s + half, e))]);
  const merged: Window[] = [];
  for (const w of raw) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([w[0], w[1]]);
  }
  return merged;
}

function scaledSigmoid(pos: number): number {
  return pos > 3 ? -1 : 2 / (1 + Math.exp(5 * pos)) - 1;
}

export interface WindowedResult {
  /** Raw score per profile (same order as PROFILES). */
  raw: number[];
  /** Never-flagging detector's raw score per profile. */
  nul: number[];
  /** Perfect detector's raw score per profile. */
  perfect: number[];
  windows: number;
  detected: number;
  falsePositives: number;
}

/** Scores one series. */
export function windowedScore(scores: ArrayLike<number>, windows: Window[], threshold = 0.5, profiles: readonly Profile[] = PROFILES): WindowedResult {
  const n = scores.length;
  const prob = probationLength(n);
  const maxTP = scaledSigmoid(-1);
  const scorable = windows.filter((w) => w[1] >= prob);
  const best = profiles.map(() => new Map<number, number>());
  const fp = profiles.map(() => 0);
  let falsePositives = 0;
  let wi = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    while (wi < windows.length && windows[wi]![1] < i) {
      prevRight = windows[wi]![1];
      prevWidth = windows[wi]![1] - windows[wi]![0] + 1;
      wi++;
    }
    const w = wi < windows.length && windows[wi]![0] <= i ? windows[wi]! : undefined;
    if (i < prob || !(scores[i]! >= threshold)) continue;
    if (w) {
      const width = w[1] - w[0] + 1;
      const u = scaledSigmoid(-(w[1] - i + 1) / width) / maxTP;
      profiles.forEach((pr, k) => {
        const cur = best[k]!.get(w[0]);
        const v = u * pr.tpWeight;
        if (cur === undefined || v > cur) best[k]!.set(w[0], v);
      });
    } else {
      falsePositives++;
      const pos = prevRight < 0 ? 3 : Math.abs(prevRight - i) / Math.max(prevWidth - 1, 1);
      const u = scaledSigmoid(pos);
      profiles.forEach((pr, k) => (fp[k]! += u * pr.fpWeight));
    }
  }
  const raw = profiles.map((pr, k) => {
    let s = fp[k]!;
    for (const w of scorable) s += best[k]!.get(w[0]) ?? -pr.fnWeight;
    return s;
  });
  const perfect = profiles.map((pr) => {
    let s = 0;
    for (const w of scorable) {
      const first = Math.max(w[0], prob);
      const width = w[1] - w[0] + 1;
      s += (pr.tpWeight * scaledSigmoid(-(w[1] - first + 1) / width)) / maxTP;
    }
    return s;
  });
  return { raw, nul: profiles.map((pr) => -pr.fnWeight * scorable.length), perfect, windows: scorable.length, detected: best[0]!.size, falsePositives };
}

/** 100 * (raw - null) / (perfect - null), summed over a corpus, per profile. */
export function normalise(results: WindowedResult[]): number[] {
  if (results.length === 0) return [];
  return results[0]!.raw.map((_, k) => {
    let raw = 0;
    let nul = 0;
    let perfect = 0;
    for (const r of results) {
      raw += r.raw[k]!;
      nul += r.nul[k]!;
      perfect += r.perfect[k]!;
    }
    return perfect === nul ? 0 : (100 * (raw - nul)) / (perfect - nul);
  });
}

export interface PointCounts {
  tp: number;
  fp: number;
  fn: number;
}

export function pointCounts(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): PointCounts {
  const c = { tp: 0, fp: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const flag = scores[i]! >= threshold;
    if (flag && labels[i]) c.tp++;
    else if (flag) c.fp++;
    else if (labels[i]) c.fn++;
  }
  return c;
}

export function prf(c: PointCounts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
