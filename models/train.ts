// `npm run train`: builds the training set (training part of the real series + synthetic
// series), trains the network with a fixed seed, exports models/forecaster.onnx and
// models/forecaster.json. `--validate` instead trains on the first 70 % of the real series and
// scores on 70-80 % (how the settings were chosen, without touching the held-out 20 %);
// `--reexport` rebuilds the graph around the committed weights (after a graph-only change).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_TRAIN_FRACTION, loadAllReal, type RealSeries } from './data.js';
import { DEFAULT_OFFSET_P, DEFAULT_SHORT_HISTORY_P, DEFAULT_STEPS_PER_ORIGIN, DatasetBuilder, trainHorizon } from './dataset.js';
import { BASELINES, formatScores, heldOutWindows, scoreMethods } from './evaluation.js';
import { IO, IR_VERSION, OPSET, buildGraph, paramsFromModel } from './export.js';
import { defaultModelPath, metadataPathFor, readMetadata, type ModelMetadata } from './metadata.js';
import { roundToFloat32, type NetParams } from './net.js';
import { writeContext } from './prepare.js';
import { referenceForecast } from './reference.js';
import { Rng } from './rng.js';
import { DAILY_SEASONS, DEFAULT_HIDDEN, MEDIAN_INDEX, N_QUANTILES, TRAINED_QUANTILES, contextLength } from './spec.js';
import type { SyntheticKind } from './synthetic.js';
import { DEFAULT_TRAIN_CONFIG, trainNet } from './trainer.js';

/** The seed of the committed model. */
export const DEFAULT_SEED = 20240611;
/** Model family and format revision; the version string adds the file's hash. */
export const MODEL_FAMILY = 'shardcast-forecaster-1';
/**
 * Random origins per real series per group (each gives DEFAULT_STEPS_PER_ORIGIN samples), from
 * the training part (first 80 %) of every series of the data folder.
 */
export const REAL_ORIGINS: Record<string, number> = {
  'tweets-5min': 1000, 'tweets-hourly': 1000, pedestrians: 3000, pjm: 1500, ett: 1000, trail: 1500, bikes: 4000,
  'cloud-hourly': 150, 'cloud-5min': 600, 'vm-cpu': 60,
};
/** Google VMs whose training part is read (every 4th; evaluation scores every 16th). */
export const TRAIN_VMS = 400;
/** Synthetic series per (kind, season); each gives 4 origins. */
export const SYNTHETIC_PLAN: readonly [SyntheticKind, number, number][] = [
  ['load', 24, 1900], ['load', 288, 900], ['load', 48, 300], ['load', 96, 300], ['load', 168, 250], ['load', 7, 450],
  ['business', 1, 1500], ['business', 4, 1100], ['business', 12, 1100], ['business', 52, 300], ['business', 7, 400], ['business', 24, 400],
  ['intermittent', 24, 450], ['intermittent', 288, 220],
  ['trend', 1, 1100], ['trend', 4, 550], ['trend', 12, 550], ['trend', 24, 550], ['trend', 7, 180], ['trend', 52, 180], ['trend', 288, 110],
];
export const SYNTHETIC_ORIGINS = 4;

export function buildTrainingSet(rng: Rng, real: RealSeries[]) {
  const b = new DatasetBuilder(rng, 'uniform');
  for (const [group, origins] of Object.entries(REAL_ORIGINS)) b.addReal(real.filter((s) => s.group === group), origins);
  for (const [kind, S, count] of SYNTHETIC_PLAN) b.addSynthetic(kind, S, count, SYNTHETIC_ORIGINS);
  return b.build();
}

/** Median forecasts of the reference implementation (TS), batched like the runtime. */
export function referenceMedian(params: NetParams) {
  return (hs: Float64Array[], S: number, H: number): Float64Array[] => {
    const C = contextLength(S);
    const ctx = hs.map((h) => { const c = new Float64Array(C); writeContext(h, S, c, 0); return c; });
    const out = referenceForecast(params, ctx, S, H, hs.map((h) => h.length));
    return hs.map((_, n) => Float64Array.from({ length: H }, (_, h) => out[(n * H + h) * N_QUANTILES + MEDIAN_INDEX]!));
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const validate = args.includes('--validate');
  const reexport = args.includes('--reexport');
  const outIdx = args.indexOf('--out');
  const dataIdx = args.indexOf('--data');
  const dir = dataIdx >= 0 ? args[dataIdx + 1] : undefined;
  const modelPath = outIdx >= 0 ? join(args[outIdx + 1]!, 'forecaster.onnx') : defaultModelPath();
  const seed = DEFAULT_SEED;
  const trainFraction = validate ? 0.7 : DEFAULT_TRAIN_FRACTION;
  const log = (line: string) => process.stdout.write(`${line}\n`);

  const t0 = performance.now();
  // Training reads the past of 400 of the 1,600 VMs (the 100 the evaluation scores among them).
  const real = loadAllReal({ trainFraction, dir, vms: TRAIN_VMS });
  let params: NetParams;
  let samples: number;
  if (reexport) {
    // Graph-only changes: re-export the committed weights (what a retrain reproduces exactly).
    params = paramsFromModel(readFileSync(modelPath));
    samples = (readMetadata(modelPath).training as { samples: number }).samples;
  } else {
    const data = buildTrainingSet(new Rng(seed), real);
    samples = data.size;
    log(`training set: ${data.size} samples (${data.groups.length} groups) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const t1 = performance.now();
    params = roundToFloat32(trainNet(data, { ...DEFAULT_TRAIN_CONFIG, seed, hidden: DEFAULT_HIDDEN, log }));
    log(`trained in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  }

  if (validate) {
    for (const seasons of [1, 2]) {
      const windows = heldOutWindows(real, seasons, { endFraction: DEFAULT_TRAIN_FRACTION });
      log(formatScores(await scoreMethods(windows, { model: referenceMedian(params), ...BASELINES })));
    }
    return;
  }

  const bytes = buildGraph(params).encode({
    opset: OPSET,
    irVersion: IR_VERSION,
    producer: 'shardcast models/train.ts',
    producerVersion: MODEL_FAMILY,
    docString: 'Global quantile forecaster for load-like series; see models/README.md.',
    props: { family: MODEL_FAMILY, seed: String(seed), quantiles: TRAINED_QUANTILES.join(',') },
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const meta: ModelMetadata = {
    version: `${MODEL_FAMILY}+${sha256.slice(0, 12)}`,
    sha256,
    opset: OPSET,
    inputs: [
      { name: IO.history, type: 'float32', shape: ['N', 'C'], doc: 'row n is series n, oldest first, exactly contextLength(S) points (prepare.ts pads/truncates)' },
      { name: IO.historyLength, type: 'int64', shape: ['N'], doc: 'real (unpadded) length of each series' },
      { name: IO.season, type: 'int64', shape: [1], doc: 'season S in points (>= 1)' },
      { name: IO.horizon, type: 'int64', shape: [1], doc: 'steps H to forecast (>= 1)' },
    ],
    outputs: [{ name: IO.quantiles, type: 'float32', shape: ['N', 'H', N_QUANTILES], doc: `forecasts at the trained quantile levels ${TRAINED_QUANTILES.join(', ')}` }],
    quantiles: [...TRAINED_QUANTILES],
    hidden: DEFAULT_HIDDEN,
    contextLength: {
      formula: '1 + max(4S + B, 2 S2 + B, 24 B, max(4S, 2V), 6, V + S + 1, S + 3B); B = max(1, floor(S/24)), V = max(S, 8), S2 = 7S for daily seasons else S',
      examples: Object.fromEntries([1, 4, 7, 12, 24, 52, 168, 288].map((s) => [String(s), contextLength(s)])),
    },
    horizon: { trainedMax: 'max(2S, 24)', supported: 'any H >= 1 (beyond the trained range the step encodings extrapolate)' },
    seasons: { trained: [...new Set(SYNTHETIC_PLAN.map(([, s]) => s))].sort((a, b) => a - b), supported: 'any integer S >= 1', daily: [...DAILY_SEASONS] },
    minHistory: 'max(2S, 8) points for the model; shorter series get the fallback (prepare.ts)',
    training: {
      samples,
      realData: `shared/data: ${[...new Set(real.map((r) => r.group))].map((g) => `${g} (${real.filter((r) => r.group === g).length} series, S=${real.find((r) => r.group === g)!.season})`).join(', ')}`,
      split: `by time: first ${trainFraction * 100} % of each real series for training (targets included); the rest held out`,
      realOrigins: REAL_ORIGINS,
      synthetic: SYNTHETIC_PLAN.map(([kind, season, series]) => ({ kind, season, series, origins: SYNTHETIC_ORIGINS })),
      stepsPerOrigin: DEFAULT_STEPS_PER_ORIGIN,
      shortHistoryProbability: DEFAULT_SHORT_HISTORY_P,
      offsetLoadProbability: DEFAULT_OFFSET_P,
      trainHorizon: `h uniform in 1..max(2S, 24): e.g. S=24 -> ${trainHorizon(24)}`,
      loss: 'pinball loss summed over the trained quantiles, in units of the per-series scale',
      optimiser: { ...DEFAULT_TRAIN_CONFIG, algorithm: 'Adam, cosine learning-rate decay, decoupled weight decay' },
    },
    seed,
  };
  writeFileSync(modelPath, bytes);
  writeFileSync(metadataPathFor(modelPath), JSON.stringify(meta, null, 2) + '\n');
  log(`wrote ${modelPath} (${bytes.length} bytes) and ${metadataPathFor(modelPath)} in ${dirname(modelPath)}; version ${meta.version}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    process.stderr.write(`train: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
