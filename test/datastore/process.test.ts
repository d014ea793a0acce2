// The datastore as a real process through the CLI: kill -9 loses no acknowledged write, a
// restarted node refuses writes until its sidecar renews the lease, SIGTERM exits 0, and the
// command refuses to start without a transport choice.
import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { status, type ServiceError } from '@grpc/grpc-js';
import { assign, call, dataPlaneClient, fullTable, tempDir } from './helpers.js';
import type { DataPlaneClient } from '../../generated/proto/shardcast/v1/DataPlane.js';

const CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

interface Proc {
  child: ChildProcess;
  address: string;
  lines: string[];
  exited: Promise<number | null>;
}

/** Starts `shardcast datastore` and resolves with the address from its "listening" log line. */
function startProcess(args: string[]): Promise<Proc> {
  const child = spawn(process.execPath, [CLI, 'datastore', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 15 s; output:\n${lines.join('\n')}`)), 15_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      try {
        const rec = JSON.parse(line) as { msg?: string; address?: string };
        if (rec.msg === 'listening' && rec.address) {
          clearTimeout(timer);
          resolve({ child, address: rec.address, lines, exited });
        }
      } catch {
        // not JSON: keep it for the error message
      }
    });
    createInterface({ input: child.stderr! }).on('line', (line) => lines.push(`stderr: ${line}`));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`datastore exited with ${code} before listening:\n${lines.join('\n')}`));
    });
  });
}

async function put(client: DataPlaneClient, key: string, value: string): Promise<string> {
  const r = await call<{ version: string }>(client, 'Put', { key: Buffer.from(key), value: Buffer.from(value), epoch: '1' });
  return r.version;
}

test('kill -9: every acknowledged write survives with its version; restart refuses writes until ApplyAssignments; SIGTERM exits 0', async (t) => {
  const dir = tempDir(t);
  const args = ['--node-id', 'd1', '--data-dir', dir, '--listen', '127.0.0.1:0', '--insecure'];
  const first = await startProcess(args);
  t.teardown(() => {
    first.child.kill('SIGKILL');
  });
  const client = dataPlaneClient(first.address);
  await assign(client, 'd1', fullTable(1, [{ owner: 'd1', epoch: 1 }]));

  // 16 writers, each writing its keys twice (version 1, then 2), until the kill stops them: the
  // process dies with writes in flight. Odd writers write 4 keys per PutBatch (one group-committed
  // transaction), even ones one key per Put.
  const acked = new Map<string, { version: string; value: string }>();
  const inFlight = new Set<string>();
  let failures = 0;
  const writer = async (w: number): Promise<void> => {
    const batch = w % 2 === 1 ? 4 : 1;
    for (let i = 0; ; i++) {
      for (const round of [1, 2]) {
        const keys = Array.from({ length: batch }, (_, j) => `w${w}-k${i}-${j}`);
        for (const k of keys) inFlight.add(k);
        try {
          const versions =
            batch === 1
              ? [await put(client, keys[0]!, `${keys[0]}-r${round}`)]
              : (await call<{ results: Array<{ version: string }> }>(client, 'PutBatch', { entries: keys.map((k) => ({ key: Buffer.from(k), value: Buffer.from(`${k}-r${round}`), epoch: '1' })) })).results.map((r) => r.version);
          keys.forEach((k, j) => acked.set(k, { version: versions[j]!, value: `${k}-r${round}` }));
        } catch {
          failures++;
          return;
        }
        for (const k of keys) inFlight.delete(k);
      }
    }
  };
  const writers = Array.from({ length: 16 }, (_, w) => writer(w));
  while (acked.size < 400) await new Promise((r) => setTimeout(r, 10));
  first.child.kill('SIGKILL');
  t.is(await first.exited, null, 'killed by the signal');
  await Promise.all(writers);
  client.close();
  t.is(failures, 16, 'every writer was stopped by the kill');
  t.log(`${acked.size} keys acknowledged before kill -9`);

  const second = await startProcess(args);
  t.teardown(() => {
    second.child.kill('SIGKILL');
  });
  const again = dataPlaneClient(second.address);
  const refused = (await t.throwsAsync(put(again, 'x', 'y'))) as ServiceError;
  t.is(refused.code, status.UNAVAILABLE, 'no lease after a restart');
  t.regex(refused.details, /no route table yet/);
  await assign(again, 'd1', fullTable(1, [{ owner: 'd1', epoch: 1 }]));

  let exact = 0;
  for (const [key, want] of acked) {
    const got = await call<{ found: boolean; value: Buffer; version: string }>(again, 'Get', { key: Buffer.from(key) });
    t.true(got.found, `${key} lost`);
    // A write in flight at the kill may have landed after its predecessor's ack: never older.
    t.true(BigInt(got.version) >= BigInt(want.version), `${key} went back from version ${want.version} to ${got.version}`);
    if (!inFlight.has(key)) t.is(got.version, want.version, `${key} has no write in flight: its acknowledged version`);
    if (got.version === want.version) {
      exact++;
      if (got.value.toString() !== want.value) t.fail(`${key} has "${got.value}" at version ${got.version}, acknowledged "${want.value}"`);
    }
  }
  t.true(exact >= acked.size - inFlight.size, 'only keys with a write in flight may be ahead');
  const stats = await call<{ entries: string; lastSeq: string }>(again, 'Stats', {});
  t.true(BigInt(stats.entries) >= BigInt(acked.size));
  again.close();

  second.child.kill('SIGTERM');
  t.is(await second.exited, 0);
  t.true(second.lines.some((l) => l.includes('"msg":"stopped"')));
});

test('the command refuses to start without a transport choice, naming the flags', async (t) => {
  const child = spawn(process.execPath, [CLI, 'datastore', '--node-id', 'x', '--data-dir', tempDir(t)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // 'close', not 'exit': stderr may still be unread when the process has exited.
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  t.is(code, 2);
  t.regex(stderr, /--insecure/);
  t.regex(stderr, /--tls-cert/);
});

test('the command names a bad flag value', async (t) => {
  const child = spawn(process.execPath, [CLI, 'datastore', '--node-id', 'bad id!', '--data-dir', tempDir(t), '--listen', 'nowhere', '--insecure'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // 'close', not 'exit': stderr may still be unread when the process has exited.
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  t.is(code, 2);
  t.regex(stderr, /nodeId/);
  t.regex(stderr, /listen: expected host:port/);
});
