// The exec and webhook provisioners against real commands and a real HTTP server.
import test from 'ava';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecProvisioner, WebhookProvisioner, ProvisionError, createProvisioner, type ProvisionRequest } from '../../coordinator/capacity/provisioners/index.js';
import { CoordinatorConfigSchema } from '../../coordinator/index.js';
import { loadConfig } from '../../platform/config.js';

const dir = mkdtempSync(join(tmpdir(), 'shardcast-prov-test-'));
/** A command that records its argv and environment and prints a JSON answer. */
const recorder = join(dir, 'recorder.cjs');
writeFileSync(
  recorder,
  `const fs = require('fs');
const [out, mode] = process.argv.slice(2, 4);
fs.writeFileSync(out, JSON.stringify({ argv: process.argv.slice(2), env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('SHARDCAST_PROVISION_'))) }));
if (mode === 'fail') { process.stderr.write('quota exceeded for cpu\\n'); process.exit(3); }
if (mode === 'hang') setTimeout(() => {}, 60000);
else if (mode === 'text') console.log('started vm-42');
else console.log(JSON.stringify({ detail: 'started ' + process.argv[4], datastore_address: '10.0.0.9:7600' }));
`,
);

const req = (over: Partial<ProvisionRequest> = {}): ProvisionRequest => ({ nodeId: 'auto-1', cluster: 'prod', type: 'default', cpu: 2.5, memoryMb: 3072, capacityOpsPerS: 1000, coordinators: ['10.0.0.1:7400', '10.0.0.2:7400'], reason: 'predicted shortfall', deadlineMs: 5000, ...over });

test('exec: placeholders are substituted per argument, never through a shell', async (t) => {
  const out = join(dir, 'a.json');
  const p = new ExecProvisioner({ provisionCommand: [process.execPath, recorder, out, 'json', '{node_id}', '--cpu={cpu}', '--mem', '{memory_mb}', '{coordinators}', '{reason}'], retireCommand: [process.execPath, recorder, out, 'text', '{node_id}'] });
  const evil = 'x; touch ' + join(dir, 'pwned') + ' $(touch ' + join(dir, 'pwned2') + ') `id` "quoted" \'single\'';
  const res = await p.provision(req({ reason: evil }));
  t.is(res.detail, 'started auto-1');
  t.is(res.datastoreAddress, '10.0.0.9:7600');
  const seen = JSON.parse(readFileSync(out, 'utf8')) as { argv: string[]; env: Record<string, string> };
  t.deepEqual(seen.argv, [out, 'json', 'auto-1', '--cpu=2.5', '--mem', '3072', '10.0.0.1:7400,10.0.0.2:7400', evil]);
  t.false(existsSync(join(dir, 'pwned')));
  t.false(existsSync(join(dir, 'pwned2')));
  t.is(seen.env.SHARDCAST_PROVISION_NODE_ID, 'auto-1');
  t.is(seen.env.SHARDCAST_PROVISION_MEMORY_MB, '3072');
  const r = await p.retire({ nodeId: 'auto-1', cluster: 'prod', reason: 'low', deadlineMs: 5000 });
  t.is(r.detail, 'started vm-42');
});

test('exec: failures name the command, its exit code and stderr; a hung command is killed at the deadline', async (t) => {
  const out = join(dir, 'b.json');
  const fail = new ExecProvisioner({ provisionCommand: [process.execPath, recorder, out, 'fail'], retireCommand: ['true'] });
  await t.throwsAsync(fail.provision(req()), { instanceOf: ProvisionError, message: /failed \(exit 3\): quota exceeded for cpu/ });
  const hang = new ExecProvisioner({ provisionCommand: [process.execPath, recorder, out, 'hang'], retireCommand: ['true'], timeoutMs: 300 });
  const t0 = Date.now();
  await t.throwsAsync(hang.provision(req()), { instanceOf: ProvisionError, message: /did not finish within 300 ms \(killed\)/ });
  t.true(Date.now() - t0 < 5000);
  const missing = new ExecProvisioner({ provisionCommand: [join(dir, 'no-such-binary')], retireCommand: ['true'] });
  await t.throwsAsync(missing.provision(req()), { message: /not found/ });
  t.throws(() => new ExecProvisioner({ provisionCommand: ['x', '{nodeid}'], retireCommand: ['true'] }), { message: /provisionCommand\[1\]: unknown placeholder \{nodeid\}/ });
  t.throws(() => new ExecProvisioner({ provisionCommand: ['x'], retireCommand: ['y', '{cpu}'] }), { message: /retireCommand\[1\]: unknown placeholder \{cpu\}/ });
});

async function webhookServer(handler: (body: any, res: ServerResponse, req: IncomingMessage) => void): Promise<{ url: string; close(): Promise<void>; bodies: any[] }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const bodies: unknown[] = [];
  const srv = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const body = JSON.parse(text);
      bodies.push({ ...body, _auth: req.headers.authorization, _type: req.headers['content-type'] });
      handler(body, res, req);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/provision`, bodies, close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(() => r()); }) };
}

const answer = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

test('webhook: posts the request as JSON with the configured headers and validates the answer', async (t) => {
  const srv = await webhookServer((b, res) => answer(res, 200, { accepted: true, node_id: b.node_id, detail: `queued ${b.action} of ${b.node_id}` }));
  t.teardown(() => srv.close());
  const p = new WebhookProvisioner({ url: srv.url, headers: { authorization: 'Bearer hook' } });
  const res = await p.provision(req());
  t.is(res.detail, 'queued provision of auto-1');
  t.like(srv.bodies[0], { action: 'provision', node_id: 'auto-1', cluster: 'prod', cpu: 2.5, memory_mb: 3072, capacity_ops_per_s: 1000, coordinators: ['10.0.0.1:7400', '10.0.0.2:7400'], deadline_ms: 5000, _auth: 'Bearer hook', _type: 'application/json' });
  t.is((await p.retire({ nodeId: 'auto-1', cluster: 'prod', reason: 'low', deadlineMs: 1000 })).detail, 'queued retire of auto-1');
  t.is(srv.bodies[1].action, 'retire');
});

test('webhook: every bad answer is an error that says what was wrong', async (t) => {
  const cases: Array<[(b: any, res: ServerResponse) => void, RegExp]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    [(_b, res) => answer(res, 500, 'upstream broke'), /answered HTTP 500: upstream broke/],
    [(_b, res) => answer(res, 200, 'ok'), /body that is not JSON/],
    [(_b, res) => answer(res, 200, { ok: true }), /unexpected body: accepted: /],
    [(_b, res) => answer(res, 200, { accepted: false, detail: 'no capacity in zone' }), /refused: no capacity in zone/],
    [(_b, res) => answer(res, 200, { accepted: true, node_id: 'other' }), /answered for node "other", not auto-1/],
    [() => undefined, /did not answer within 300 ms/],
  ];
  for (const [handler, re] of cases) {
    const srv = await webhookServer(handler);
    // Closed even when an assertion fails (ava stops the test there): an open server would keep
    // the worker, and the whole run, waiting.
    t.teardown(() => srv.close());
    // Only the hung case needs the short deadline; the others answer at once, and a loaded
    // machine must not turn their answer into a time-out.
    const hangs = re.source.includes('did not answer');
    const p = new WebhookProvisioner({ url: srv.url, timeoutMs: hangs ? 300 : 10_000 });
    await t.throwsAsync(p.provision(req()), { instanceOf: ProvisionError, message: re });
  }
  t.throws(() => new WebhookProvisioner({ url: 'ftp://x' }), { message: /must be http\(s\)/ });
});

test('configuration: the provisioner is chosen in one place and its options are checked at start-up', (t) => {
  const base = { id: 'c1', etcd: { endpoints: ['http://127.0.0.1:2379'] } };
  const load = (flags: Record<string, unknown>) => loadConfig(CoordinatorConfigSchema, { flags: { ...base, ...flags } });
  t.throws(() => load({ provisioner: 'exec', scaleIntervalMs: 1000 }), { message: /provisionerExec: provisioner exec needs/ });
  t.throws(() => load({ provisioner: 'exec', scaleIntervalMs: 1000, provisionerExec: { provisionCommand: ['x', '{bogus}'], retireCommand: ['y'] } }), { message: /unknown placeholder \{bogus\}/ });
  t.throws(() => load({ provisioner: 'webhook', scaleIntervalMs: 1000, provisionerWebhook: { url: 'nope' } }), { message: /provisionerWebhook/ });
  t.throws(() => load({ provisioner: 'local' }), { message: /scaleIntervalMs: provisioner local is configured but the scaling loop is off/ });
  t.throws(() => load({ costModel: { types: { big: { costPerHour: -1 } } } }), { message: /costModel: cost model: types\.big\.costPerHour/ });
  t.throws(() => load({ capacity: { retireUtilisation: 0.95 } }), { message: /capacity: .*retireUtilisation/ });
  // Nested options from the environment arrive as JSON text.
  const fromEnv = loadConfig(CoordinatorConfigSchema, { flags: base, envPrefix: 'COORDINATOR', env: { SHARDCAST_COORDINATOR_PROVISIONER: 'webhook', SHARDCAST_COORDINATOR_SCALE_INTERVAL_MS: '5000', SHARDCAST_COORDINATOR_PROVISIONER_WEBHOOK: '{"url":"https://hooks.example/scale"}' } });
  t.is(createProvisioner(fromEnv, { mode: 'insecure' })?.kind, 'webhook');
  const none = load({});
  t.is(none.scaleIntervalMs, 0);
  t.is(createProvisioner(none, { mode: 'insecure' }), undefined);
});
