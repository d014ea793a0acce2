import test from 'ava';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../../platform/config.js';
import { SidecarConfigSchema } from '../../sidecar/config.js';
import { CoordinatorConfigSchema } from '../../coordinator/config.js';

test('defaults < file < environment < flags', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'shardcast-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'sidecar.yaml');
  writeFileSync(file, 'nodeId: from-file\nzone: file-zone\nregion: file-region\ncoordinators: [10.0.0.1:7400]\ndatastore: 127.0.0.1:7600\n');
  const cfg = loadConfig(SidecarConfigSchema, {
    file,
    envPrefix: 'SIDECAR',
    env: { SHARDCAST_SIDECAR_ZONE: 'env-zone', SHARDCAST_SIDECAR_REGION: 'env-region', SHARDCAST_SIDECAR_COORDINATORS: 'a:1,b:2' },
    flags: { region: 'flag-region', listen: undefined },
  });
  t.is(cfg.nodeId, 'from-file');
  t.is(cfg.zone, 'env-zone');
  t.is(cfg.region, 'flag-region');
  t.deepEqual(cfg.coordinators, ['a:1', 'b:2']);
  t.is(cfg.listen, '127.0.0.1:7500');
  t.is(cfg.security.mode, 'insecure');
});

test('every invalid option is named in one error', (t) => {
  const err = t.throws(() => loadConfig(SidecarConfigSchema, { flags: { nodeId: 'bad id', coordinators: ['nope'], datastore: 'x' } }), { instanceOf: ConfigError });
  t.regex(err!.message, /nodeId/);
  t.regex(err!.message, /coordinators/);
  t.regex(err!.message, /datastore/);
});

test('coordinator: node lease must outlive a leader failover; TLS needs its files', (t) => {
  const base = { id: 'c1', etcd: { endpoints: ['http://127.0.0.1:2379'] } };
  t.notThrows(() => loadConfig(CoordinatorConfigSchema, { flags: base }));
  const e1 = t.throws(() => loadConfig(CoordinatorConfigSchema, { flags: { ...base, electionTtlS: 5, nodeLeaseTtlMs: 6000 } }));
  t.regex(e1!.message, /nodeLeaseTtlMs: must be at least twice the election TTL/);
  const e2 = t.throws(() => loadConfig(CoordinatorConfigSchema, { flags: { ...base, security: { mode: 'tls' } } }));
  t.regex(e2!.message, /needs certFile and keyFile/);
  const e3 = t.throws(() => loadConfig(CoordinatorConfigSchema, { flags: { ...base, etcd: { endpoints: ['127.0.0.1:2379'] } } }));
  t.regex(e3!.message, /http\(s\):\/\/host:port/);
});

test('a config file that is not YAML or not a mapping is reported with its path', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'shardcast-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'a: [1, 2\n');
  t.throws(() => loadConfig(SidecarConfigSchema, { file: bad }), { message: new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid YAML`) });
  writeFileSync(bad, '- 1\n- 2\n');
  t.throws(() => loadConfig(SidecarConfigSchema, { file: bad }), { message: /must hold a mapping/ });
  t.throws(() => loadConfig(SidecarConfigSchema, { file: join(dir, 'missing.yaml') }), { message: /cannot read config file/ });
});
