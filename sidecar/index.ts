// The sidecar process: one per storage node.
import { EventEmitter } from 'node:events';
import { v1 } from '../platform/proto.js';
import { startServer } from '../platform/server.js';
import { refusalCounter } from '../platform/rpc-metrics.js';
import { warnIfUnauthenticated } from '../platform/security.js';
import type { Logger } from '../platform/logger.js';
import { RouteTable, RouteTableError, type RouteUpdateWire } from '../core/route-table.js';
import { withLeanReportAccess, instrumentService, METRIC_PREFIX } from './telemetry/index.js';
import { SidecarTelemetry } from './telemetry-pipeline.js';
import type { SidecarConfig } from './config.js';
import { SessionClient } from './session.js';
import { DatastoreLink } from './datastore-link.js';
import { sidecarHandlers } from './service.js';
import { MigrationAgent, MIGRATION_AGENT_SERVICE } from './migration/index.js';
import { ForegroundProbe } from './migration/foreground.js';
import { TopicTelemetry, topicsHandlers, sharedForecast, TOPICS_SERVICE } from './subscriptions/index.js';
import { SidecarBidder } from './bidding.js';

export { SidecarConfigSchema, type SidecarConfig } from './config.js';

export interface RunningSidecar {
  nodeId: string;
  address: string;
  table: RouteTable;
  session: SessionClient;
  telemetry: SidecarTelemetry;
  /** Per-topic subscription telemetry (the Topics service). */
  topics: TopicTelemetry;
  stop(): Promise<void>;
}

export async function startSidecar(config: SidecarConfig, log: Logger): Promise<RunningSidecar> {
  const table = new RouteTable();
  const routeEvents = new EventEmitter<{ applied: [update: RouteUpdateWire] }>();
  const migration = new MigrationAgent({ nodeId: config.nodeId, datastoreAddress: config.datastore, datastoreAdvertise: config.datastoreAdvertise, security: config.security, table, routeEvents, log });
  const telemetry = await SidecarTelemetry.start({ config, table, routeEvents, log });
  // Adaptive copies compare this node's foreground latency with its level before they started.
  const foreground = new ForegroundProbe(() => telemetry.aggregator.foreground);
  migration.foreground = foreground;
  const topics = new TopicTelemetry({ nodeId: config.nodeId, intervalMs: config.intervalMs, dataDir: telemetry.dataDir, historySaveMs: config.historySaveMs, forecast: sharedForecast(telemetry), log }).start();
  // ReportAccess on the lean path: batches are aggregated from their bytes (no decoded objects).
  warnIfUnauthenticated(config.security, log);
  const sidecarService = withLeanReportAccess(v1.Sidecar.service);
  const server = await startServer(
    config.listen,
    config.security,
    (s) => {
      s.addService(sidecarService, instrumentService(sidecarService, sidecarHandlers({ table, routeEvents, reportAccess: telemetry.reportAccess }), telemetry.metrics.rpcDuration));
      s.addService(migration.definition, migration.handlers());
      s.addService(v1.Topics.service, instrumentService(v1.Topics.service, topicsHandlers(topics), telemetry.metrics.rpcDuration));
    },
    ['shardcast.v1.Sidecar', MIGRATION_AGENT_SERVICE, TOPICS_SERVICE],
    { nodeId: config.nodeId, onRefused: refusalCounter(telemetry.metrics.registry, METRIC_PREFIX) },
  ).catch(async (err: unknown) => {
    await telemetry.stop(); // its forecaster worker would keep the process alive
    throw err;
  });
  const address = config.advertise ?? server.address;
  const link = new DatastoreLink(config.datastore, config.nodeId, table, config.security, log);
  const session = new SessionClient(
    config.coordinators,
    {
      nodeId: config.nodeId,
      datastoreAddress: config.datastoreAdvertise ?? config.datastore,
      sidecarAddress: address,
      zone: config.zone,
      region: config.region,
      capacityOpsPerS: config.capacityOpsPerS,
      version: '0.1.0',
    },
    config.security,
    log,
  );
  migration.bindSession(() => ({ connected: session.connected, leaderId: session.leaderId }));
  // Bids come from this node's own view: what it reports (loads, forecasts, host, co-access) and its route table.
  const bidder = new SidecarBidder({
    nodeId: config.nodeId,
    capacityOpsPerS: config.capacityOpsPerS,
    region: config.region,
    holds: (id) => table.microshard(id)?.owner === config.nodeId,
    hostCpu: () => telemetry.host.current()?.cpuUtilisation,
  });
  telemetry.sendTo((r) => {
    bidder.observe(r);
    return session.sendLoad(r);
  });
  telemetry.sendAnomaliesTo((r) => session.sendAnomalies(r));
  session.on('auction', (open) => {
    try {
      session.sendBid(bidder.bid(open));
    } catch (err) {
      log.error({ err: String(err), auction: open.auctionId }, 'could not compute a bid');
    }
  });
  session.on('routes', (u) => {
    try {
      if (table.apply(u)) {
        // The storage node first: its table is what activates a move's new owner (writes held
        // there for it, see DataPlane.ArmCutover), the rest (clients, telemetry) follows.
        link.routesChanged();
        routeEvents.emit('applied', u.full ? table.snapshot() : u);
      }
    } catch (err) {
      if (err instanceof RouteTableError) session.restart(err.message);
      else log.error({ err: String(err) }, 'bad route update');
    }
  });
  session.on('leaseRenewed', (validUntil) => link.renew(validUntil - config.leaseSafetyMarginMs));
  session.on('disconnected', (reason) => log.warn({ reason }, 'coordinator session lost; the storage node keeps its lease until it runs out'));
  session.start();
  log.info({ address, nodeId: config.nodeId }, 'listening');
  let stopping: Promise<void> | undefined;
  return {
    nodeId: config.nodeId,
    address,
    table,
    session,
    telemetry,
    topics,
    stop() {
      stopping ??= (async () => {
        session.stop();
        migration.close();
        foreground.stop();
        link.close();
        await server.stop();
        await topics.stop();
        await telemetry.stop();
      })();
      return stopping;
    },
  };
}
