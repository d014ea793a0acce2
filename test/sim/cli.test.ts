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

/** Tenants with home regions: 80 % of each tenant's ops from home, the rest from the next region. */
function regionTrace(): string {
  const regions = ['eu', 'us', 'ap'];
  const lines = ['t,key,ops,region'];
  for (let t = 0; t < 40; t++) {
    for (let k = 0; k < 12; k++) {
      const home = k % 3;
      for (let i = 0; i < 5; i++) {
        const ops = 20 + ((k * 7 + t * 3 + i) % 11);
        lines.push(`${t},tenant${k}/i${i},${Math.round(ops * 0.8)},${regions[home]}`);
        lines.push(`${t},tenant${k}/i${i},${Math.round(ops * 0.2)},${regions[(home + 1) % 3]}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

test('regions: cross_region_fraction and access latency percentiles, recomputable from the trace and the timelines', async (t) => {
  const path = join(dir, 'regions.csv');
  const text = regionTrace();
  writeFileSync(path, text);
  const latency = join(dir, 'latency.csv');
  writeFileSync(latency, 'from,eu,us,ap\neu,2,80,160\nus,80,2,120\nap,160,120,2\n');
  const tl = join(dir, 'timeline-regions');
  const nodeRegions = ['eu', 'us', 'ap'];
  const r = await sim(['--trace', path, '--nodes', '3', '--capacity', '2000', '--microshards', '6', '--key-schema', 'prefix', '--node-regions', nodeRegions.join(','), '--region-latency-ms', latency, '--policies', 'static,predictive', '--json', '--timeline', tl, '--horizon', '8', '--bytes-per-key', '1000', '--bandwidth', '8000']);
  t.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { policies: Record<string, Record<string, number>> };
  const lat: Record<string, Record<string, number>> = { eu: { eu: 2, us: 80, ap: 160 }, us: { eu: 80, us: 2, ap: 120 }, ap: { eu: 160, us: 120, ap: 2 } };
  const rows = text.trim().split('\n').slice(1).map((l) => {
    const [tt, key, ops, region] = l.split(',');
    return { t: Number(tt), pos: keyPosition(key!, 'prefix'), ops: Number(ops), region: region! };
  });
  for (const [policy, m] of Object.entries(out.policies)) {
    t.deepEqual(Object.keys(m).sort(), [...CONTRACT_KEYS, 'cross_region_fraction', 'access_latency_ms_p50', 'access_latency_ms_p99'].sort());
    const entries = parseTimeline(readFileSync(join(tl, `${policy}.jsonl`), 'utf8'));
    let all = 0;
    let cross = 0;
    const byMs = new Map<number, number>();
    let e = 0;
    for (const row of rows) {
      while (e + 1 < entries.length && entries[e + 1]!.t <= row.t) e++;
      const layout = entries[e]!.ranges;
      const node = layout[findRangeIndex(layout, row.pos)]!.node;
      const nodeRegion = nodeRegions[Number(node.slice(1))]!;
      all += row.ops;
      if (nodeRegion !== row.region) cross += row.ops;
      const ms = lat[row.region]![nodeRegion]!;
      byMs.set(ms, (byMs.get(ms) ?? 0) + row.ops);
    }
    t.true(Math.abs(cross / all - m['cross_region_fraction']!) < 1e-9, `${policy}: cross_region_fraction`);
    const pct = (p: number) => {
      let acc = 0;
      for (const [ms, ops] of [...byMs].sort((a, b) => a[0] - b[0])) if ((acc += ops) >= (p / 100) * all) return ms;
      return -1;
    };
    t.is(m['access_latency_ms_p50'], pct(50), `${policy}: p50`);
    t.is(m['access_latency_ms_p99'], pct(99), `${policy}: p99`);
  }
  t.true(out.policies['static']!['cross_region_fraction']! > 0.3, 'the static placement serves many ops from afar');
});

test('regions: bad input gets a clear error (schema, node regions, latency matrix)', async (t) => {
  const path = join(dir, 'regions-bad.csv');
  writeFileSync(path, 't,key,ops,region\n0,a/1,5,eu\n1,b/2,5,us\n');
  const base = ['--trace', path, '--nodes', '2', '--capacity', '10', '--policies', 'static', '--json'];
  const schema = await sim([...base, '--key-schema', 'tenant']);
  t.not(schema.code, 0);
  t.regex(schema.stderr, /--key-schema: unknown key schema "tenant" \(known: hash, prefix, prefix-ordered\)/);
  const count = await sim([...base, '--node-regions', 'eu,us,ap']);
  t.not(count.code, 0);
  t.regex(count.stderr, /--node-regions names 3 regions but there are 2 nodes/);
  const missing = await sim([...base, '--node-regions', 'eu,us', '--region-latency-ms', join(dir, 'no-such-matrix.csv')]);
  t.not(missing.code, 0);
  t.regex(missing.stderr, /--region-latency-ms: cannot read .*no-such-matrix\.csv: ENOENT/);
  const badPath = join(dir, 'bad-matrix.csv');
  writeFileSync(badPath, 'from,eu,us\neu,0,x\nus,5,0\n');
  const bad = await sim([...base, '--node-regions', 'eu,us', '--region-latency-ms', badPath]);
  t.not(bad.code, 0);
  t.regex(bad.stderr, /line 2: latency from "eu" to "us" must be a number >= 0, got "x"/);
  const lacking = join(dir, 'lacking-matrix.csv');
  writeFileSync(lacking, 'from,eu\neu,0\n');
  const lack = await sim([...base, '--node-regions', 'eu,us', '--region-latency-ms', lacking]);
  t.not(lack.code, 0);
  t.regex(lack.stderr, /the matrix has no row for node region "us"/);
  const header = join(dir, 'bad-header.csv');
  writeFileSync(header, 't,key,region,ops\n0,a,eu,1\n');
  const h = await sim([...base]);
  t.is(h.code, 0, h.stderr);
  const hb = await sim(['--trace', header, '--nodes', '2', '--capacity', '10', '--json']);
  t.not(hb.code, 0);
  t.regex(hb.stderr, /line 1: missing header: expected "t,key,ops" then optionally "group" and\/or "region"/);
});
