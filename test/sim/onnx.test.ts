import test from 'ava';
import { readMetadata, defaultModelPath } from '../../models/index.js';
import { simConfig } from '../../sim/config.js';
import { predictiveController } from '../../sim/controllers.js';
import { createForecaster, DEFAULT_FORECASTER } from '../../sim/forecasters.js';
import { simulate } from '../../sim/simulator.js';
import { parseTraceText } from '../../sim/trace.js';
import type { PlannerSnapshot } from '../../core/planner/snapshot.js';

/** 60 hourly intervals of daily cycles over 40 keys, one key ramping from t = 40. */
function trace(): string {
  const lines = ['t,key,ops'];
  for (let t = 0; t < 60; t++) {
    for (let k = 0; k < 40; k++) {
      let ops = Math.round((200 / (k + 1) ** 0.7) * (1.2 + Math.sin(((t + (k % 3) * 8) / 24) * 2 * Math.PI)));
      if (k === 3 && t >= 40) ops += (t - 39) * 60;
      if (ops > 0) lines.push(`${t},key${k},${ops}`);
    }
  }
  return lines.join('\n') + '\n';
}

test('predictive runs on the ONNX model by default: its version is in the run output, short histories use the fallback', async (t) => {
  t.is(DEFAULT_FORECASTER, 'onnx');
  const forecaster = await createForecaster();
  try {
    const cfg = simConfig({ nodes: 3, capacity: 900, microshards: 6, bytesPerKey: 1000, bandwidth: 8000, horizon: 12 });
    const snaps: PlannerSnapshot[] = [];
    const m = await simulate(parseTraceText(trace()), cfg, predictiveController(cfg.planner, forecaster, cfg.season, { onPlan: (s) => snaps.push(s) }));
    const meta = readMetadata(defaultModelPath());
    t.is(m.forecaster?.name, 'onnx');
    t.is(m.forecaster?.version, meta.version);
    t.is(forecaster.version, meta.version);
    const methods = m.forecaster!.methods;
    // One forecast per microshard per round: before one season the runtime's naive fallback,
    // then seasonal naive, and from two seasons (48 intervals) on the network itself.
    t.true((methods['naive'] ?? 0) > 0, JSON.stringify(methods));
    t.true((methods['seasonal-naive'] ?? 0) > 0, JSON.stringify(methods));
    t.true((methods['model'] ?? 0) > 0, JSON.stringify(methods));
    const total = Object.values(methods).reduce((a, b) => a + b, 0);
    t.is(total, snaps.reduce((a, s) => a + s.microshards.length, 0));
    // The planner saw each microshard's forecast record once the first forecasts were scored.
    const late = snaps[snaps.length - 1]!;
    t.true(late.microshards.every((ms) => ms.skill !== undefined && ms.skill.scored[0]! > 0));
    t.true(late.microshards.every((ms) => ms.forecast.p50.length === cfg.planner.horizon));
  } finally {
    await forecaster.close?.();
  }
});
