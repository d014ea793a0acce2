// `node dist/models/evaluate.js`: the model card's synthetic check. The committed ONNX model
// (through the worker runtime) beside naive, seasonal naive and Holt-Winters on fresh synthetic
// series; the real-data table is `shardcast forecast eval --data DIR` (models/benchmark.ts).
import { BASELINES, formatScores, scoreMethods, type EvalWindow } from './evaluation.js';
import { maseScale } from './metrics.js';
import { Rng } from './rng.js';
import { Forecaster } from './runtime.js';
import { generateSeries, type SyntheticKind } from './synthetic.js';

/**
 * Fresh synthetic series (a seed training never used), M4-style: one forecast from the end of
 * each series, M4 horizons for the business-like seasons. In-distribution for the generators,
 * so only a sanity check beside the real table.
 */
export const SYNTHETIC_CHECK: readonly [SyntheticKind, number, number, number][] = [
  ['business', 1, 6, 30], ['business', 4, 8, 60], ['business', 12, 18, 150], ['business', 52, 13, 300], ['business', 24, 48, 700],
  ['trend', 1, 6, 30], ['trend', 4, 8, 60], ['trend', 12, 18, 150],
  ['load', 24, 48, 700], ['load', 288, 288, 4500], ['load', 168, 168, 1200], ['intermittent', 24, 24, 400],
];

function syntheticWindows(): EvalWindow[] {
  const rng = new Rng(999);
  const out: EvalWindow[] = [];
  for (const [kind, S, H, len] of SYNTHETIC_CHECK) {
    for (let i = 0; i < 200; i++) {
      const L = Math.round(len * rng.uniform(0.5, 1.5));
      const { values } = generateSeries(rng, kind, S, L + H);
      const history = values.subarray(0, L);
      out.push({ id: `${kind}-${S}-${i}`, group: `synthetic ${kind}, S=${S}`, season: S, history, actual: values.subarray(L), scale: maseScale(history, S) });
    }
  }
  return out;
}

async function main(): Promise<void> {
  // The real-data table is `shardcast forecast eval --data DIR` (models/benchmark.ts).
  const forecaster = await Forecaster.open();
  try {
    const model = async (hs: Float64Array[], S: number, H: number) => {
      const res = await forecaster.forecast(hs, H, S, [0.5]);
      return res.values.map((v) => Float64Array.from(v[0]!));
    };
    process.stdout.write(`model ${forecaster.modelVersion}\n`);
    process.stdout.write('synthetic check (fresh seed, 200 series per row, one origin at the end, MASE scaled by the whole history);\n');
    process.stdout.write('medians, since a few near-noiseless series with a tiny MASE scale dominate the means:\n\n');
    process.stdout.write(formatScores(await scoreMethods(syntheticWindows(), { model, ...BASELINES }), 'median') + '\n');
  } finally {
    await forecaster.close();
  }
}

main().catch((err) => {
  process.stderr.write(`evaluate: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
