// `shardcast demo`: a local cluster with a live workload, shown in the terminal.
import { Command, InvalidArgumentError } from 'commander';
import * as grpc from '@grpc/grpc-js';
import { LocalCluster } from '../../devcluster/cluster.js';
import { tenantKeys, Workload } from '../../devcluster/workload.js';
import { renderFrame } from '../../devcluster/dashboard.js';
import { ShardcastClient } from '../../client/index.js';
import { deadline } from '../../platform/server.js';
import type { ClusterStatus__Output } from '../../generated/proto/shardcast/v1/ClusterStatus.js';
import type { ListNodesResponse__Output } from '../../generated/proto/shardcast/v1/ListNodesResponse.js';
import type { LifecycleEvent__Output } from '../../generated/proto/shardcast/v1/LifecycleEvent.js';
import { formatEvent } from './ctl.js';
import { runPubSubDemo, DEFAULT_DAY_SECONDS, DEFAULT_PUBSUB_NODES } from './demo-pubsub.js';

const positiveInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
  return n;
};

/** Planner round interval in the kv demo (the coordinator's own default applies elsewhere). */
export const DEFAULT_DEMO_PLANNER_INTERVAL_MS = 10_000;

interface DemoFlags {
  nodes: number;
  coordinators: number;
  microshards: number;
  orphanPolicy: string;
  duration?: number;
  scenario: string;
  daySeconds: number;
  metrics: boolean;
  regions?: number;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('run a local cluster (etcd, coordinators, storage nodes with sidecars) with a live workload')
    .option('--nodes <n>', 'storage nodes', positiveInt('--nodes'), 3)
    .option('--coordinators <n>', 'coordinator replicas', positiveInt('--coordinators'), 2)
    .option('--microshards <n>', 'microshards', positiveInt('--microshards'), 64)
    .option('--orphan-policy <policy>', 'reassign | await (the demo\'s default is reassign; a coordinator\'s own default is await)', 'reassign')
    .option('--no-metrics', 'do not serve Prometheus /metrics (by default every process serves it on a free loopback port, listed at start)')
    .option('--duration <seconds>', 'stop by itself after this long', positiveInt('--duration'))
    .option('--scenario <name>', 'kv (Zipf-skewed key-value workload) or pubsub (topics with daily cycles and a ramping topic; proactive scaling with the local provisioner)', 'kv')
    .option('--day-seconds <seconds>', 'pubsub: length of one compressed day', positiveInt('--day-seconds'), DEFAULT_DAY_SECONDS)
    .option('--regions <n>', 'kv: nodes and clients in N regions, tenants (prefix key schema) used 85 % from their home region; shows the cross-region share of operations', positiveInt('--regions'))
    .action(async (f: DemoFlags, cmd: Command) => {
      if (f.orphanPolicy !== 'reassign' && f.orphanPolicy !== 'await') throw new InvalidArgumentError('--orphan-policy must be reassign or await');
      if (f.scenario !== 'kv' && f.scenario !== 'pubsub') throw new InvalidArgumentError('--scenario must be kv or pubsub');
      if (f.scenario === 'pubsub') return runPubSubDemo({ ...f, nodes: cmd.getOptionValueSource('nodes') === 'default' ? DEFAULT_PUBSUB_NODES : f.nodes, orphanPolicy: f.orphanPolicy });
      const regions = f.regions ? Array.from({ length: f.regions }, (_, i) => `region-${i + 1}`) : undefined;
      if (regions && f.nodes < regions.length) throw new InvalidArgumentError(`--regions ${regions.length} needs at least as many nodes (--nodes ${f.nodes})`);
      const tty = Boolean(process.stdout.isTTY);
      process.stdout.write(`starting etcd, ${f.coordinators} coordinators and ${f.nodes} storage nodes with sidecars…\n`);
      // The decision loop runs as in production: forecasts from real access reports, auctions, moves.
      // With regions: nodes take them round robin, keys are tenant/item under the prefix schema.
      const cluster = await LocalCluster.start({
        coordinators: f.coordinators,
        nodes: f.nodes,
        microshards: f.microshards,
        orphanPolicy: f.orphanPolicy,
        logToFiles: true,
        plannerIntervalMs: DEFAULT_DEMO_PLANNER_INTERVAL_MS,
        metrics: f.metrics,
        transport: 'mtls',
        ...(regions ? { keySchema: 'prefix' as const, nodeRegions: Array.from({ length: f.nodes }, (_, i) => regions[i % regions.length]!) } : {}),
      });
      let stopping: Promise<void> | undefined;
      let timer: NodeJS.Timeout | undefined;
      const clients: ShardcastClient[] = [];
      const workloads: Workload[] = [];
      const events: string[] = [];
      let eventStream: grpc.ClientReadableStream<LifecycleEvent__Output> | undefined;
      const stop = (why: string) => {
        stopping ??= (async () => {
          if (timer) clearInterval(timer);
          eventStream?.cancel();
          await Promise.all(workloads.map((w) => w.stop()));
          for (const c of clients) c.close();
          await cluster.stop();
          process.stdout.write(`\n${why}: stopped every process and removed ${cluster.baseDir}\n`);
        })();
        return stopping;
      };
      process.on('SIGINT', () => void stop('SIGINT').then(() => process.exit(0)));
      process.on('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0)));
      try {
        process.stdout.write(`cluster data and logs: ${cluster.baseDir}\n`);
        const dashboard = `${[...cluster.dashboardUrls.values()][0] ?? '?'}/`;
        process.stdout.write(`dashboard: ${dashboard}\n`);
        for (const [name, address] of cluster.metricsAddresses) process.stdout.write(`metrics ${name}: http://${address}/metrics\n`);
        const sidecars = [...cluster.sidecars.values()].map((s) => s.address);
        // One client per region (each naming its region on every call), or one plain client.
        for (const [i, region] of (regions ?? [undefined]).entries()) {
          const c = new ShardcastClient({ sidecars, security: cluster.security({ role: 'client' }), region });
          await c.start(30_000);
          clients.push(c);
          const w = new Workload(c, region ? { region, nextKey: tenantKeys(i, regions!.length), concurrency: 8 } : {});
          w.start();
          workloads.push(w);
        }
        const follow = () => {
          const s = cluster.admin().WatchEvents({ last: 20, follow: true });
          eventStream = s;
          s.on('data', (e: LifecycleEvent__Output) => {
            // "No action" records are many and stay queryable (ctl explain, ctl events): the view shows decisions.
            if (e.kind === 'planner_no_action') return;
            events.push(formatEvent(e));
            if (events.length > 50) events.shift();
          });
          s.on('error', () => {
            if (!stopping) setTimeout(follow, 1000);
          });
        };
        follow();
        const started = Date.now();
        const coordinators = cluster.coordinatorAddresses().join(',');
        const hints = [`dashboard: ${dashboard}`, `try in another terminal (mutual TLS, the demo's throwaway operator certificate): node dist/cli/main.js ctl status --coordinators ${coordinators} ${cluster.ctlArgs().join(' ')}`, `HTTP gateway: curl 'http://${[...cluster.gatewayAddresses.values()][0] ?? '?'}/get_shard_id?topic=user:42'`, `logs: ${cluster.baseDir}/logs/`];
        let last = Date.now();
        const firstMinute = { cross: 0, done: 0 };
        const tick = async () => {
          const now = Date.now();
          const dt = (now - last) / 1000;
          last = now;
          const all = workloads.map((w) => w.drain());
          const okByNode = new Map<string, number>();
          for (const c of all) for (const [k, v] of c.okByNode) okByNode.set(k, (okByNode.get(k) ?? 0) + v);
          const counts = { okByNode, errors: all.reduce((a, c) => a + c.errors, 0), lastError: all.find((c) => c.lastError)?.lastError, redirects: all.reduce((a, c) => a + c.redirects, 0) };
          const done = [...okByNode.values()].reduce((a, b) => a + b, 0);
          const cross = all.reduce((a, c) => a + c.crossRegion, 0);
          const admin = cluster.admin();
          const [status, nodes] = await Promise.all([
            new Promise<ClusterStatus__Output | undefined>((r) => admin.GetStatus({}, { deadline: deadline(800) }, (e, v) => r(e ? undefined : v))),
            new Promise<ListNodesResponse__Output | undefined>((r) => admin.ListNodes({}, { deadline: deadline(800) }, (e, v) => r(e ? undefined : v))),
          ]);
          const ops = new Map([...counts.okByNode].map(([k, v]) => [k, v / dt]));
          if (now - started < 60_000) {
            firstMinute.cross += cross;
            firstMinute.done += done;
          }
          const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : '-');
          const regionLine = regions ? [`cross-region share of operations (served by a node outside the client's region): ${pct(cross, done)} this second, ${pct(firstMinute.cross, firstMinute.done)} over the first minute`] : [];
          const frame = renderFrame({ status, nodes, opsPerSecByNode: ops, errorsPerSec: Math.round(counts.errors / dt), lastError: counts.lastError, redirects: counts.redirects, events, elapsedS: (now - started) / 1000, hints: [...regionLine, ...hints] }, tty, process.stdout.columns || 160);
          process.stdout.write(tty ? `\x1b[2J\x1b[H${frame}\n` : `${frame}\n\n`);
          if (f.duration && now - started >= f.duration * 1000) void stop(`ran for ${f.duration} s`).then(() => process.exit(0));
        };
        timer = setInterval(() => void tick().catch(() => undefined), 1000);
      } catch (err) {
        await stop(`failed: ${(err as Error).message}`);
        throw err;
      }
    });
}
