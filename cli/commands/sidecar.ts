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
  intervalMs?: string;
  metricsListen?: string;
  hostSampleMs?: string;
  sizeRefreshMs?: string;
  historySaveMs?: string;
  forecast?: boolean;
  forecastSeason?: string;
  forecastHorizon?: string;
  forecastThreads?: string;
  model?: string;
  anomalies?: boolean;
  anomalyProbation?: string;
  anomalyTail?: string;
  anomalyMinOpsPerS?: string;
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
      .option('--data-dir <dir>', 'local state directory (telemetry history; default <tmpdir>/shardcast-sidecar-<node-id>)')
      .option('--interval-ms <ms>', 'telemetry aggregation interval (default 10000)')
      .option('--metrics-listen <host:port>', 'serve Prometheus GET /metrics here (port 0 picks one; default: off)')
      .option('--host-sample-ms <ms>', 'host metrics sampling period (default 5000)')
      .option('--size-refresh-ms <ms>', 'how often microshard sizes are read from the storage node (0: never; default 60000)')
      .option('--history-save-ms <ms>', 'how often telemetry history is saved (default 60000)')
      .option('--forecast', 'forecast owned microshards after every interval (default)')
      .option('--no-forecast', 'send load reports without forecasts (no forecaster worker)')
      .option('--forecast-season <intervals>', 'forecast season in intervals (default 0: a day, capped at half the fine history)')
      .option('--forecast-horizon <intervals>', 'forecast steps in intervals (default 0: one season, at most 60)')
      .option('--forecast-threads <n>', 'ONNX Runtime intra-op threads (default 1)')
      .option('--model <file>', 'forecaster model (default: the committed models/forecaster.onnx)')
      .option('--anomalies', 'score owned microshards and the host for anomalies every interval (default)')
      .option('--no-anomalies', 'do not score series for anomalies')
      .option('--anomaly-probation <intervals>', 'intervals a new series is learnt before it can be flagged (default 150)')
      .option('--anomaly-tail <p>', 'detector sensitivity: tail probability that flags, in (0, 0.5) (default 1e-5; smaller = fewer flags)')
      .option('--anomaly-min-ops-per-s <n>', 'microshard anomalies closer than this to the expected load are not reported (default 5)'),
  ).action(async (f: Flags) => {
    const security = securityFromFlags(f);
    requireTransportChoice(security, f.config, 'SIDECAR');
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
        intervalMs: f.intervalMs,
        metricsListen: f.metricsListen,
        hostSampleMs: f.hostSampleMs,
        sizeRefreshMs: f.sizeRefreshMs,
        historySaveMs: f.historySaveMs,
        forecast: f.forecast,
        forecastSeason: f.forecastSeason,
        forecastHorizon: f.forecastHorizon,
        forecastThreads: f.forecastThreads,
        modelPath: f.model,
        anomalies: f.anomalies,
        anomalyProbation: f.anomalyProbation,
        anomalyTail: f.anomalyTail,
        anomalyMinOpsPerS: f.anomalyMinOpsPerS,
        security,
      },
    });
    const log = createLogger('sidecar').child({ node: config.nodeId });
    installCrashHandlers(log);
    const running = await startSidecar(config, log);
    stopOnSignals(log, () => running.stop());
  });
}
