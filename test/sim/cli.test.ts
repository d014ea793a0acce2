import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { keyPosition } from '../../core/keyspace.js';
import { findRangeIndex } from '../../core/ranges.js';
import { CONTRACT_KEYS } from '../../sim/metrics.js';
import { parseTimeline } from '../../sim/timeline.js';
import { SMALL_TRACE } from './small.js';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));

async function sim(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(process.execPath, [MAIN, 'sim', ...args], { maxBuffer: 64 << 20 });
    return { ...r, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** A small trace with daily cycles and a ramping hot key, integer ops: the planners act on it. */
function busyTrace(): string {
  let x = 7;
  const r = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ['t,key,ops,group'];
  for (let t = 0; t < 60; t++) {
    for (let k = 0; k < 120; k++) {
      const daily = 1 + Math.sin(((t + (k % 3) * 8) / 24) * 2 * Math.PI);
      let ops = Math.round((400 / (k + 1) ** 0.8) * daily * (0.8 + 0.4 * r()));
      if (k === 5 && t > 20) ops += Math.min(40, t - 20) * 40;
      if (ops > 0) lines.push(`${t},key${k},${ops},${k < 20 ? `g${Math.floor(t / 3) % 4}` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

test('--json prints exactly one object with the contract fields per policy', async (t) => {
  const path = join(dir, 'small.csv');
  writeFileSync(path, SMALL_TRACE);
  const r = await sim(['--trace', path, '--nodes', '2', '--capacity', '10', '--microshards', '2', '--json', '--bytes-per-key', '100', '--bandwidth', '100']);
  t.is(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  t.is(lines.length, 1);
  const out = JSON.parse(lines[0]!) as { policies: Record<string, Record<string, number>> };
  t.deepEqual(Object.keys(out), ['policies']);
  t.deepEqual(Object.keys(out.policies), ['static', 'reactive', 'predictive', 'oracle']);
  for (const m of Object.values(out.policies)) t.deepEqual(Object.keys(m).sort(), [...CONTRACT_KEYS].sort());
  t.like(out.policies['static'], { overloaded_node_intervals: 3, overload_excess_ops: 9, moves: 0, max_mean_p50: 2 });
  t.true(r.stderr.length > 0, 'progress on stderr');
});

test('--policies picks and orders the run; an unknown policy or a bad flag exits non-zero naming it', async (t) => {
  const path = join(dir, 'small2.csv');
  writeFileSync(path, SMALL_TRACE);
  const r = await sim(['--trace', path, '--nodes', '2', '--capacity', '10', '--policies', 'oracle,static', '--json']);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(Object.keys(JSON.parse(r.stdout).policies), ['oracle', 'static']);
  const bad = await sim(['--trace', path, '--nodes', '2', '--capacity', '10', '--policies', 'static,magic']);
  t.not(bad.code, 0);
  t.regex(bad.stderr, /--policies: unknown policy "magic"/);
  const badNodes = await sim(['--trace', path, '--nodes', 'two', '--capacity', '10']);
  t.not(badNodes.code, 0);
  t.regex(badNodes.stderr, /--nodes must be a positive integer, got "two"/);
  const missing = await sim(['--trace', path, '--nodes', '2']);
  t.not(missing.code, 0);
  t.regex(missing.stderr, /--capacity/);
  const human = await sim(['--trace', path, '--nodes', '2', '--capacity', '10', '--policies', 'static']);
  t.is(human.code, 0);
  t.regex(human.stdout, /overloaded_node_intervals/);
});

for (const [name, text, line] of [
  ['missing header', '0,a,1\n', 1],
  ['unsorted t', 't,key,ops\n1,a,1\n0,b,1\n', 3],
  ['negative ops', 't,key,ops\n0,a,1\n0,b,-2\n', 3],
  ['non-numeric ops', 't,key,ops\n0,a,many\n', 2],
] as const) {
  test(`a bad trace exits non-zero naming the line: ${name}`, async (t) => {
    const path = join(dir, `bad-${name.replace(/ /g, '-')}.csv`);
    writeFileSync(path, text);
    const r = await sim(['--trace', path, '--nodes', '2', '--capacity', '10', '--json']);
    t.not(r.code, 0);
    t.regex(r.stderr, new RegExp(`line ${line}:`));
    t.is(r.stdout, '');
  });
}

test('from the trace and the timelines anyone can recompute every node\'s load and the overload figures', async (t) => {
  const path = join(dir, 'busy.csv');
  const text = busyTrace();
  writeFileSync(path, text);
  const tl = join(dir, 'timeline');
  const nodes = 3;
  const capacity = 2600;
  const r = await sim(['--trace', path, '--nodes', String(nodes), '--capacity', String(capacity), '--microshards', '6', '--json', '--timeline', tl, '--horizon', '12', '--bytes-per-key', '1000', '--bandwidth', '8000']);
  t.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { policies: Record<string, Record<string, number>> };
  const rows = text.trim().split('\n').slice(1).map((l) => {
    const [tt, key, ops] = l.split(',');
    return { t: Number(tt), pos: keyPosition(key!), ops: Number(ops) };
  });
  const intervals = rows[rows.length - 1]!.t + 1;
  let changedSomewhere = false;
  for (const [policy, m] of Object.entries(out.policies)) {
    const entries = parseTimeline(readFileSync(join(tl, `${policy}.jsonl`), 'utf8'));
    t.is(entries[0]!.t, 0, `${policy}: first line is t=0`);
    if (entries.length > 1) changedSomewhere = true;
    let over = 0;
    let excess = 0;
    let e = 0;
    for (let u = 0; u < intervals; u++) {
      while (e + 1 < entries.length && entries[e + 1]!.t <= u) e++;
      const layout = entries[e]!.ranges;
      t.is(layout[layout.length - 1]!.end, 1n << 64n);
      const load = new Map<string, number>(Array.from({ length: nodes }, (_, i) => [`n${i}`, 0]));
      for (const row of rows) if (row.t === u) {
        const node = layout[findRangeIndex(layout, row.pos)]!.node;
        load.set(node, load.get(node)! + row.ops);
      }
      t.is(load.size, nodes);
      for (const l of load.values()) if (l > capacity) {
        over++;
        excess += l - capacity;
      }
    }
    t.is(over, m['overloaded_node_intervals'], `${policy}: overloaded node-intervals`);
    t.is(excess, m['overload_excess_ops'], `${policy}: excess ops`);
  }
  t.true(changedSomewhere, 'some policy changed the layout');
  t.true(out.policies['static']!['overloaded_node_intervals']! > 0, 'the trace overloads the static placement');
});
