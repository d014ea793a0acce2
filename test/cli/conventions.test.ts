// The operator conventions of the `shardcast` command, run as an operator would: --version from
// package.json, one exit-code table (0 ok, 1 failure, 2 usage or configuration error), config
// files checked for unknown keys and a transport choice, `--out -` meaning standard output, and
// --timeout on ctl calls.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_MAIN } from '../../platform/process.js';

const run = (...args: string[]) => spawnSync(process.execPath, [CLI_MAIN, ...args], { encoding: 'utf8', timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'shardcast-cli-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test('--version is the version in package.json', (t) => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  const r = run('--version');
  t.is(r.status, 0);
  t.is(r.stdout.trim(), pkg.version);
});

test('exit codes: 2 for usage errors (bad flag, argument, option value), 1 for a failure', (t) => {
  t.is(run('ctl', 'status', '--no-such-flag').status, 2);
  t.is(run('ctl', 'migrate', 'abc', '--to', 'node-1').status, 2);
  t.is(run('ctl', 'status', '--timeout', 'soon').status, 2);
  t.regex(run('ctl', 'status', '--timeout', '0').stderr, /--timeout must be a whole number of milliseconds/);
  t.is(run('sim', '--policies', 'nope').status, 2);
  // Half a credential is a usage error naming what is missing, not a plaintext call.
  t.regex(run('ctl', 'status', '--mtls').stderr, /--mtls needs --tls-cert and --tls-key/);
  t.is(run('ctl', 'status', '--tls-cert', 'operator.crt').status, 2);
  // A well-formed call to a coordinator that is not there: a failure, not a usage error.
  const r = run('ctl', 'nodes', '--coordinators', '127.0.0.1:1', '--timeout', '500');
  t.is(r.status, 1);
  t.regex(r.stderr, /UNAVAILABLE|DEADLINE_EXCEEDED/);
});

test('ctl status: every coordinator given is asked, and an unreachable one makes it exit 1', (t) => {
  const r = run('ctl', 'status', '--coordinators', '127.0.0.1:1,127.0.0.1:2', '--timeout', '500', '--json');
  t.is(r.status, 1);
  const out = JSON.parse(r.stdout) as { health: Array<{ coordinator: string; status: string }> };
  t.deepEqual(out.health.map((h) => h.coordinator), ['127.0.0.1:1', '127.0.0.1:2']);
  t.true(out.health.every((h) => h.status === 'UNREACHABLE'));
});

test('config: unknown keys are errors naming the closest known key (exit 2)', (t) => {
  const cfg = file('typo.yaml', 'security: {mode: insecure}\nplanerIntervalMs: 5000\nelectionTtl: 3\netcd: {endpoints: ["http://127.0.0.1:1"], usrname: x}\n');
  const r = run('coordinator', '--id', 'c1', '--config', cfg);
  t.is(r.status, 2);
  t.regex(r.stderr, /planerIntervalMs: unknown option \(did you mean "plannerIntervalMs"\?\)/);
  t.regex(r.stderr, /electionTtl: unknown option \(did you mean "electionTtlS"\?\)/);
  t.regex(r.stderr, /etcd\.usrname: unknown option \(did you mean "etcd\.username"\?\)/);
});

test('config: a file without security: refuses to start rather than run plaintext (exit 2)', (t) => {
  const cfg = file('plain.yaml', 'id: c1\netcd: {endpoints: ["http://127.0.0.1:1"]}\n');
  for (const cmd of ['coordinator', 'sidecar', 'datastore']) {
    const r = run(cmd, '--config', cfg);
    t.is(r.status, 2, cmd);
    t.regex(r.stderr, /has no "security:" section/, cmd);
  }
});

test('forecast --out - writes the CSV to standard output (no file named "-")', (t) => {
  const input = file('in.csv', `id,v\na,${Array.from({ length: 48 }, (_, i) => 10 + (i % 24)).join(',')}\n`);
  const r = spawnSync(process.execPath, [CLI_MAIN, 'forecast', '--input', input, '--out', '-', '--horizon', '3', '--season', '24'], { encoding: 'utf8', timeout: 60_000, cwd: dir });
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /^id,1,2,3\na,/);
  t.throws(() => readFileSync(join(dir, '-')));
});

test('the crash handler logs an unhandled rejection, then exits 1', (t) => {
  const common = new URL('../../cli/common.js', import.meta.url).href;
  const script = `const m = await import(${JSON.stringify(common)}); m.installCrashHandlers(m.createLogger('crash-test')); Promise.reject(new Error('boom')); setTimeout(() => {}, 10000);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  t.is(r.status, 1);
  t.regex(r.stdout, /"msg":"unhandled rejection: exiting"/);
  t.regex(r.stdout, /boom/);
});

test('completion bash: a script bash accepts that completes commands, subcommands and options', (t) => {
  const r = run('completion', 'bash');
  t.is(r.status, 0, r.stderr);
  const script = file('completion.bash', r.stdout);
  const complete = (...words: string[]) =>
    spawnSync('bash', ['-c', `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _shardcast; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' }).stdout.trim();
  t.is(complete('shardcast', 'ctl', 'mi'), 'microshards migrate migrations');
  t.is(complete('shardcast', 'ctl', 'status', '--ti'), '--timeout');
  t.is(complete('shardcast', 'co'), 'completion coordinator');
  t.is(run('completion', 'fish').status, 2);
});
