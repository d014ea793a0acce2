// forecaster.json: the metadata that travels with forecaster.onnx (version, I/O, trained
// quantiles and seasons, training provenance) and where the two files live.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ModelMetadata {
  /** Carried with every forecast. */
  version: string;
  /** sha256 of forecaster.onnx; the runtime refuses a model file that does not match. */
  sha256: string;
  opset: number;
  inputs: { name: string; type: string; shape: (string | number)[]; doc: string }[];
  outputs: { name: string; type: string; shape: (string | number)[]; doc: string }[];
  quantiles: number[];
  hidden: number;
  contextLength: { formula: string; examples: Record<string, number> };
  horizon: { trainedMax: string; supported: string };
  seasons: { trained: number[]; supported: string; daily: number[] };
  minHistory: string;
  training: Record<string, unknown>;
  seed: number;
}

/** The committed model: models/forecaster.onnx in the source tree (found from dist/ or source). */
export function defaultModelPath(): string {
  const env = process.env['SHARDCAST_FORECASTER_MODEL'];
  if (env) return env;
  const candidates = [
    fileURLToPath(new URL('../../models/forecaster.onnx', import.meta.url)),
    fileURLToPath(new URL('./forecaster.onnx', import.meta.url)),
  ];
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

/** The previously committed model, kept as the evaluation's baseline (models/previous/). */
export function previousModelPath(): string {
  return defaultModelPath().replace(/forecaster\.onnx$/, 'previous/forecaster.onnx');
}

/** forecaster.json beside a model file. */
export function metadataPathFor(modelPath: string): string {
  return modelPath.replace(/\.onnx$/, '') + '.json';
}

export function readMetadata(modelPath: string): ModelMetadata {
  const path = metadataPathFor(modelPath);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read model metadata ${path}: ${(err as Error).message}`);
  }
  return JSON.parse(text) as ModelMetadata;
}
