// `shardcast coordinator`: run one coordinator replica.
import type { Command } from 'commander';
import { CoordinatorConfigSchema, startCoordinator } from '../../coordinator/index.js';
import { addSchemaFlags, schemaFlags } from '../schema-flags.js';
import { addSecurityFlags, securityFromFlags, loadOrExit, requireTransportChoice, stopOnSignals, installCrashHandlers, createLogger, splitList, type SecurityFlags } from '../common.js';

interface Flags extends SecurityFlags {
  config?: string;
  etcd?: string;
  etcdUser?: string;
  etcdPassword?: string;
  etcdCa?: string;
  electionTtl?: string;
  [key: string]: unknown;
}

/** Keys with hand-written flags: the etcd section and the transport (security) section. */
const HAND_WRITTEN = ['etcd', 'security'];

export function register(program: Command): void {
  const cmd = program
    .command('coordinator')
    .description('run a coordinator replica (leader-elected through etcd)')
    .option('--config <file>', 'YAML config file (flags and SHARDCAST_COORDINATOR_* env override it)')
    .option('--etcd <urls>', 'comma-separated etcd client URLs (env SHARDCAST_ETCD; file: etcd.endpoints)')
    .option('--etcd-user <user>', 'etcd username (file: etcd.username)')
    .option('--etcd-password <password>', 'etcd password (env SHARDCAST_ETCD_PASSWORD; file: etcd.password)')
    .option('--etcd-ca <file>', 'PEM CA for etcd over TLS (file: etcd.caFile)')
    .option('--election-ttl <seconds>', 'the same as --election-ttl-s');
  // Every other option comes from the schema: one declaration, one default, one doc.
  const keys = addSchemaFlags(cmd, CoordinatorConfigSchema, HAND_WRITTEN);
  addSecurityFlags(cmd).action(async (f: Flags) => {
    const security = securityFromFlags(f);
    requireTransportChoice(security, f.config, 'COORDINATOR');
    const endpoints = splitList(f.etcd ?? process.env.SHARDCAST_ETCD);
    const etcd = endpoints || f.etcdUser || f.etcdCa
      ? { endpoints, username: f.etcdUser, password: f.etcdPassword ?? process.env.SHARDCAST_ETCD_PASSWORD, caFile: f.etcdCa }
      : undefined;
    const config = loadOrExit(CoordinatorConfigSchema, {
      file: f.config,
      envPrefix: 'COORDINATOR',
      flags: {
        ...schemaFlags(keys, f),
        electionTtlS: f.electionTtlS ?? f.electionTtl,
        etcd: etcd && Object.fromEntries(Object.entries(etcd).filter(([, v]) => v !== undefined)),
        security,
      },
    });
    const log = createLogger('coordinator').child({ coordinator: config.id });
    installCrashHandlers(log);
    const running = await startCoordinator(config, log);
    stopOnSignals(log, () => running.stop());
  });
}
