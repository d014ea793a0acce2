// One batched forecast over a loaded session: fallback selection, time-major packing, chunked
// runs, quantile selection. Runs inside the forecaster worker (session.run blocks its thread).
import type { InferenceSession } from 'onnxruntime-node';
import ort from 'onnxruntime-node';
import { IO } from './export.js';
import { chooseMethod, fallbackForecast, quantileBlend, writeContext } from './prepare.js';
import { DEFAULT_MAX_BATCH_CELLS, METHOD_CODES } from './protocol.js';
import { N_QUANTILES, contextLength, longWindow } from './spec.js';


export interface PackedSeries {
  /** All values back to back, in the precision the model reads. */
  values: Float32Array;
  /** offsets[i]..offsets[i+1] is series i (length N + 1). */
  offsets: Uint32Array;
}

export interface BatchOutput {
  /** [series][level][step], flattened: (i * levels + k) * horizon + h. */
  values: Float32Array;
  /** METHOD_CODES index per series. */
  methods: Uint8Array;
  runMs: number;
  runs: number;
}

/** The checks the graph applies to its long window, for values picked outside the graph. */
function flags(series: Float32Array, season: number): { nonNegative: boolean; integer: boolean } {
  let nonNegative = true;
  let integer = true;
  for (let i = Math.max(0, series.length - longWindow(season)); i < series.length; i++) {
    const v = series[i]!;
    if (v < 0) nonNegative = false;
    if (v !== Math.round(v)) integer = false;
  }
  return { nonNegative, integer };
}

/**
 * Replaces non-finite values in place by the last finite value of the same series (0 before
 * the first), the rule writeContext applies, so one bad sample cannot poison a batch.
 */
export function sanitise(packed: PackedSeries): void {
  const v = packed.values;
  for (let i = 0; i + 1 < packed.offsets.length; i++) {
    let last = 0;
    for (let j = packed.offsets[i]!; j < packed.offsets[i + 1]!; j++) {
      const x = v[j]!;
      if (x - x === 0) last = x; // finite (NaN and +-Infinity give NaN)
      else v[j] = last;
    }
  }
}

export async function forecastBatch(
  session: InferenceSession,
  packed: PackedSeries,
  season: number,
  horizon: number,
  levels: readonly number[],
  opts: { maxBatchCells?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<BatchOutput> {
  sanitise(packed);
  const N = packed.offsets.length - 1;
  const L = levels.length;
  const H = horizon;
  const out = new Float32Array(N * L * H);
  const methods = new Uint8Array(N);
  const modelIdx: number[] = [];
  const seriesAt = (i: number) => packed.values.subarray(packed.offsets[i]!, packed.offsets[i + 1]!);
  // Requested levels from the trained ones (see quantileBlend); clipped at 0 for non-negative
  // series and rounded for count series, as the graph treats the trained levels.
  // A trained level is copied as is (the graph already rounded and clipped it).
  const blends = levels.map(quantileBlend);
  const exact = blends.every(([lo, hi]) => lo === hi);
  const store = (i: number, series: Float32Array, trained: Float32Array | Float64Array, offset: number) => {
    const f = exact ? undefined : flags(series, season);
    for (let k = 0; k < L; k++) {
      const [lo, hi, w] = blends[k]!;
      const base = (i * L + k) * H;
      if (lo === hi) {
        for (let h = 0; h < H; h++) out[base + h] = trained[offset + h * N_QUANTILES + lo]!;
        continue;
      }
      const { integer, nonNegative } = f ?? flags(series, season);
      for (let h = 0; h < H; h++) {
        const a = trained[offset + h * N_QUANTILES + lo]!;
        let v = a + w * (trained[offset + h * N_QUANTILES + hi]! - a);
        if (integer) v = Math.round(v);
        out[base + h] = nonNegative && v < 0 ? 0 : v;
      }
    }
  };
  for (let i = 0; i < N; i++) {
    const series = seriesAt(i);
    const method = chooseMethod(series.length, season);
    methods[i] = METHOD_CODES.indexOf(method);
    if (method === 'model') modelIdx.push(i);
    else store(i, series, fallbackForecast(series, season, H, method), 0);
  }
  const C = contextLength(season);
  const chunk = Math.max(1, Math.floor((opts.maxBatchCells ?? DEFAULT_MAX_BATCH_CELLS) / H));
  const seasonT = new ort.Tensor('int64', BigInt64Array.from([BigInt(season)]), [1]);
  const horizonT = new ort.Tensor('int64', BigInt64Array.from([BigInt(H)]), [1]);
  let runMs = 0;
  let runs = 0;
  for (let start = 0; start < modelIdx.length; start += chunk) {
    const ids = modelIdx.slice(start, start + chunk);
    const n = ids.length;
    const history = new Float32Array(C * n);
    const lengths = new BigInt64Array(n);
    ids.forEach((i, col) => {
      const series = seriesAt(i);
      // Values are finite (sanitised above): a long series is one block copy.
      if (series.length >= C) history.set(series.subarray(series.length - C), col * C);
      else writeContext(series, season, history, col * C);
      lengths[col] = BigInt(series.length);
    });
    const t0 = performance.now();
    const result = await session.run({
      [IO.history]: new ort.Tensor('float32', history, [n, C]),
      [IO.historyLength]: new ort.Tensor('int64', lengths, [n]),
      [IO.season]: seasonT,
      [IO.horizon]: horizonT,
    });
    runMs += performance.now() - t0;
    runs++;
    const q = result[IO.quantiles]!.data as Float32Array;
    ids.forEach((i, col) => store(i, seriesAt(i), q, col * H * N_QUANTILES));
    opts.onProgress?.(Math.min(start + chunk, modelIdx.length), modelIdx.length);
  }
  return { values: out, methods, runMs, runs };
}
