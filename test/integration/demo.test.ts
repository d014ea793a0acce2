// The main job: `shardcast demo` runs a whole cluster with a workload, shows it, and on SIGTERM
// stops every process it started and removes its temporary directory.
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI_MAIN } from '../../platform/process.js';
import { descendants, alive } from '../helpers/processes.js';


test('demo: live cluster with a workload, then SIGTERM leaves no process and no temp dir behind', async (t) => {
  const child = spawn(process.execPath, [CLI_MAIN, 'demo', '--microshards', '32'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  // Never leave a demo running if an assertion fails (it would keep the test worker alive).
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  });
  // Wait for frames that show a leader, three live nodes with microshards and traffic.
  const deadline = Date.now() + 60_000;
  let procs: number[] = [];
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const frames = out.split('shardcast demo —');
    const last = frames[frames.length - 2] ?? '';
    procs = descendants(child.pid!);
    if (/leader: coord-\d/.test(last) && (last.match(/node-\d\s+yes\s+\d+\s+\d+/g) ?? []).filter((l) => !/\s0$/.test(l)).length === 3 && /cluster_bootstrapped|leader_elected/.test(out)) break;
  }
  const dir = /cluster data and logs: (\S+)/.exec(out)?.[1];
  t.truthy(dir, out.slice(-2000));
  t.true(existsSync(dir!));
  const frames = out.split('shardcast demo —');
  const frame = frames[frames.length - 2] ?? '';
  t.regex(frame, /leader: coord-\d/, out.slice(-3000));
  const rows = frame.match(/node-\d\s+yes\s+(\d+)\s+(\d+)/g) ?? [];
  t.is(rows.length, 3, frame);
  for (const row of rows) {
    const [, ms, ops] = /node-\d\s+yes\s+(\d+)\s+(\d+)/.exec(row)!;
    t.true(Number(ms) > 0, `every node owns microshards: ${row}`);
    t.true(Number(ops) > 0, `every node serves traffic: ${row}`);
  }
  t.true(procs.length >= 1 + 2 + 3 + 3, `expected etcd, 2 coordinators, 3 storage nodes and 3 sidecars; saw ${procs.length} processes`);
  t.log(frame);

  child.kill('SIGTERM');
  t.is(await exited, 0, out.slice(-2000));
  await new Promise((r) => setTimeout(r, 300));
  const survivors = procs.filter(alive);
  t.deepEqual(survivors, [], 'every process the demo started is gone');
  t.false(existsSync(dir!), `${dir} removed`);
});
