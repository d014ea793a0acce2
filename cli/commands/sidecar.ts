// `shardcast sidecar`: run the sidecar beside one storage node.
import type { Command } from 'commander';
import { SidecarConfigSchema, startSidecar } from '../../sidecar/index.js';
import { addSecurityFlags, securityFromFlags, loadOrExit, requireTransportChoice, stopOnSignals, installCrashHandlers, createLogger, splitList, type SecurityFlags } from '../common.js';

interface Flags extends SecurityFlags {
  config?: string;
  nodeId?: string;
  listen?: string;
  advertise?: string;
  coordinators?: string;
  datastore?: string;
  zone?: string;
  region?: string;
  capacity?: string;
  dataDir?: string;
}

export function register(program: Command): void {
  addSecurityFlags(
    program
      .command('sidecar')
      .description('run the sidecar beside a storage node')
      .option('--config <file>', 'YAML config file (flags and SHARDCAST_SIDECAR_* env override it)')
      .option('--node-id <id>', 'id of the storage node this sidecar serves')
      .option('--listen <host:port>', 'gRPC listen address (port 0 picks a free one)')
      .option('--advertise <host:port>', 'address clients use to reach this sidecar')
      .option('--coordinators <list>', 'comma-separated coordinator addresses (any replica)')
      .option('--datastore <host:port>', "the storage node's DataPlane address")
      .option('--zone <zone>', 'placement zone label')
      .option('--region <region>', 'placement region label')
      .option('--capacity <ops-per-s>', 'operations per second the node is sized for')
      .option('--data-dir <dir>', 'local state directory'),
  ).action(async (f: Flags) => {
    const security = securityFromFlags(f);
    requireTransportChoice(security, Boolean(f.config));
    const config = loadOrExit(SidecarConfigSchema, {
      file: f.config,
      envPrefix: 'SIDECAR',
      flags: {
        nodeId: f.nodeId,
        listen: f.listen,
        advertise: f.advertise,
        coordinators: splitList(f.coordinators),
        datastore: f.datastore,
        zone: f.zone,
        region: f.region,
        capacityOpsPerS: f.capacity,
        dataDir: f.dataDir,
        security,
      },
    });
    const log = createLogger('sidecar').child({ node: config.nodeId });
    installCrashHandlers(log);
    const running = await startSidecar(config, log);
    stopOnSignals(log, () => running.stop());
  });
}
