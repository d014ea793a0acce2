// The sidecar process: one per storage node.
import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import { v1 } from '../platform/proto.js';
import { startServer } from '../platform/server.js';
import type { Logger } from '../platform/logger.js';
import { RouteTable, RouteTableError, type RouteUpdateWire } from '../core/route-table.js';
import type { AccessBatch__Output } from '../generated/proto/shardcast/v1/AccessBatch.js';
import type { ReportAccessSummary } from '../generated/proto/shardcast/v1/ReportAccessSummary.js';
import type { SidecarConfig } from './config.js';
import { SessionClient } from './session.js';
import { DatastoreLink } from './datastore-link.js';
import { sidecarHandlers } from './service.js';
import { MigrationAgent, MIGRATION_AGENT_SERVICE } from './migration/index.js';

export { SidecarConfigSchema, type SidecarConfig } from './config.js';

export interface RunningSidecar {
  nodeId: string;
  address: string;
  table: RouteTable;
  session: SessionClient;
  stop(): Promise<void>;
}

/** Counts access batches until the telemetry pipeline consumes them. */
async function countAccessReports(call: grpc.ServerReadableStream<AccessBatch__Output, ReportAccessSummary>): Promise<ReportAccessSummary> {
  let batches = 0;
  let records = 0;
  for await (const batch of call as AsyncIterable<AccessBatch__Output>) {
    batches++;
    records += batch.records.length;
  }
  return { batches, records, rejected: 0, errors: [] };
}

export async function startSidecar(config: SidecarConfig, log: Logger): Promise<RunningSidecar> {
  const table = new RouteTable();
  const routeEvents = new EventEmitter<{ applied: [update: RouteUpdateWire] }>();
  const migration = new MigrationAgent({ nodeId: config.nodeId, datastoreAddress: config.datastore, security: config.security, table, routeEvents, log });
  const server = await startServer(
    config.listen,
    config.security,
    (s) => {
      s.addService(v1.Sidecar.service, sidecarHandlers({ table, routeEvents, reportAccess: countAccessReports }));
      s.addService(migration.definition, migration.handlers());
    },
    ['shardcast.v1.Sidecar', MIGRATION_AGENT_SERVICE],
  );
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
  session.on('routes', (u) => {
    try {
      if (table.apply(u)) {
        routeEvents.emit('applied', u.full ? table.snapshot() : u);
        link.routesChanged();
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
    stop() {
      stopping ??= (async () => {
        session.stop();
        migration.close();
        link.close();
        await server.stop();
      })();
      return stopping;
    },
  };
}
