// The committed model beats seasonal naive on held-out real data it was not trained on (the
// last 20 % of shared/data series, split by time as in training), by MASE as M4 defines it.
// Reads two tweet files and the pedestrian file only.
import test from 'ava';
import { loadPedestrians, loadTweets } from '../../models/data.js';
import { BASELINES, heldOutWindows, scoreMethods } from '../../models/evaluation.js';
import { Forecaster } from '../../models/runtime.js';

test('model MASE is below seasonal naive on held-out hourly tweets and pedestrians', async (t) => {
  // The split must be the one training used (80 % of each whole series), so whole files are read.
  const tweets = loadTweets({ tickers: ['AAPL', 'KO'] }).filter((s) => s.group === 'tweets-hourly');
  const series = [...tweets, ...loadPedestrians()];
  const windows = heldOutWindows(series, 1);
  t.true(windows.length >= 15, `${windows.length} windows`);
  const f = await Forecaster.open();
  try {
    const model = async (hs: Float64Array[], S: number, H: number) => (await f.forecast(hs, H, S, [0.5])).values.map((v) => Float64Array.from(v[0]!));
    const rows = await scoreMethods(windows, { model, 'seasonal naive': BASELINES['seasonal naive']! });
    const mean = (m: string) => {
      const rs = rows.filter((r) => r.method === m);
      return rs.reduce((a, r) => a + r.mase * r.windows, 0) / rs.reduce((a, r) => a + r.windows, 0);
    };
    const model_ = mean('model');
    const snaive = mean('seasonal naive');
    t.log(`held-out MASE: model ${model_.toFixed(3)}, seasonal naive ${snaive.toFixed(3)} over ${windows.length} windows`);
    t.true(model_ < 0.9 * snaive, `model ${model_} vs seasonal naive ${snaive}`);
    for (const g of new Set(rows.map((r) => r.group))) {
      const m = rows.find((r) => r.group === g && r.method === 'model')!.mase;
      const s = rows.find((r) => r.group === g && r.method === 'seasonal naive')!.mase;
      t.true(m < s, `${g}: model ${m} vs seasonal naive ${s}`);
    }
  } finally {
    await f.close();
  }
});
