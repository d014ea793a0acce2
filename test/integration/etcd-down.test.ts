// While etcd is unreachable a coordinator says so: gRPC health NOT_SERVING, and `shardcast ctl
// status` prints NOT_SERVING and exits 1 (its answer comes from a mirror that may be stale).
import test from 'ava';
import { execFile } from 'node:child_process';
import { startEtcd } from '../../devcluster/etcd.js';
import { startCoordinator, CoordinatorConfigSchema } from '../../coordinator/index.js';
import { loadConfig } from '../../platform/config.js';
import { silentLogger } from '../../platform/logger.js';
import { CLI_MAIN } from '../../platform/process.js';

// Asynchronous: the coordinator runs in this process and must keep answering meanwhile.
const status = (address: string) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, [CLI_MAIN, 'ctl', 'status', '--coordinators', address, '--timeout', '2000'], { timeout: 30_000 }, (err, stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })),
  );

test('etcd down: health NOT_SERVING, ctl status says so and exits 1', async (t) => {
  const etcd = await startEtcd();
  let etcdUp = true;
  t.teardown(() => (etcdUp ? etcd.stop() : undefined));
  const config = loadConfig(CoordinatorConfigSchema, { flags: { id: 'c1', listen: '127.0.0.1:0', etcd: { endpoints: [etcd.endpoint] }, electionTtlS: 2, nodeLeaseTtlMs: 4000, security: { mode: 'insecure' } } });
  const coord = await startCoordinator(config, silentLogger);
  // Stopping with etcd gone must not hang the test: bounded.
  t.teardown(() => Promise.race([coord.stop(), new Promise((r) => setTimeout(r, 5_000))]));
  const up = await status(coord.address);
  t.is(up.status, 0, up.stderr);
  t.regex(up.stdout, /health 127\.0\.0\.1:\d+\s+SERVING/);

  await etcd.stop();
  etcdUp = false;
  // The probe needs two failed reads (about 2-4 s); ask until it reports.
  const until = Date.now() + 30_000;
  let down = await status(coord.address);
  while (!/NOT_SERVING/.test(down.stdout) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 1000));
    down = await status(coord.address);
  }
  t.regex(down.stdout, /NOT_SERVING/);
  t.regex(down.stderr, /is NOT_SERVING/);
  t.is(down.status, 1);
});
