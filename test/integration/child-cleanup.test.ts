// A local cluster's processes die with the process that started them, even when it is killed
// without cleaning up (no orphans left behind by a crashed test or demo), etcd included.
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROCESS_MODULE = fileURLToPath(new URL('../../platform/process.js', import.meta.url));
const ETCD_MODULE = fileURLToPath(new URL('../../devcluster/etcd.js', import.meta.url));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('children of a killed parent exit within seconds', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'shardcast-parent-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'parent.mjs');
  writeFileSync(
    script,
    `import { spawnShardcast } from ${JSON.stringify(PROCESS_MODULE)};
const p = await spawnShardcast('ds', ['datastore', '--node-id', 'n1', '--data-dir', ${JSON.stringify(join(dir, 'data'))}, '--listen', '127.0.0.1:0', '--insecure']);
console.log(p.child.pid);
setInterval(() => {}, 1000);`,
  );
  const parent = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const childPid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  t.true(alive(childPid));
  parent.kill('SIGKILL');
  const deadline = Date.now() + 10_000;
  while (alive(childPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  t.false(alive(childPid), `child ${childPid} outlived its killed parent`);
});

test('the etcd of a killed parent exits too (Linux: parent-death signal through setpriv)', async (t) => {
  if (process.platform !== 'linux' || !['/usr/bin/setpriv', '/bin/setpriv'].some((p) => existsSync(p))) return t.pass('no setpriv here: etcd is started directly');
  const dir = mkdtempSync(join(tmpdir(), 'shardcast-parent-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'parent.mjs');
  writeFileSync(
    script,
    `import { startEtcd } from ${JSON.stringify(ETCD_MODULE)};
const e = await startEtcd({ dataDir: ${JSON.stringify(join(dir, 'etcd'))} });
console.log(e.process.pid);
setInterval(() => {}, 1000);`,
  );
  const parent = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const etcdPid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  t.true(alive(etcdPid));
  parent.kill('SIGKILL');
  const deadline = Date.now() + 10_000;
  while (alive(etcdPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  t.false(alive(etcdPid), `etcd ${etcdPid} outlived its killed parent`);
});
