// The fault matrix (Jepsen-style): while a workload writes unique values with acknowledgements,
// a migration (or a merge across nodes, which moves one microshard first) runs; at one phase a
// process is killed with SIGKILL and started again in place. Each cell then checks: no
// acknowledged write lost or applied twice, one node per (microshard, epoch), epochs only
// increasing, and convergence (the migration DONE or ABORTED, every microshard owned and ACTIVE).
// After convergence each cell also splits the moved microshard in place while the writes go on.
// One cluster serves every cell; the matrix is printed at the end.
import test from 'ava';
import { KEYSPACE_END, parsePosition } from '../../core/keyspace.js';
import type { Migration__Output } from '../../generated/proto/shardcast/v1/Migration.js';
import type { Microshard__Output } from '../../generated/proto/shardcast/v1/Microshard.js';
import { Harness, type Fault } from './harness.js';
import { Workload, keysInRange, sleep } from './workload.js';
import { checkHistory, type WriteRecord } from './checker.js';

const FAULTS: Fault[] = ['source sidecar', 'target sidecar', 'leader coordinator', 'source storage node'];
const PHASES = ['COPYING', 'CATCHING_UP', 'CUTOVER', 'CLEANUP'] as const;
/** The orchestrator holds this long at the phase (CUTOVER: with the source fenced). */
const HOLD_MS = 1_500;
/** The fault lands this long after the phase shows in etcd (inside the hold). */
const KILL_DELAY_MS = 300;
/** The killed process stays down this long before it is started again. */
const DOWN_MS = 300;
/** "Converges within seconds". */
const CONVERGE_BOUND_MS = 20_000;
/** COPYING cells copy this much, throttled, so the kill lands in the middle of the snapshot. */
const PREFILL_KEYS = 48;
const PREFILL_VALUE = 'p'.repeat(4000);
const COPY_BYTES_PER_S = 64_000;

interface Cell {
  fault: Fault;
  phase: string;
  op: string;
  killed: string;
  outcome: string;
  acked: number;
  lost: number;
  dup: number;
  splitBrain: number;
  pauseMs: number;
  convergeMs: number;
  ok: boolean;
  note: string;
}

let h: Harness;
const cells: Cell[] = [];
const owners = new Map<string, string>();
let cellNo = 0;

test.before(async () => {
  h = await Harness.start({ coordinators: 2, nodes: 3, microshards: 12, electionTtlS: 3, nodeLeaseTtlMs: 8_000, heartbeatIntervalMs: 500 });
});

test.after.always(async () => {
  if (cells.length > 0) {
    const rows = [['FAULT', 'PHASE', 'OP', 'KILLED', 'OUTCOME', 'ACKED', 'LOST', 'DUP', '2-WRITERS', 'PAUSE_MS', 'CONVERGED_S', 'RESULT']];
    for (const c of cells) rows.push([c.fault, c.phase, c.op, c.killed, c.outcome, String(c.acked), String(c.lost), String(c.dup), String(c.splitBrain), c.pauseMs >= 0 ? String(Math.round(c.pauseMs)) : '-', (c.convergeMs / 1000).toFixed(1), c.ok ? 'pass' : `FAIL ${c.note}`]);
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    console.log(`\nMigration fault matrix (kill -9 at a phase, restart in place; ${cells.filter((c) => c.ok).length}/${cells.length} cells pass)\n${rows.map((r) => r.map((x, i) => x.padEnd(widths[i]!)).join('  ')).join('\n')}\n`);
  }
  await h?.stop();
});

function inRange(m: Microshard__Output, pos: bigint): boolean {
  return parsePosition(m.start) <= pos && pos < parsePosition(m.end, true);
}

/** A migration (COPYING, CUTOVER) or a merge across nodes (CATCHING_UP, CLEANUP) to fault. */
async function plan(phase: string, n: number): Promise<{ op: string; keys: string[]; moving: Microshard__Output; migration: Migration__Output; prefill: WriteRecord[] }> {
  const ms = (await h.waitServing(CONVERGE_BOUND_MS)).sort((a, b) => (parsePosition(a.start) < parsePosition(b.start) ? -1 : 1));
  const nodes = [...new Set(ms.map((m) => m.owner))].sort();
  const hold = { holdPhase: phase, holdMs: HOLD_MS, requestedBy: 'matrix', dryRun: false };
  if (phase === 'CATCHING_UP' || phase === 'CLEANUP') {
    const pairs = ms.slice(1).map((b, i) => [ms[i]!, b] as const).filter(([a, b]) => a.owner !== b.owner);
    const [a, b] = pairs[n % pairs.length]!;
    const keys = [...keysInRange(`m${n}b`, parsePosition(b.start), parsePosition(b.end, true), 8), ...keysInRange(`m${n}a`, parsePosition(a.start), parsePosition(a.end, true), 2), ...keysInRange(`m${n}x`, 0n, KEYSPACE_END, 2)];
    const start = async () => (await h.act<{ migration: Migration__Output }>('Merge', { a: a.id, b: b.id, ...hold })).migration;
    return { op: `merge ${a.id}+${b.id}`, keys, moving: b, migration: await startWith(keys, start), prefill: [] };
  }
  const moving = ms[(n * 5) % ms.length]!;
  const target = nodes.filter((x) => x !== moving.owner)[n % 2]!;
  const keys = [...keysInRange(`m${n}b`, parsePosition(moving.start), parsePosition(moving.end, true), 8), ...keysInRange(`m${n}x`, 0n, KEYSPACE_END, 4)];
  const prefill: WriteRecord[] = [];
  if (phase === 'COPYING') {
    const pk = keysInRange(`p${n}`, parsePosition(moving.start), parsePosition(moving.end, true), PREFILL_KEYS);
    await Promise.all(
      pk.map(async (k) => {
        const r = await h.client.put(k, PREFILL_VALUE + k);
        prefill.push({ key: k, seq: 1, value: PREFILL_VALUE + k, acked: true, version: Number(r.version), node: r.node, epoch: r.epoch, microshardId: r.microshardId });
      }),
    );
  }
  const start = async () =>
    (await h.act<{ migration: Migration__Output }>('Migrate', { microshardId: moving.id, toNode: target, maxBytesPerS: phase === 'COPYING' ? COPY_BYTES_PER_S : 0, deadlineMs: 30_000, ...hold })).migration;
  return { op: `move ${moving.id}`, keys, moving, migration: await startWith(keys, start), prefill };
}

let current: Workload | undefined;
async function startWith(keys: string[], start: () => Promise<Migration__Output>): Promise<Migration__Output> {
  current = new Workload(h.client, keys).start();
  await sleep(300);
  return start();
}

async function cell(fault: Fault, phase: string): Promise<Cell> {
  const n = ++cellNo;
  const p = await plan(phase, n);
  const wl = current!;
  const c: Cell = { fault, phase, op: p.op, killed: '', outcome: '', acked: 0, lost: 0, dup: 0, splitBrain: 0, pauseMs: -1, convergeMs: 0, ok: false, note: '' };
  try {
    const at = await h.waitPhase(p.migration.id, phase);
    if (at.phase !== phase) throw new Error(`the migration was already ${at.phase} when the fault was due at ${phase}`);
    await sleep(KILL_DELAY_MS);
    c.killed = await h.fault(fault, at, DOWN_MS);
    const restarted = Date.now();
    const fin = await h.waitConverged(p.migration.id, CONVERGE_BOUND_MS + 10_000);
    c.convergeMs = Date.now() - restarted;
    c.outcome = fin.phase + (fin.phase === 'DONE' && fin.hasMerge ? (fin.merged ? ' merged' : ' (merge skipped)') : '');
    c.pauseMs = fin.pauseMs;
    if (fin.phase === 'ABORTED') c.note = fin.error.slice(0, 60);
    // A split in place of wherever the moved keys live now, while the writes go on.
    const pos = (await import('../../core/keyspace.js')).keyPosition(p.keys[0]!);
    const holder = (await h.microshards()).find((m) => inRange(m, pos))!;
    await h.act('Split', { microshardId: holder.id, at: '', dryRun: false, requestedBy: 'matrix' });
    await sleep(400);
  } finally {
    await wl.stop();
  }
  const finals = await wl.readFinal();
  for (const w of p.prefill) {
    const g = await h.client.get(w.key);
    finals.set(w.key, { found: g.found, value: g.value.toString(), version: Number(g.version) });
  }
  const r = checkHistory([...p.prefill, ...wl.writes], finals, owners);
  c.acked = r.acked;
  c.lost = r.lost.length;
  c.dup = r.duplicated.length;
  c.splitBrain = r.splitBrain.length + r.epochRegressions.length;
  c.ok = r.ok && c.convergeMs <= CONVERGE_BOUND_MS && r.acked > 0;
  if (!r.ok) c.note = [...r.lost, ...r.duplicated, ...r.splitBrain, ...r.epochRegressions].slice(0, 3).join(' | ');
  else if (c.convergeMs > CONVERGE_BOUND_MS) c.note = `converged after ${c.convergeMs} ms`;
  return c;
}

for (const fault of FAULTS) {
  test.serial(`kill -9 the ${fault} at COPYING, CATCHING_UP, CUTOVER and CLEANUP: nothing lost or doubled, one writer per epoch, convergence`, async (t) => {
    t.timeout(110_000);
    for (const phase of PHASES) {
      const started = Date.now();
      let c: Cell;
      try {
        c = await cell(fault, phase);
      } catch (err) {
        c = { fault, phase, op: '?', killed: '', outcome: 'ERROR', acked: 0, lost: 0, dup: 0, splitBrain: 0, pauseMs: -1, convergeMs: 0, ok: false, note: (err as Error).message };
      }
      cells.push(c);
      t.log(`${phase}: ${c.op}, killed ${c.killed}, ${c.outcome}, ${c.acked} acked, converged in ${(c.convergeMs / 1000).toFixed(1)} s (cell ${((Date.now() - started) / 1000).toFixed(1)} s)${c.note ? ` — ${c.note}` : ''}`);
      t.true(c.ok, `${fault} at ${phase}: ${c.note}`);
    }
  });
}
