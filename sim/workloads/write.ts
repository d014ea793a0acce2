// Writes the workload scenarios as trace CSVs:
//   node dist/sim/workloads/write.js OUTDIR [scenario ...]
// and prints, per trace, the sim command that evaluates it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REGION_SCENARIOS, SCENARIOS as MAIN, writeTrace } from './index.js';

const SCENARIOS = { ...MAIN, ...REGION_SCENARIOS };

const [outDir, ...names] = process.argv.slice(2);
if (!outDir) {
  process.stderr.write(`usage: node dist/sim/workloads/write.js OUTDIR [${Object.keys(SCENARIOS).join(' ')}]\n`);
  process.exit(2);
}
for (const n of names) {
  if (!SCENARIOS[n]) {
    process.stderr.write(`unknown scenario "${n}" (known: ${Object.keys(SCENARIOS).join(', ')})\n`);
    process.exit(2);
  }
}
mkdirSync(outDir, { recursive: true });
for (const name of names.length > 0 ? names : Object.keys(MAIN)) {
  const s = SCENARIOS[name]!();
  const path = join(outDir, `${name}.csv`);
  const rows = await writeTrace(s, path);
  const regions = s.nodeRegions ? ` --node-regions ${s.nodeRegions.join(',')}` : '';
  const schema = s.keySchema ? ` --key-schema ${s.keySchema}` : '';
  process.stdout.write(`${path}: ${rows} rows; shardcast sim --trace ${path} --nodes ${s.nodes} --capacity ${s.capacity} --microshards ${s.microshards}${schema}${regions}\n`);
}
