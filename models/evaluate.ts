// `node dist/models/evaluate.js`: the model card's evaluation table. The committed ONNX model
// (through the worker runtime, as the sidecar and CLI run it) beside naive, seasonal naive and
// Holt-Winters on the held-out later 20 % of every real series in shared/data: rolling origins
// one season apart, horizons of one and two seasons, MASE and sMAPE as in M4, plus the
// coverage of the model's 10-90 % band.
import { loadAllReal } from './data.js';
import { BASELINES, formatScores, heldOutWindows, scoreMethods, type EvalWindow } from './evaluation.js';
import { coverage } from './metrics.js';
import { Forecaster } from './runtime.js';

async function bandCoverage(forecaster: Forecaster, windows: EvalWindow[]): Promise<Map<string, number>> {
  const groups = new Map<string, EvalWindow[]>();
  for (const w of windows) {
    const key = `${w.group} (H=${w.actual.length})`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(w);
  }
  const out = new Map<string, number>();
  for (const [key, ws] of groups) {
    const res = await forecaster.forecast(ws.map((w) => w.history), ws[0]!.actual.length, ws[0]!.season, [0.1, 0.9]);
    let c = 0;
    ws.forEach((w, i) => { c += coverage(w.actual, res.values[i]![0]!, res.values[i]![1]!); });
    out.set(key, c / ws.length);
  }
  return out;
}

async function main(): Promise<void> {
  const real = loadAllReal();
  const forecaster = await Forecaster.open();
  try {
    const model = async (hs: Float64Array[], S: number, H: number) => {
      const res = await forecaster.forecast(hs, H, S, [0.5]);
      return res.values.map((v) => Float64Array.from(v[0]!));
    };
    process.stdout.write(`model ${forecaster.modelVersion}\n`);
    process.stdout.write('held-out data: the last 20 % of each series (first origin at the split, then one every season)\n\n');
    const windows = [...heldOutWindows(real, 1), ...heldOutWindows(real, 2)];
    const rows = await scoreMethods(windows, { model, ...BASELINES });
    process.stdout.write(formatScores(rows) + '\n\n');
    const cov = await bandCoverage(forecaster, windows);
    process.stdout.write('| data (S, H) | model 10-90 % band coverage (target 80 %) |\n|---|---|\n');
    for (const [k, v] of cov) process.stdout.write(`| ${k} | ${(100 * v).toFixed(1)} % |\n`);
  } finally {
    await forecaster.close();
  }
}

main().catch((err) => {
  process.stderr.write(`evaluate: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
