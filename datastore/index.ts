// The reference storage node: an embedded LMDB key-value store serving the DataPlane contract
// (proto/shardcast/v1/dataplane.proto). Public surface: the config schema and startDatastore.
import { z } from 'zod';
import { HostPort } from '../platform/config.js';
import { TransportSecuritySchema, warnIfUnauthenticated } from '../platform/security.js';
import { startServer } from '../platform/server.js';
import { silentLogger, type Logger } from '../platform/logger.js';
import { v1 } from '../platform/proto.js';
import { Engine } from './engine.js';
import { Ownership } from './ownership.js';
import { DataPlaneService } from './service.js';
import { withRawIngestChunks } from './ingest.js';
import { DEFAULT_RECEIVE_WINDOWS } from '../platform/flow-control.js';
import { AccessReporter } from './access-reporter.js';
import { DEFAULT_CHANGE_LOG_RETENTION, DEFAULT_CHANGE_LOG_TRIM_INTERVAL_MS } from './limits.js';
import { createDatastoreMetrics } from './metrics.js';
import { instrumentService } from '../platform/rpc-metrics.js';
import { startMetricsServer, type MetricsServer } from '../platform/metrics-http.js';
import { DEFAULT_KEY_SCHEMA, KEY_SCHEMAS } from '../core/keyspace.js';

export * from './limits.js';

export const DATAPLANE_SERVICE = 'shardcast.v1.DataPlane';

export const DatastoreConfigSchema = z.object({
  nodeId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'node id: 1-64 of A-Z a-z 0-9 . _ -').describe('id of this storage node (the owner name in the route table)'),
  dataDir: z.string().min(1).describe('directory of the LMDB environment (created when missing)'),
  listen: HostPort.default('127.0.0.1:0').describe('gRPC listen address (port 0 picks a free one)'),
  changeLogRetention: z.coerce.number().int().positive().default(DEFAULT_CHANGE_LOG_RETENTION).describe('change-log entries kept for Export tails'),
  changeLogTrimIntervalMs: z.coerce.number().int().min(0).default(DEFAULT_CHANGE_LOG_TRIM_INTERVAL_MS).describe('how often the change log is trimmed (0: never)'),
  keySchema: z.enum(KEY_SCHEMAS).default(DEFAULT_KEY_SCHEMA).describe(`how keys map to positions (${KEY_SCHEMAS.join(' | ')}): must be the cluster's; recorded in the data directory`),
  sidecar: HostPort.optional().describe('the sidecar to report accesses to (ReportAccess); none: accesses are not reported'),
  metricsListen: HostPort.optional().describe('serve Prometheus GET /metrics here (port 0 picks one; unset: no metrics endpoint)'),
  security: TransportSecuritySchema,
});

export type DatastoreConfig = z.infer<typeof DatastoreConfigSchema>;

export interface RunningDatastore {
  /** host:port actually bound. */
  address: string;
  nodeId: string;
  /** host:port of /metrics (undefined when not served). */
  metricsAddress: string | undefined;
  /** Graceful stop: ends Export tails, drains the server, closes LMDB. */
  stop(): Promise<void>;
}

export async function startDatastore(input: z.input<typeof DatastoreConfigSchema>, log: Logger = silentLogger): Promise<RunningDatastore> {
  const config = DatastoreConfigSchema.parse(input);
  const engine = new Engine({ dataDir: config.dataDir, changeLogRetention: config.changeLogRetention, trimIntervalMs: config.changeLogTrimIntervalMs, log, keySchema: config.keySchema });
  // Fences survive a restart (a node that crashed mid-cutover must not accept writes the final
  // tail will never carry); the route table and the lease do not: the sidecar re-sends them.
  const ownership = new Ownership(config.nodeId, engine.loadFences(), config.keySchema);
  const access = config.sidecar ? new AccessReporter(config.sidecar, config.security, log) : undefined;
  const service = new DataPlaneService(engine, ownership, log, undefined, access, config.security);
  let server;
  let http: MetricsServer | undefined;
  try {
    warnIfUnauthenticated(config.security, log);
    let lastRefusalLogMs = 0;
    const metrics = config.metricsListen ? createDatastoreMetrics({ node: config.nodeId }) : undefined;
    const dataPlane = withRawIngestChunks(v1.DataPlane.service);
    const handlers = metrics ? instrumentService(dataPlane, service.handlers(), metrics.rpcDuration) : service.handlers();
    server = await startServer(config.listen, config.security, (s) => s.addService(dataPlane, handlers), [DATAPLANE_SERVICE], {
      nodeId: config.nodeId,
      // Logged at most every 10 s: a caller hammering a closed door must not flood the log.
      onRefused: (path, r) => {
        if (Date.now() - lastRefusalLogMs < 10_000) return;
        lastRefusalLogMs = Date.now();
        log.warn({ method: path, code: r.code, reason: r.message }, 'call refused');
      },
    }, { receiveWindows: DEFAULT_RECEIVE_WINDOWS });
    // Copies into this node then crawl (64 KiB in flight at a time); everything else works.
    if (!server.receiveWindowsSet) log.warn({}, 'could not widen the HTTP/2 receive windows (grpc-js internals moved): copies into this node will be slow');
    if (metrics && config.metricsListen) {
      const at = config.metricsListen.lastIndexOf(':');
      http = await startMetricsServer(Number(config.metricsListen.slice(at + 1)), metrics.registry, config.metricsListen.slice(0, at).replace(/^\[|\]$/g, ''));
      log.info({ metricsAddress: http.address }, 'metrics endpoint');
    }
  } catch (err) {
    await server?.stop();
    await engine.close();
    throw err;
  }
  log.info({ address: server.address, nodeId: config.nodeId, dataDir: config.dataDir, lastSeq: engine.lastSeq().toString() }, 'listening');
  let stopping: Promise<void> | undefined;
  return {
    address: server.address,
    nodeId: config.nodeId,
    metricsAddress: http?.address,
    stop() {
      stopping ??= (async () => {
        await service.endStreams();
        access?.close();
        await server.stop();
        await http?.close();
        await engine.close();
        log.info({ nodeId: config.nodeId }, 'stopped');
      })();
      return stopping;
    },
  };
}
