// Operator-triggered lifecycle on a real cluster: ctl migrate/split/merge/drain/migrations
// (dry run unless --execute), events naming who asked, checksums at a merge's cutover (a
// corrupted target aborts it), the per-node throttle, the deadline, and refusals.
import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { CLI_MAIN } from '../../platform/process.js';
import { parsePosition, positionToHex } from '../../core/keyspace.js';
import { tilingViolation } from '../../core/ranges.js';
import { deadline } from '../../platform/server.js';
import { v1 } from '../../platform/proto.js';
import type { Migration__Output } from '../../generated/proto/shardcast/v1/Migration.js';
import type { Microshard__Output } from '../../generated/proto/shardcast/v1/Microshard.js';
import { Harness } from './harness.js';
import { Workload, keysInRange, sleep } from './workload.js';
import { checkHistory } from './checker.js';

const run = promisify(execFile);
const MAX_PER_NODE = 1;
process.env.SHARDCAST_COORDINATOR_MIGRATION_MAX_PER_NODE = String(MAX_PER_NODE);
process.env.SHARDCAST_COORDINATOR_MIGRATION_CLEANUP_GRACE_MS = '200';
process.env.SHARDCAST_COORDINATOR_MIGRATION_BYTES_PER_S = '50000000';

let h: Harness;
const owners = new Map<string, string>();

test.before(async () => {
  h = await Harness.start({ coordinators: 2, nodes: 3, microshards: 9, electionTtlS: 2, nodeLeaseTtlMs: 8_000, heartbeatIntervalMs: 500 });
});
test.after.always(async () => h?.stop());

async function ctl(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(process.execPath, [CLI_MAIN, 'ctl', ...args, '--coordinators', h.cluster.coordinatorAddresses().join(','), ...h.cluster.ctlArgs()], { timeout: 30_000 });
    return { ...r, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

function events(microshard: string) {
  return h.events(microshard);
}

const sorted = (ms: Microshard__Output[]) => [...ms].sort((a, b) => (parsePosition(a.start) < parsePosition(b.start) ? -1 : 1));
const asRanges = (ms: Microshard__Output[]) => ms.map((m) => ({ start: parsePosition(m.start), end: parsePosition(m.end, true) }));

test.serial('ctl migrate is a dry run unless --execute; --execute --wait moves it, and the events say who asked and what the pause was', async (t) => {
  const ms = await h.waitServing(10_000);
  const m = ms[0]!;
  const to = ['node-1', 'node-2', 'node-3'].find((n) => n !== m.owner)!;
  const wl = new Workload(h.client, keysInRange('c1', parsePosition(m.start), parsePosition(m.end, true), 6)).start();
  const dry = await ctl('migrate', m.id, '--to', to);
  t.is(dry.code, 0, dry.stderr);
  t.regex(dry.stdout, /^dry run: microshard \d+ .* moves node-\d -> node-\d/);
  t.regex(dry.stdout, /Add --execute to act/);
  t.deepEqual((await h.microshards()).find((x) => x.id === m.id), m, 'a dry run changes nothing');
  t.is((await h.migrations()).length, 0);

  const done = await ctl('migrate', m.id, '--to', to, '--execute', '--wait', '--as', 'alice');
  t.is(done.code, 0, done.stderr + done.stdout);
  t.regex(done.stdout, /migration 1: COPYING|migration 1: CATCHING_UP|migration 1: CUTOVER/);
  t.regex(done.stdout, /migration 1 DONE: write pause \d+ ms/);
  const after = (await h.microshards()).find((x) => x.id === m.id)!;
  t.is(after.owner, to);
  t.is(BigInt(after.epoch), BigInt(m.epoch) + 1n);
  await sleep(200);
  await wl.stop();
  const r = checkHistory(wl.writes, await wl.readFinal(), owners);
  t.true(r.ok, JSON.stringify(r));

  const cliEvents = await ctl('events', '--last', '50', '--microshard', m.id);
  t.is(cliEvents.code, 0);
  t.regex(cliEvents.stdout, /migration_done .*write pause \d+ ms.*\(operator:alice\)/);
  const evs = await events(m.id);
  const kinds = evs.map((e) => e.kind);
  t.true(['migration_planned', 'microshard_migrated', 'migration_done'].every((k) => kinds.includes(k)), kinds.join(','));
  t.true(evs.filter((e) => e.kind.startsWith('migration') || e.kind === 'microshard_migrated').every((e) => e.actor === 'operator:alice'));
  const doneEv = JSON.parse(evs.find((e) => e.kind === 'migration_done')!.inputsJson);
  t.true(doneEv.pauseMs >= 0, 'the pause is recorded in the DONE event');
  const [rec] = await h.migrations();
  t.is(rec!.pauseMs, doneEv.pauseMs, 'and in the migration record');
  console.log(`[measure] ctl migrate: write pause ${rec!.pauseMs} ms (fence to the target's sidecar serving the route), fence to commit ${rec!.fenceToCommitMs} ms`);

  const list = await ctl('migrations', '--all');
  t.regex(list.stdout, new RegExp(`throttle: at most ${MAX_PER_NODE} migrations per node, 50\\.0 MB/s per node`));
  t.regex(list.stdout, /ID\s+PHASE\s+MICROSHARD/);
  t.regex(list.stdout, new RegExp(`\\b1\\s+DONE\\s+${m.id}\\s+${m.owner} -> ${to}`));
  t.regex((await ctl('migrations')).stdout, /no migrations in flight/);
});

test.serial('split (at a point, at the midpoint) and merge in place while writes run: nothing lost, the table tiles, epochs rise', async (t) => {
  const ms = sorted(await h.waitServing(10_000));
  const m = ms[2]!;
  const start = parsePosition(m.start);
  const end = parsePosition(m.end, true);
  const wl = new Workload(h.client, keysInRange('c2', start, end, 8)).start();
  await sleep(200);
  const at = positionToHex(start + (end - start) / 4n);
  const dry = await ctl('split', m.id, '--at', at);
  t.regex(dry.stdout, new RegExp(`dry run: microshard ${m.id} .* splits at ${at}`));
  const split = await ctl('split', m.id, '--at', at, '--execute', '--as', 'bob', '--json');
  t.is(split.code, 0, split.stderr);
  const halves = JSON.parse(split.stdout).microshards as Microshard__Output[];
  t.deepEqual(halves.map((x) => [x.start, x.end]), [[m.start, at], [at, m.end]]);
  t.true(halves.every((x) => x.owner === m.owner && BigInt(x.epoch) === BigInt(m.epoch) + 1n));
  await sleep(300);
  const mid = await h.act<{ microshards: Microshard__Output[] }>('Split', { microshardId: halves[1]!.id, at: '', dryRun: false, requestedBy: 'bob' });
  await sleep(300);
  // Merge the first quarter with the next piece again (same node: metadata only).
  const merged = await h.act<{ merged: Microshard__Output; plan: string }>('Merge', { a: halves[0]!.id, b: mid.microshards[0]!.id, dryRun: false, requestedBy: 'bob' });
  t.is(merged.merged.start, m.start);
  t.is(merged.merged.end, mid.microshards[0]!.end);
  t.is(BigInt(merged.merged.epoch), BigInt(m.epoch) + 3n);
  await sleep(300);
  await wl.stop();
  const table = await h.microshards();
  t.is(tilingViolation(asRanges(table)), undefined);
  const r = checkHistory(wl.writes, await wl.readFinal(), owners);
  t.true(r.ok, JSON.stringify(r));
  t.true(r.acked > 20);
  const evs = await events(m.id);
  t.true(evs.some((e) => e.kind === 'microshard_split' && e.actor === 'operator:bob' && JSON.parse(e.inputsJson).at === at));
});

test.serial('merge across nodes: one moves with checksums compared at the cutover, then one microshard replaces both; a corrupted target aborts it with an event', async (t) => {
  const pick = async (skip: Set<string>) => {
    const ms = sorted(await h.waitServing(10_000));
    for (let i = 0; i + 1 < ms.length; i++) if (ms[i]!.owner !== ms[i + 1]!.owner && !skip.has(ms[i]!.id) && !skip.has(ms[i + 1]!.id)) return [ms[i]!, ms[i + 1]!] as const;
    throw new Error('no adjacent pair on different nodes');
  };
  const [a, b] = await pick(new Set());
  const keys = [...keysInRange('c3b', parsePosition(b.start), parsePosition(b.end, true), 6), ...keysInRange('c3a', parsePosition(a.start), parsePosition(a.end, true), 2)];
  const wl = new Workload(h.client, keys).start();
  await sleep(200);
  const dry = await ctl('merge', a.id, b.id);
  t.regex(dry.stdout, new RegExp(`dry run: microshards ${a.id} \\(on ${a.owner}\\) and ${b.id} \\(on ${b.owner}\\): ${b.id} moves to ${a.owner}`));
  const res = await ctl('merge', a.id, b.id, '--execute', '--wait', '--as', 'carol');
  t.is(res.code, 0, res.stdout + res.stderr);
  const rec = (await h.migrations()).find((m) => m.hasMerge && m.mergeWith === a.id)!;
  t.is(rec.phase, 'DONE');
  t.true(rec.merged);
  t.truthy(rec.sourceChecksum);
  t.is(rec.sourceChecksum, rec.targetChecksum, 'checksums of the range agreed at the cutover');
  const table = await h.microshards();
  t.falsy(table.find((m) => m.id === a.id || m.id === b.id));
  const c = table.find((m) => m.id === rec.mergedInto)!;
  t.is(c.start, a.start);
  t.is(c.end, b.end);
  t.is(c.owner, a.owner);
  t.is(BigInt(c.epoch), (BigInt(a.epoch) > BigInt(b.epoch) + 1n ? BigInt(a.epoch) : BigInt(b.epoch) + 1n) + 1n);
  t.is(tilingViolation(asRanges(table)), undefined);
  await wl.stop();
  t.true(checkHistory(wl.writes, await wl.readFinal(), owners).ok);
  t.true((await events(c.id)).some((e) => e.kind === 'microshards_merged' && e.actor === 'operator:carol'));

  // Now corrupt the target during the cutover (a key it should not have): the checksums differ.
  const [a2, b2] = await pick(new Set([c.id]));
  const wl2 = new Workload(h.client, keysInRange('c3c', parsePosition(b2.start), parsePosition(b2.end, true), 4)).start();
  const { migration } = await h.act<{ migration: Migration__Output }>('Merge', { a: a2.id, b: b2.id, dryRun: false, requestedBy: 'carol', holdPhase: 'CUTOVER', holdMs: 1_000 });
  await h.waitPhase(migration.id, 'CUTOVER');
  const target = new v1.DataPlane(h.cluster.datastores.get(a2.owner)!.address, h.cluster.credentials({ role: 'sidecar', nodeId: a2.owner }));
  const bogus = keysInRange('bogus', parsePosition(b2.start), parsePosition(b2.end, true), 1)[0]!;
  await new Promise<void>((resolve, reject) => {
    const s = target.Import({ deadline: deadline(5000) }, (e) => (e ? reject(e) : resolve()));
    s.write({ entries: [{ key: Buffer.from(bogus), value: Buffer.from('not on the source'), version: '1' }] });
    s.end();
  });
  const fin = await h.waitConverged(migration.id);
  t.is(fin.phase, 'ABORTED');
  t.regex(fin.error, /checksums differ/);
  const evs = await events(b2.id);
  const mismatch = evs.find((e) => e.kind === 'migration_checksum_mismatch');
  t.truthy(mismatch, evs.map((e) => e.kind).join(','));
  t.regex(mismatch!.reason, /merge is aborted/);
  // Nothing merged, b2 stays where it was and takes writes again (the source's fence was lifted).
  const table2 = await h.microshards();
  t.like(table2.find((m) => m.id === b2.id), { owner: b2.owner, epoch: b2.epoch, state: 'ACTIVE' });
  await sleep(300);
  await wl2.stop();
  const r2 = checkHistory(wl2.writes, await wl2.readFinal(), owners);
  t.true(r2.ok, JSON.stringify(r2));
  t.true(wl2.writes.some((w) => w.acked && w.node === b2.owner && w.epoch === b2.epoch && w.seq > 1));
  // The target's partial copy (and the bogus key) were dropped by the abort.
  const sum = await new Promise<{ entries: string }>((resolve, reject) => target.Checksum({ start: b2.start, end: b2.end }, { deadline: deadline(5000) }, (e, r) => (e ? reject(e) : resolve(r!))));
  t.is(sum.entries, '0');
  target.close();
});

test.serial('refusals: not the leader, bad arguments, busy ranges, impossible splits and merges', async (t) => {
  const ms = sorted(await h.waitServing(10_000));
  const call = (method: string, req: unknown, on: any) =>
    new Promise<any>((resolve, reject) => on[method](req, { deadline: deadline(5000) }, (e: grpc.ServiceError | null, r: unknown) => (e ? reject(e) : resolve(r))));
  const m = ms[0]!;
  const other = ['node-1', 'node-2', 'node-3'].find((n) => n !== m.owner)!;
  // A follower names the leader. Under heavy load leadership can change between reading it and
  // asking: then the check is repeated against the new leader (a few times at most).
  let leader = await h.leader();
  for (let attempt = 1; ; attempt++) {
    const follower = h.cluster.coordinatorAddresses().find((a) => a !== leader.address)!;
    const admin = new v1.Admin(follower, h.cluster.credentials());
    // A follower learns of a new leader through its election watch: give it a moment to name one.
    let notLeader: grpc.ServiceError | undefined;
    for (const stopAt = Date.now() + 10_000; ; ) {
      notLeader = await call('Migrate', { microshardId: m.id, toNode: other, dryRun: true }, admin).then(() => undefined, (e: grpc.ServiceError) => e);
      if (!notLeader || !/none elected yet/.test(notLeader.details) || Date.now() > stopAt) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    admin.close();
    if (!notLeader) {
      t.fail(`the follower at ${follower} accepted an operator action`);
      return;
    }
    if (/none elected yet/.test(notLeader.details)) t.log(await h.cluster.leadershipReport());
    const now = await h.leader();
    if (now.id !== leader.id && attempt < 4) {
      leader = now;
      continue;
    }
    t.is(notLeader.code, grpc.status.FAILED_PRECONDITION);
    t.regex(notLeader.details, new RegExp(`not the leader; send operator actions to ${leader.id} at ${leader.address.replace(/\./g, '\\.')}`));
    break;
  }
  const L = new v1.Admin(leader.address, h.cluster.credentials());
  const refused = async (method: string, req: unknown, code: grpc.status, re: RegExp) => {
    const e = (await t.throwsAsync(call(method, req, L))) as grpc.ServiceError;
    t.is(e.code, code, `${method} ${JSON.stringify(req)}: ${e.details}`);
    t.regex(e.details, re);
  };
  await refused('Migrate', { microshardId: m.id, toNode: 'no such node!', dryRun: true }, grpc.status.INVALID_ARGUMENT, /to_node/);
  await refused('Migrate', { microshardId: m.id, toNode: m.owner, dryRun: true }, grpc.status.FAILED_PRECONDITION, /already on/);
  await refused('Migrate', { microshardId: m.id, toNode: 'node-9', dryRun: true }, grpc.status.FAILED_PRECONDITION, /no live session/);
  await refused('Migrate', { microshardId: '99999', toNode: other, dryRun: true }, grpc.status.NOT_FOUND, /99999 does not exist/);
  await refused('Migrate', { microshardId: m.id, toNode: other, dryRun: true, holdPhase: 'LUNCH', holdMs: 10 }, grpc.status.INVALID_ARGUMENT, /hold_phase/);
  await refused('Split', { microshardId: m.id, at: 'xyz', dryRun: true }, grpc.status.INVALID_ARGUMENT, /hash position/);
  await refused('Split', { microshardId: m.id, at: m.start, dryRun: true }, grpc.status.FAILED_PRECONDITION, /not strictly inside/);
  await refused('Merge', { a: ms[0]!.id, b: ms[2]!.id, dryRun: true }, grpc.status.FAILED_PRECONDITION, /not adjacent/);
  await refused('Drain', { node: '', dryRun: true }, grpc.status.INVALID_ARGUMENT, /node must be a node id/);
  // A range with a migration in flight is busy for every other lifecycle step.
  const { migration } = await call('Migrate', { microshardId: m.id, toNode: other, dryRun: false, requestedBy: 't', holdPhase: 'COPYING', holdMs: 1_500 }, L);
  await refused('Migrate', { microshardId: m.id, toNode: other, dryRun: true }, grpc.status.FAILED_PRECONDITION, /busy: migration \d+/);
  await refused('Split', { microshardId: m.id, at: '', dryRun: false }, grpc.status.FAILED_PRECONDITION, /busy/);
  await refused('Merge', { a: ms[0]!.id, b: ms[1]!.id, dryRun: false }, grpc.status.FAILED_PRECONDITION, /busy/);
  t.is((await h.waitConverged(migration.id)).phase, 'DONE');
  // The CLI names a bad argument and exits non-zero.
  const bad = await ctl('migrate', 'abc', '--to', other);
  t.not(bad.code, 0);
  t.regex(bad.stderr, /microshard must be a decimal id, got "abc"/);
  const noTo = await ctl('migrate', m.id);
  t.not(noTo.code, 0);
  t.regex(noTo.stderr, /--to/);
  L.close();
});

test.serial('a migration that cannot finish by its deadline aborts itself; the data stays where it was', async (t) => {
  const ms = await h.waitServing(10_000);
  const m = ms[1]!;
  const other = ['node-1', 'node-2', 'node-3'].find((n) => n !== m.owner)!;
  const wl = new Workload(h.client, keysInRange('c5', parsePosition(m.start), parsePosition(m.end, true), 4)).start();
  const { migration } = await h.act<{ migration: Migration__Output }>('Migrate', { microshardId: m.id, toNode: other, dryRun: false, requestedBy: 't', deadlineMs: 1_000, holdPhase: 'CATCHING_UP', holdMs: 2_500 });
  const fin = await h.waitConverged(migration.id);
  t.is(fin.phase, 'ABORTED');
  t.regex(fin.error, /deadline passed/);
  t.like((await h.microshards()).find((x) => x.id === m.id), { owner: m.owner, epoch: m.epoch });
  await sleep(200);
  await wl.stop();
  t.true(checkHistory(wl.writes, await wl.readFinal(), owners).ok);
});

test.serial(`drain moves every microshard off a node, never more than ${MAX_PER_NODE} at a time per node`, async (t) => {
  await h.waitServing(10_000);
  const victim = 'node-3';
  const dry = await ctl('drain', victim);
  t.regex(dry.stdout, /dry run: drain node-3: \d+ migrations/);
  const before = (await h.microshards()).filter((m) => m.owner === victim);
  t.true(before.length > 0);
  const res = await h.act<{ migrations: Migration__Output[] }>('Drain', { node: victim, dryRun: false, requestedBy: 'dave' });
  t.is(res.migrations.length, before.length);
  let maxActive = 0;
  const ids = new Set(res.migrations.map((m) => m.id));
  for (const stopAt = Date.now() + 60_000; ; ) {
    const l = await h.read<{ migrations: Migration__Output[]; nodes: Array<{ node: string; active: number }> }>('ListMigrations', { all: true, limit: 0 });
    for (const n of l.nodes) maxActive = Math.max(maxActive, n.active);
    if (l.migrations.filter((m) => ids.has(m.id)).every((m) => m.phase === 'DONE' || m.phase === 'ABORTED')) break;
    if (Date.now() > stopAt) throw new Error('drain did not finish');
    await sleep(30);
  }
  t.true(maxActive <= MAX_PER_NODE, `at most ${MAX_PER_NODE} per node, saw ${maxActive}`);
  t.is(maxActive, 1);
  const table = await h.waitServing(10_000);
  t.deepEqual(table.filter((m) => m.owner === victim), []);
  t.true((await h.migrations()).filter((m) => ids.has(m.id)).every((m) => m.phase === 'DONE' && m.requestedBy === 'operator:dave'));
  // A drained node takes no new microshards (until its session ends).
  const some = table.find((m) => m.owner !== victim)!;
  const refused = await h.act('Migrate', { microshardId: some.id, toNode: victim, dryRun: true, requestedBy: 'dave' }).then(() => undefined, (e: grpc.ServiceError) => e);
  t.is(refused?.code, grpc.status.FAILED_PRECONDITION);
  t.regex(refused?.details ?? '', /node-3 is being drained/);
  // The mark is in etcd: every replica lists it, and a new leader keeps it.
  for (const a of h.cluster.coordinatorAddresses()) {
    const listed = await new Promise<any>((res, rej) => h.cluster.admin(a).ListNodes({}, { deadline: deadline(3000) }, (e, r) => (e ? rej(e) : res(r)))); // eslint-disable-line @typescript-eslint/no-explicit-any
    t.true(listed.nodes.find((n: any) => n.node.id === victim).draining, `draining on ${a}`); // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  const old = await h.leader();
  const p = h.cluster.coordinators.get(old.id)!;
  p.child.kill('SIGKILL');
  await p.exited;
  await h.cluster.startCoordinator(old.id);
  const again = await h.act('Migrate', { microshardId: some.id, toNode: victim, dryRun: true, requestedBy: 'dave' }, 20_000).then(() => undefined, (e: grpc.ServiceError) => e);
  t.regex(again?.details ?? '', /node-3 is being drained/, 'still draining after a leader failover');
  // ctl undrain: a dry run says what it would do; --execute lifts the mark.
  const dryUndrain = await ctl('undrain', victim);
  t.regex(dryUndrain.stdout, /dry run: node-3 is draining/);
  const undrained = await ctl('undrain', victim, '--execute');
  t.is(undrained.code, 0, undrained.stderr);
  t.regex(undrained.stdout, /node-3 takes new microshards again/);
  const nodesOut = await ctl('nodes');
  t.notRegex(nodesOut.stdout, /draining/);
  const moved = await h.act<{ migration: { target: string } }>('Migrate', { microshardId: some.id, toNode: victim, dryRun: true, requestedBy: 'dave' });
  t.is(moved.migration.target, victim);
});
