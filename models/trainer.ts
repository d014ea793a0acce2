// Minibatch Adam on the pinball loss over all trained quantile levels, deterministic given the
// seed (single thread, fixed shuffles).
import { Adam, backward, forward, initParams, scratch, zerosLike, type NetParams } from './net.js';
import { Rng } from './rng.js';
import { N_FEATURES, N_QUANTILES } from './spec.js';
import type { Dataset } from './dataset.js';

export interface TrainConfig {
  seed: number;
  hidden: number;
  epochs: number;
  batch: number;
  lr: number;
  lrEnd: number;
  weightDecay: number;
  log?: (line: string) => void;
}

/** Defaults chosen on the validation split (training part up to 70 %, scored on 70-80 %). */
export const DEFAULT_TRAIN_CONFIG: Omit<TrainConfig, 'seed' | 'hidden'> = {
  epochs: 10,
  batch: 256,
  lr: 3e-3,
  lrEnd: 1e-4,
  weightDecay: 1e-5,
};

export function trainNet(data: Dataset, cfg: TrainConfig): NetParams {
  const rng = new Rng(cfg.seed ^ 0x5eed);
  const params = initParams(cfg.hidden, rng);
  const grad = zerosLike(params);
  const opt = new Adam(params);
  const s = scratch(params);
  const gq = new Float64Array(N_QUANTILES);
  const go = new Float64Array(N_QUANTILES);
  const f = new Float64Array(N_FEATURES);
  const order = new Uint32Array(data.size);
  for (let i = 0; i < data.size; i++) order[i] = i;
  const steps = cfg.epochs * Math.ceil(data.size / cfg.batch);
  let step = 0;
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    rng.shuffle(order);
    let lossSum = 0;
    let wSum = 0;
    for (let start = 0; start < data.size; start += cfg.batch) {
      const end = Math.min(start + cfg.batch, data.size);
      for (const key of ['w1', 'b1', 'w2', 'ws', 'b2'] as const) grad[key].fill(0);
      for (let b = start; b < end; b++) {
        const i = order[b]!;
        for (let j = 0; j < N_FEATURES; j++) f[j] = data.features[i * N_FEATURES + j]!;
        forward(params, f, 0, s);
        const w = data.weights[i]!;
        lossSum += backward(params, f, 0, s, data.targets[i]!, w, grad, gq, go);
        wSum += w;
      }
      // Cosine decay from lr to lrEnd over all steps.
      const lr = cfg.lrEnd + 0.5 * (cfg.lr - cfg.lrEnd) * (1 + Math.cos((Math.PI * step) / steps));
      opt.update(params, grad, lr, 1 / (end - start), cfg.weightDecay);
      step++;
    }
    cfg.log?.(`epoch ${epoch + 1}/${cfg.epochs}: mean weighted pinball ${(lossSum / wSum / N_QUANTILES).toFixed(5)}`);
  }
  return params;
}
