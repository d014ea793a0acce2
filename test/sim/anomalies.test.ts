// The simulator's predictive controller with the live anomaly rule: the interval a microshard's
// load jumps, it is planned on max(observed, forecast) with a widened band (without the rule the
// forecast, made from the past, does not see the jump).
import test from 'ava';
import { simConfig } from '../../sim/config.js';
import { predictiveController } from '../../sim/controllers.js';
import { SeasonalNaiveForecaster } from '../../sim/seasonal-forecaster.js';
import { simulate } from '../../sim/simulator.js';
import { parseTraceText } from '../../sim/trace.js';
import type { PlannerSnapshot } from '../../core/planner/snapshot.js';

/** 60 intervals of steady load over 40 keys; key 3 jumps to 20x at t = 45. */
function trace(): string {
  const lines = ['t,key,ops'];
  for (let t = 0; t < 60; t++) {
    for (let k = 0; k < 40; k++) {
      let ops = Math.round((100 / (k + 1) ** 0.5) * (1 + 0.05 * Math.sin(t * 1.7 + k)));
      if (k === 3 && t >= 45) ops *= 20;
      lines.push(`${t},key${k},${ops}`);
    }
  }
  return lines.join('\n') + '\n';
}

async function run(anomalies: boolean): Promise<Map<number, PlannerSnapshot>> {
  const cfg = simConfig({ nodes: 3, capacity: 2000, microshards: 6, bytesPerKey: 1000, bandwidth: 8000, horizon: 6, season: 24 });
  const snaps = new Map<number, PlannerSnapshot>();
  await simulate(parseTraceText(trace()), cfg, predictiveController(cfg.planner, new SeasonalNaiveForecaster(), cfg.season, { onPlan: (s) => snaps.set(s.now, s), anomalies: anomalies ? { probation: 20, minDeltaFraction: 0.05 } : undefined }));
  return snaps;
}

test('predictive + anomaly rule: the jump is planned on at the interval it happens; without it the forecast lags', async (t) => {
  const on = await run(true);
  const off = await run(false);
  // The microshard holding key 3: the one whose load jumped at 45.
  const jumped = (s: PlannerSnapshot) => s.microshards.reduce((a, b) => (b.load > a.load ? b : a));
  const at = on.get(45)!;
  const m = jumped(at);
  t.true(m.load > 1000, `load ${m.load}`);
  t.true(m.forecast.p50[0]! >= m.load, `p50 ${m.forecast.p50[0]} >= observed ${m.load}`);
  t.true(m.forecast.p90[0]! >= 1.5 * m.load - 1e-9, 'band widened');
  t.is(m.skill, undefined, 'the forecast record does not calibrate an untrusted forecast');
  const base = off.get(45)!.microshards.find((x) => x.id === m.id)!;
  t.true(base.forecast.p50[0]! < m.load, `without the rule p50 ${base.forecast.p50[0]} lags the observed ${m.load}`);
  // Before the jump, steady load: the same forecasts with or without the rule (nothing flagged).
  const quiet = on.get(40)!;
  for (const x of quiet.microshards) t.deepEqual(Array.from(x.forecast.p50), Array.from(off.get(40)!.microshards.find((y) => y.id === x.id)!.forecast.p50));
});
