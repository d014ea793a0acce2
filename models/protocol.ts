// Messages between the Forecaster (caller's thread) and its worker, and the constants both use
// (kept free of onnxruntime-node so importing the runtime does not load the native library).
import type { ForecastMethod } from './prepare.js';

/**
 * Most (series x steps) cells per session run. The largest intermediate is hidden x cells
 * floats (32 x 1M x 4 B = 128 MB); bigger batches are cut into runs of this size.
 */
export const DEFAULT_MAX_BATCH_CELLS = 1_000_000;

/** Wire codes of the forecast methods. */
export const METHOD_CODES: readonly ForecastMethod[] = ['model', 'seasonal-naive', 'naive', 'empty'];

export interface WorkerInit {
  modelPath: string;
  intraOpNumThreads: number;
  maxBatchCells: number;
}

export type WorkerRequest =
  | { type: 'forecast'; id: number; values: Float32Array; offsets: Uint32Array; season: number; horizon: number; levels: number[] }
  | { type: 'close' };

export type WorkerReply =
  | { type: 'ready'; modelVersion: string; quantiles: number[] }
  | { type: 'fatal'; message: string }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; values: Float32Array; methods: Uint8Array; runMs: number; runs: number; totalMs: number }
  | { type: 'error'; id: number; message: string }
  | { type: 'closed' };
