// The forecaster runtime used by the sidecar and the CLI: one worker thread owning one ONNX
// Runtime session, all series of a call forecast in one batched run (cut into runs of at most
// DEFAULT_MAX_BATCH_CELLS cells), short series answered by the documented fallback.
import { Worker } from 'node:worker_threads';
import { defaultModelPath } from './metadata.js';
import type { ForecastMethod } from './prepare.js';
import { DEFAULT_MAX_BATCH_CELLS, METHOD_CODES, type WorkerInit, type WorkerReply, type WorkerRequest } from './protocol.js';

/** ONNX Runtime intra-op threads: one, so a forecast never competes with the sidecar's work. */
export const DEFAULT_INTRA_OP_THREADS = 1;
/** Levels returned when the caller names none: the band and the median the planner uses. */
export const DEFAULT_QUANTILE_LEVELS: readonly number[] = [0.1, 0.5, 0.9];
/** Largest season and horizon accepted (the context grows with the season, outputs with H). */
export const MAX_SEASON = 100_000;
export const MAX_HORIZON = 100_000;
/** How long close() lets queued forecasts finish before the worker is terminated. */
export const DEFAULT_CLOSE_GRACE_MS = 2_000;

export interface ForecasterOptions {
  modelPath?: string;
  intraOpNumThreads?: number;
  maxBatchCells?: number;
}

export interface ForecastResult {
  modelVersion: string;
  quantiles: number[];
  /** values[series][k] holds the forecasts of quantiles[k] for steps 1..horizon. */
  values: Float32Array[][];
  /** How each series was forecast: 'model', or the fallback used for too little history. */
  methods: ForecastMethod[];
  /** Time inside session.run and for the whole request in the worker (ms); runs = session runs. */
  timings: { runMs: number; workerMs: number; runs: number };
}

export type ProgressFn = (done: number, total: number) => void;

interface Pending {
  resolve: (r: Extract<WorkerReply, { type: 'result' }>) => void;
  reject: (e: Error) => void;
  onProgress?: ProgressFn;
}

export class Forecaster {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker, readonly modelVersion: string, readonly trainedQuantiles: number[]) {
    worker.on('message', (msg: WorkerReply) => this.onMessage(msg));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => {
      if (!this.closed) this.failAll(new Error(`forecaster worker exited (code ${code})`));
    });
  }

  /** Starts the worker and waits until its session is loaded. */
  static async open(opts: ForecasterOptions = {}): Promise<Forecaster> {
    const init: WorkerInit = {
      modelPath: opts.modelPath ?? defaultModelPath(),
      intraOpNumThreads: opts.intraOpNumThreads ?? DEFAULT_INTRA_OP_THREADS,
      maxBatchCells: opts.maxBatchCells ?? DEFAULT_MAX_BATCH_CELLS,
    };
    if (!Number.isInteger(init.intraOpNumThreads) || init.intraOpNumThreads < 1) throw new RangeError(`intraOpNumThreads must be a positive integer, got ${init.intraOpNumThreads}`);
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: init });
    const ready = await new Promise<Extract<WorkerReply, { type: 'ready' }>>((resolve, reject) => {
      const onMessage = (msg: WorkerReply) => {
        if (msg.type === 'ready') { cleanup(); resolve(msg); }
        if (msg.type === 'fatal') { cleanup(); reject(new Error(`forecaster: ${msg.message}`)); }
      };
      const onError = (err: Error) => { cleanup(); reject(err); };
      const cleanup = () => { worker.off('message', onMessage); worker.off('error', onError); };
      worker.on('message', onMessage);
      worker.on('error', onError);
    }).catch(async (err: Error) => {
      await worker.terminate();
      throw err;
    });
    return new Forecaster(worker, ready.modelVersion, ready.quantiles);
  }

  /**
   * Forecasts every series for steps 1..horizon at the given quantile levels, in one batched
   * model run. Series are oldest first; lengths may differ; values are read as float32, and a
   * non-finite value is replaced by the last finite one before it.
   */
  forecast(series: ArrayLike<number>[], horizon: number, season: number, quantiles: readonly number[] = DEFAULT_QUANTILE_LEVELS, onProgress?: ProgressFn): Promise<ForecastResult> {
    if (this.closed) return Promise.reject(new Error('forecaster is closed'));
    if (this.failure) return Promise.reject(this.failure);
    if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) return Promise.reject(new RangeError(`horizon must be an integer in 1..${MAX_HORIZON}, got ${horizon}`));
    if (!Number.isInteger(season) || season < 1 || season > MAX_SEASON) return Promise.reject(new RangeError(`season must be an integer in 1..${MAX_SEASON}, got ${season}`));
    const bad = quantiles.find((q) => !(q > 0 && q < 1));
    if (bad !== undefined || quantiles.length === 0) return Promise.reject(new RangeError(`quantiles must be in (0, 1), got ${bad ?? 'none'}`));
    let total = 0;
    for (const s of series) total += s.length;
    // Float32: the precision the model reads, and half the bytes to copy.
    const values = new Float32Array(total);
    const offsets = new Uint32Array(series.length + 1);
    let at = 0;
    series.forEach((s, i) => {
      offsets[i] = at;
      if (ArrayBuffer.isView(s)) values.set(s as unknown as ArrayLike<number>, at);
      else for (let j = 0; j < s.length; j++) values[at + j] = s[j]!;
      at += s.length;
    });
    offsets[series.length] = at;
    const id = this.nextId++;
    const levels = [...quantiles];
    const req: WorkerRequest = { type: 'forecast', id, values, offsets, season, horizon, levels };
    return new Promise<Extract<WorkerReply, { type: 'result' }>>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage(req, [values.buffer, offsets.buffer]);
    }).then((res) => {
      const L = levels.length;
      return {
        modelVersion: this.modelVersion,
        quantiles: levels,
        values: Array.from({ length: series.length }, (_, i) => Array.from({ length: L }, (_, k) => res.values.subarray((i * L + k) * horizon, (i * L + k + 1) * horizon))),
        methods: Array.from(res.methods, (c) => METHOD_CODES[c]!),
        timings: { runMs: res.runMs, workerMs: res.totalMs, runs: res.runs },
      };
    });
  }

  /**
   * Releases the session (after any forecast already queued) and terminates the worker;
   * forecasts still pending after DEFAULT_CLOSE_GRACE_MS are rejected.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const released = new Promise<void>((resolve) => {
      const onMessage = (msg: WorkerReply) => { if (msg.type === 'closed') resolve(); };
      this.worker.on('message', onMessage);
      setTimeout(resolve, DEFAULT_CLOSE_GRACE_MS).unref();
    });
    this.worker.postMessage({ type: 'close' } satisfies WorkerRequest);
    await released;
    this.failAll(new Error('forecaster closed'));
    await this.worker.terminate();
  }

  private onMessage(msg: WorkerReply): void {
    if (msg.type === 'progress') this.pending.get(msg.id)?.onProgress?.(msg.done, msg.total);
    else if (msg.type === 'result') {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.resolve(msg);
    } else if (msg.type === 'error') {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.reject(new Error(`forecast failed: ${msg.message}`));
    } else if (msg.type === 'fatal') this.failAll(new Error(`forecaster: ${msg.message}`));
  }

  private failAll(err: Error): void {
    this.failure ??= err;
    for (const [, p] of this.pending) p.reject(err);
    this.pending.clear();
  }
}
