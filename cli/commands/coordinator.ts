// `shardcast coordinator`: run one coordinator replica.
import type { Command } from 'commander';
import { CoordinatorConfigSchema, startCoordinator } from '../../coordinator/index.js';
import { addSecurityFlags, securityFromFlags, loadOrExit, requireTransportChoice, stopOnSignals, installCrashHandlers, createLogger, splitList, type SecurityFlags } from '../common.js';

interface Flags extends SecurityFlags {
  config?: string;
  id?: string;
  cluster?: string;
  listen?: string;
  advertise?: string;
  etcd?: string;
  etcdUser?: string;
  etcdPassword?: string;
  etcdCa?: string;
  microshards?: string;
  keySchema?: string;
  orphanPolicy?: string;
  bootstrapNodes?: string;
  electionTtl?: string;
  nodeLeaseTtlMs?: string;
  heartbeatIntervalMs?: string;
  metricsListen?: string;
  plannerIntervalMs?: string;
  plannerPolicy?: string;
}

export function register(program: Command): void {
  addSecurityFlags(
    program
      .command('coordinator')
      .description('run a coordinator replica (leader-elected through etcd)')
      .option('--config <file>', 'YAML config file (flags and SHARDCAST_COORDINATOR_* env override it)')
      .option('--id <id>', 'replica id')
      .option('--cluster <name>', 'cluster name (etcd key prefix)')
      .option('--listen <host:port>', 'gRPC listen address (port 0 picks a free one)')
      .option('--advertise <host:port>', 'address others use to reach this replica')
      .option('--etcd <urls>', 'comma-separated etcd client URLs (env SHARDCAST_ETCD)')
      .option('--etcd-user <user>', 'etcd username')
      .option('--etcd-password <password>', 'etcd password (env SHARDCAST_ETCD_PASSWORD)')
      .option('--etcd-ca <file>', 'PEM CA for etcd over TLS')
      .option('--microshards <n>', 'microshards created at bootstrap')
      .option('--key-schema <schema>', 'how keys map to positions: hash | prefix | prefix-ordered (set when the cluster is created; another one is refused later)')
      .option('--orphan-policy <policy>', 'reassign | await')
      .option('--bootstrap-nodes <n>', 'initial placement waits for this many live nodes')
      .option('--election-ttl <seconds>', 'leader lease TTL')
      .option('--node-lease-ttl-ms <ms>', 'node session lease TTL')
      .option('--heartbeat-interval-ms <ms>', 'sidecar heartbeat interval')
      .option('--metrics-listen <host:port>', 'serve Prometheus GET /metrics here (port 0 picks one; default: off)')
      .option('--planner-interval-ms <ms>', 'decision loop period on the leader (0: off; default 10000)')
      .option('--planner-policy <name>', 'placement policy (default: selected each round)'),
  ).action(async (f: Flags) => {
    const security = securityFromFlags(f);
    requireTransportChoice(security, Boolean(f.config));
    const endpoints = splitList(f.etcd ?? process.env.SHARDCAST_ETCD);
    const etcd = endpoints || f.etcdUser || f.etcdCa
      ? { endpoints, username: f.etcdUser, password: f.etcdPassword ?? process.env.SHARDCAST_ETCD_PASSWORD, caFile: f.etcdCa }
      : undefined;
    const config = loadOrExit(CoordinatorConfigSchema, {
      file: f.config,
      envPrefix: 'COORDINATOR',
      flags: {
        id: f.id,
        cluster: f.cluster,
        listen: f.listen,
        advertise: f.advertise,
        etcd: etcd && Object.fromEntries(Object.entries(etcd).filter(([, v]) => v !== undefined)),
        microshards: f.microshards,
        keySchema: f.keySchema,
        orphanPolicy: f.orphanPolicy,
        bootstrapNodes: f.bootstrapNodes,
        electionTtlS: f.electionTtl,
        nodeLeaseTtlMs: f.nodeLeaseTtlMs,
        heartbeatIntervalMs: f.heartbeatIntervalMs,
        metricsListen: f.metricsListen,
        plannerIntervalMs: f.plannerIntervalMs,
        plannerPolicy: f.plannerPolicy,
        security,
      },
    });
    const log = createLogger('coordinator').child({ coordinator: config.id });
    installCrashHandlers(log);
    const running = await startCoordinator(config, log);
    stopOnSignals(log, () => running.stop());
  });
}
