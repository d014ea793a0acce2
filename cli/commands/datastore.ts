// `shardcast datastore`: run the reference storage node (LMDB) serving the DataPlane contract.
import type { Command } from 'commander';
import { DatastoreConfigSchema, startDatastore } from '../../datastore/index.js';
import { addSecurityFlags, securityFromFlags, loadOrExit, requireTransportChoice, stopOnSignals, installCrashHandlers, createLogger, type SecurityFlags } from '../common.js';

interface Flags extends SecurityFlags {
  keySchema?: string;
  config?: string;
  nodeId?: string;
  dataDir?: string;
  listen?: string;
  changeLogRetention?: string;
  sidecar?: string;
  metricsListen?: string;
}

export function register(program: Command): void {
  addSecurityFlags(
    program
      .command('datastore')
      .description('run the reference storage node (embedded LMDB key-value store)')
      .option('--config <file>', 'YAML config file (flags and SHARDCAST_DATASTORE_* env override it)')
      .option('--node-id <id>', 'id of this storage node (as the route table names its owner)')
      .option('--data-dir <dir>', 'directory of the LMDB environment')
      .option('--listen <host:port>', 'gRPC listen address (port 0 picks a free one; the bound address is logged)')
      .option('--change-log-retention <entries>', 'change-log entries kept for Export tails')
      .option('--sidecar <host:port>', 'report accesses to this sidecar (ReportAccess)')
      .option('--metrics-listen <host:port>', 'serve Prometheus GET /metrics here (port 0 picks one; default: off)')
      .option('--key-schema <schema>', 'how keys map to positions: hash | prefix | prefix-ordered (the cluster\'s; default hash)'),
  ).action(async (f: Flags) => {
    const security = securityFromFlags(f);
    requireTransportChoice(security, f.config, 'DATASTORE');
    const config = loadOrExit(DatastoreConfigSchema, {
      file: f.config,
      envPrefix: 'DATASTORE',
      flags: { nodeId: f.nodeId, dataDir: f.dataDir, listen: f.listen, changeLogRetention: f.changeLogRetention, sidecar: f.sidecar, metricsListen: f.metricsListen, keySchema: f.keySchema, security },
    });
    const log = createLogger('datastore').child({ node: config.nodeId });
    installCrashHandlers(log);
    const running = await startDatastore(config, log);
    stopOnSignals(log, () => running.stop());
  });
}
