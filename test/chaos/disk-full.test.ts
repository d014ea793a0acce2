// Chaos: a storage node whose disk fills (issue 12). Its data directory is a small tmpfs mounted
// before the node starts (root only; skipped with the reason printed elsewhere). Writes go in
// through the client library until the disk is full; then: the failing write is
// RESOURCE_EXHAUSTED and was not applied, the process is still running, every acknowledged write
// reads back intact, and once space returns (the tmpfs is made larger) writes go through again.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { LocalCluster } from '../../devcluster/cluster.js';
import { ShardcastClient, ShardcastClientError } from '../../client/index.js';
import { waitAllServing } from '../integration/helpers.js';

/** Small enough to fill in a few seconds, large enough for lmdb's first map and a few hundred writes. */
const TMPFS_BYTES = 6 * 1024 * 1024;
const VALUE_BYTES = 4096;

function run(cmd: string, args: string[]): { ok: boolean; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0, err: (r.stderr || r.error?.message || '').trim() };
}

/** Whether this process may mount a tmpfs (root, and a kernel/container that allows it). */
function canMountTmpfs(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'shardcast-tmpfs-probe-'));
  try {
    const m = run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
    if (!m.ok) return `cannot mount a tmpfs here (${m.err || 'mount failed'}): the disk-full test needs root`;
    run('umount', [dir]);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cannot = canMountTmpfs();
if (cannot) console.log(`chaos › disk-full skipped: ${cannot}`);

(cannot ? test.skip : test)('a full disk: RESOURCE_EXHAUSTED, nothing acknowledged damaged, no crash; writes resume when space returns', async (t) => {
  t.timeout(90_000);
  const baseDir = mkdtempSync(join(tmpdir(), 'shardcast-diskfull-'));
  const dataDir = join(baseDir, 'data', 'node-1');
  mkdirSync(dataDir, { recursive: true });
  const mounted = run('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_BYTES}`, 'tmpfs', dataDir]);
  t.true(mounted.ok, mounted.err);
  let cluster: LocalCluster | undefined;
  t.teardown(async () => {
    await cluster?.stop();
    run('umount', [dataDir]);
    rmSync(baseDir, { recursive: true, force: true });
  });
  // One storage node: every key is its.
  cluster = await LocalCluster.start({ baseDir, coordinators: 1, nodes: 1, microshards: 4 });
  await cluster.waitLeader();
  await waitAllServing(cluster);
  const client = new ShardcastClient({ sidecars: [cluster.sidecars.get('node-1')!.address], security: cluster.security({ role: 'client' }) });
  t.teardown(() => client.close());
  await client.start();

  const valueOf = (i: number): Buffer => Buffer.alloc(VALUE_BYTES, `value-${i}-`);
  const acked: number[] = [];
  let refused: ShardcastClientError | undefined;
  let refusedAt = -1;
  for (let i = 0; i < 5_000 && !refused; i++) {
    try {
      await client.put(`full-${i}`, valueOf(i));
      acked.push(i);
    } catch (err) {
      refused = err as ShardcastClientError;
      refusedAt = i;
    }
  }
  t.log(`${acked.length} writes of ${VALUE_BYTES} bytes acknowledged before the ${TMPFS_BYTES / 1024 / 1024} MiB disk was full`);
  t.truthy(refused, 'the disk filled up');
  t.is(refused!.code, grpc.status.RESOURCE_EXHAUSTED, refused!.message);
  t.regex(refused!.message, /disk is full, nothing of this write was applied/);
  // Still full: refused again, the same way; reads go on.
  const again = await t.throwsAsync(client.put(`full-${refusedAt}`, valueOf(refusedAt)));
  t.is((again as ShardcastClientError).code, grpc.status.RESOURCE_EXHAUSTED);
  t.is(cluster.datastores.get('node-1')!.child.exitCode, null, 'the storage node is still running');
  t.false((await client.get(`full-${refusedAt}`)).found, 'the refused write was not applied');
  for (const i of acked) {
    const r = await client.get(`full-${i}`);
    if (!r.found || !r.value.equals(valueOf(i))) t.fail(`acknowledged write full-${i} reads back ${r.found ? 'changed' : 'missing'}`);
  }

  // Space returns.
  const grown = run('mount', ['-o', `remount,size=${TMPFS_BYTES * 4}`, dataDir]);
  t.true(grown.ok, grown.err);
  t.truthy((await client.put(`full-${refusedAt}`, valueOf(refusedAt))).version, 'the refused write goes through now');
  for (let i = 0; i < 50; i++) await client.put(`after-${i}`, valueOf(i));
  for (const i of [...acked, refusedAt]) {
    const r = await client.get(`full-${i}`);
    if (!r.found || !r.value.equals(valueOf(i))) t.fail(`full-${i} reads back ${r.found ? 'changed' : 'missing'} after space returned`);
  }
  t.is(cluster.datastores.get('node-1')!.child.exitCode, null);
  t.pass();
});
