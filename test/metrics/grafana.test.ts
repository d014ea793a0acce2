// The Grafana dashboard shipped in docs/grafana/shardcast.json queries only metrics that a real
// coordinator and a real storage node export, and the exports follow Prometheus conventions:
// Node's process metrics unprefixed, no `_utilisation` (fractions are `_ratio`), counters `_total`.
import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd } from '../../devcluster/etcd.js';
import { startCoordinator, CoordinatorConfigSchema } from '../../coordinator/index.js';
import { startDatastore } from '../../datastore/index.js';
import { loadConfig } from '../../platform/config.js';
import { silentLogger } from '../../platform/logger.js';

const DASHBOARD = new URL('../../../docs/grafana/shardcast.json', import.meta.url);

/** Metric family names and their types from an exposition (`# TYPE name type`). */
function families(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(m[1]!, m[2]!);
  return out;
}

/** Every series name a scrape can show: histogram families also as _bucket, _sum, _count. */
function seriesNames(fams: Map<string, string>): Set<string> {
  const out = new Set<string>();
  for (const [name, type] of fams) {
    out.add(name);
    if (type === 'histogram' || type === 'summary') for (const s of ['_bucket', '_sum', '_count']) out.add(name + s);
  }
  return out;
}

test('every metric the Grafana dashboard queries is exported; exports follow the conventions', async (t) => {
  const etcd = await startEtcd();
  t.teardown(() => etcd.stop());
  const config = loadConfig(CoordinatorConfigSchema, {
    flags: { id: 'c1', listen: '127.0.0.1:0', metricsListen: '127.0.0.1:0', gatewayListen: '127.0.0.1:0', etcd: { endpoints: [etcd.endpoint] }, electionTtlS: 2, nodeLeaseTtlMs: 4000, security: { mode: 'insecure' } },
  });
  const coord = await startCoordinator(config, silentLogger);
  t.teardown(() => coord.stop());
  const ds = await startDatastore({ nodeId: 'n1', dataDir: mkdtempSync(join(tmpdir(), 'shardcast-ds-metrics-')), metricsListen: '127.0.0.1:0', security: { mode: 'insecure' } });
  t.teardown(() => ds.stop());
  t.truthy(ds.metricsAddress, 'the storage node serves /metrics');

  const scrape = async (address: string) => (await fetch(`http://${address}/metrics`)).text();
  const coordFams = families(await scrape(coord.metricsAddress!));
  const dsFams = families(await scrape(ds.metricsAddress!));
  const exported = seriesNames(new Map([...coordFams, ...dsFams]));

  const dash = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
  const queried = new Set<string>();
  for (const p of dash.panels) for (const tg of p.targets) for (const m of tg.expr.matchAll(/\b((?:shardcast|process|nodejs)_[a-z0-9_]+)\b/g)) queried.add(m[1]!);
  t.true(queried.size >= 15, `the dashboard queries ${queried.size} metrics`);
  const missing = [...queried].filter((q) => !exported.has(q));
  t.deepEqual(missing, [], `queried by docs/grafana/shardcast.json but not exported: ${missing.join(', ')}`);

  for (const [name, fams] of [['coordinator', coordFams], ['storage node', dsFams]] as const) {
    const names = [...fams.keys()];
    t.true(names.includes('process_cpu_seconds_total') && names.includes('nodejs_heap_size_used_bytes'), `${name}: standard process metrics, unprefixed`);
    t.deepEqual(names.filter((n) => /_process_|_nodejs_/.test(n)), [], `${name}: no prefixed process metrics`);
    t.deepEqual(names.filter((n) => /utilisation|utilization/.test(n)), [], `${name}: fractions are _ratio`);
    t.deepEqual(names.filter((n) => fams.get(n) === 'counter' && !n.endsWith('_total')), [], `${name}: counters end in _total`);
  }
});
