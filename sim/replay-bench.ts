// Replay speed: writes a one-million-row trace (daily cycles, Zipf keys, a ramping crowd) and
// times what `shardcast sim` does with it: stream and parse, then every policy (static, the
// twelve reactive settings, predictive, oracle).
//   node dist/sim/replay-bench.js [--rows 1000000]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare } from './compare.js';
import { simConfig } from './config.js';
import { createForecaster } from './forecasters.js';
import { readTrace } from './trace.js';
import { rng, zipfWeights } from './workloads/random.js';
import { dayShape } from './workloads/scenario.js';

const i = process.argv.indexOf('--rows');
const ROWS = i >= 0 ? Number(process.argv[i + 1]) : 1_000_000;
const KEYS = 4000;
const INTERVALS = Math.ceil(ROWS / KEYS);
const NODES = 10;
const CAPACITY = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'replay-bench-'));
const path = join(dir, 'trace.csv');
const r = rng(9);
const pop = zipfWeights(KEYS, 0.6);
const out = createWriteStream(path);
let buf = 't,key,ops\n';
let rows = 0;
for (let t = 0; t < INTERVALS && rows < ROWS; t++) {
  for (let k = 0; k < KEYS && rows < ROWS; k++) {
    const crowd = k === 17 && t > INTERVALS / 2 ? Math.min(1, (t - INTERVALS / 2) / 8) * 0.8 * CAPACITY : 0;
    const ops = Math.max(1, Math.round(0.8 * NODES * CAPACITY * pop[k]! * dayShape((t + (k % 3) * 8) % 24) * (0.9 + 0.2 * r()) + crowd));
    buf += `${t},key${k},${ops}\n`;
    rows++;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
}
out.end(buf);
await once(out, 'finish');
const size = statSync(path).size;

const t0 = performance.now();
const trace = await readTrace(path);
const parsed = performance.now();
const forecaster = await createForecaster();
const result = await compare(trace, simConfig({ nodes: NODES, capacity: CAPACITY }), { forecaster });
const done = performance.now();
await forecaster.close?.();
rmSync(dir, { recursive: true, force: true });

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
process.stdout.write(`replay bench: ${rows.toLocaleString('en')} rows (${(size / 2 ** 20).toFixed(0)} MiB), ${trace.intervals} intervals, ${KEYS} keys, ${NODES} nodes\n`);
process.stdout.write(`  stream + parse            ${s(parsed - t0)}\n`);
process.stdout.write(`  all policies (15 replays) ${s(done - parsed)}   (static, 12 reactive settings, predictive, oracle)\n`);
process.stdout.write(`  total                     ${s(done - t0)}   goal < 60 s: ${done - t0 < 60_000 ? 'met' : 'MISSED'}\n`);
for (const [name, m] of Object.entries(result.policies)) process.stdout.write(`  ${name.padEnd(11)} overloaded ${m!.overloaded_node_intervals}, moves ${m!.moves}, decision p99 ${m!.decision_ms_p99.toFixed(1)} ms${m!.forecaster ? ` (forecaster ${m!.forecaster.version ?? m!.forecaster.name})` : ''}\n`);
