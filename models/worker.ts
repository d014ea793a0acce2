// The forecaster worker thread: owns the one InferenceSession (created once, here, because
// session.run blocks the thread it runs on) and answers batched forecast requests in order.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import ort from 'onnxruntime-node';
import { forecastBatch } from './batch.js';
import { readMetadata } from './metadata.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './protocol.js';

const init = workerData as WorkerInit;
const port = parentPort!;
const send = (msg: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

async function open(): Promise<ort.InferenceSession> {
  const bytes = readFileSync(init.modelPath);
  const meta = readMetadata(init.modelPath);
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== meta.sha256) throw new Error(`model ${init.modelPath} does not match its metadata (sha256 ${sha.slice(0, 12)} != ${meta.sha256.slice(0, 12)})`);
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: init.intraOpNumThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  send({ type: 'ready', modelVersion: meta.version, quantiles: meta.quantiles });
  return session;
}

const ready = open().catch((err: Error) => {
  send({ type: 'fatal', message: err.message });
  return undefined;
});

// Requests are chained so runs never overlap, whatever the caller does.
let queue: Promise<void> = Promise.resolve();
port.on('message', (msg: WorkerRequest) => {
  queue = queue.then(async () => {
    const session = await ready;
    if (!session) return;
    if (msg.type === 'close') {
      await session.release();
      send({ type: 'closed' });
      return;
    }
    try {
      const t0 = performance.now();
      const res = await forecastBatch(session, { values: msg.values, offsets: msg.offsets }, msg.season, msg.horizon, msg.levels, {
        maxBatchCells: init.maxBatchCells,
        onProgress: (done, total) => send({ type: 'progress', id: msg.id, done, total }),
      });
      send({ type: 'result', id: msg.id, values: res.values, methods: res.methods, runMs: res.runMs, runs: res.runs, totalMs: performance.now() - t0 }, [res.values.buffer as ArrayBuffer, res.methods.buffer as ArrayBuffer]);
    } catch (err) {
      send({ type: 'error', id: msg.id, message: (err as Error).message });
    }
  });
});
