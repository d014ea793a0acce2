// `shardcast demo --scenario pubsub` starts, shows the pub/sub frame, and stops by itself
// (--duration) leaving no process behind. The whole scaling story is the local provisioner test's.
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI_MAIN } from '../../platform/process.js';
import { descendants, alive } from '../helpers/processes.js';


test('demo --scenario pubsub: frames with nodes, forecasts, topics and decisions; stops by itself and cleans up', async (t) => {
  const child = spawn(process.execPath, [CLI_MAIN, 'demo', '--scenario', 'pubsub', '--day-seconds', '15', '--duration', '14', '--microshards', '16'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  // Never leave a demo running if an assertion fails (it would keep the test worker alive).
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let procs: number[] = [];
  const watch = setInterval(() => {
    const d = descendants(child.pid!);
    if (d.length > procs.length) procs = d;
  }, 500);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearInterval(watch);
  t.is(code, 0, out.slice(-2000));
  t.regex(out, /shardcast demo — pubsub — \d+ s — day \d, \d\d:\d\d \(a day lasts 15 s\)/);
  t.regex(out, /provisioner: local/);
  t.regex(out, /NODE +OPS\/S NOW/);
  t.regex(out, /node-1 +\d+ /);
  t.regex(out, /TOPIC +NOW\/S +PREDICTED p90\/S +NODE/);
  t.regex(out, /launch\/live/);
  t.regex(out, /DECISION +/);
  t.regex(out, /overloaded node-seconds \(actual ops\/s above 100\): \d+/);
  const dir = /stopped every process \(provisioned ones too\) and removed (\S+)/.exec(out)?.[1];
  t.truthy(dir);
  t.false(existsSync(dir!));
  t.true(procs.length >= 5, `saw ${procs.length} child processes`);
  // Provisioned nodes are stopped by their coordinator, or die with it (parent watchdog) within a second.
  for (let i = 0; i < 20 && procs.some(alive); i++) await new Promise((r) => setTimeout(r, 250));
  t.deepEqual(procs.filter(alive), []);
});
