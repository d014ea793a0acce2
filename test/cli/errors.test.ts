// Bad flags and bad arguments: a clear message naming what was wrong and a non-zero exit.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { CLI_MAIN } from '../../platform/process.js';

const run = (...args: string[]) => spawnSync(process.execPath, [CLI_MAIN, ...args], { encoding: 'utf8', timeout: 30_000 });

test('errors thrown by a command are printed, not swallowed', (t) => {
  const r = run('ctl', 'status', '--coordinators', 'not-an-address');
  t.not(r.status, 0);
  t.regex(r.stderr, /--coordinators: "not-an-address" is not host:port/);
  const r2 = run('ctl', 'reassign', 'abc', '--execute');
  t.not(r2.status, 0);
  t.regex(r2.stderr, /microshard must be a decimal id, got "abc"/);
});

test('flag parse errors name the flag; unknown commands are refused', (t) => {
  const r = run('ctl', 'microshards', '--limit', 'x');
  t.not(r.status, 0);
  t.regex(r.stderr, /--limit must be a non-negative integer/);
  const u = run('frobnicate');
  t.not(u.status, 0);
  t.regex(u.stderr, /unknown command 'frobnicate'/);
});

test('a process without a transport choice or with invalid options refuses to start, naming them', (t) => {
  const r = run('coordinator', '--id', 'c1', '--etcd', 'http://127.0.0.1:1');
  t.is(r.status, 2);
  t.regex(r.stderr, /--insecure/);
  const bad = run('coordinator', '--id', 'bad id', '--etcd', '127.0.0.1:2379', '--insecure', '--microshards', '0');
  t.is(bad.status, 2);
  t.regex(bad.stderr, /id: coordinator id/);
  t.regex(bad.stderr, /etcd\.endpoints/);
  t.regex(bad.stderr, /microshards/);
  const s = run('sidecar', '--node-id', 'n1', '--insecure');
  t.is(s.status, 2);
  t.regex(s.stderr, /coordinators/);
  t.regex(s.stderr, /datastore/);
});

test('unreachable coordinator: a clear UNAVAILABLE, within the call deadline', (t) => {
  const r = run('ctl', 'status', '--coordinators', '127.0.0.1:1');
  t.is(r.status, 1);
  t.regex(r.stderr, /UNAVAILABLE/);
});
