// The coordinator process: one replica of the leader-elected control plane.
import { v1 } from '../platform/proto.js';
import { startServer } from '../platform/server.js';
import { LeaderForwarder } from './cluster/forward.js';
import type { Logger } from '../platform/logger.js';
import type { CoordinatorConfig } from './config.js';
import { connectEtcd } from './cluster/etcd.js';
import { ClusterState, keySchemaMismatch } from './cluster/state.js';
import { Leadership } from './cluster/leadership.js';
import { NodeLeases } from './cluster/node-leases.js';
import { EventLog } from './cluster/events.js';
import { LeaderDuties } from './cluster/leader.js';
import { SessionService } from './cluster/session.js';
import { adminHandlers } from './admin/service.js';
import { MigrationManager } from './migration/index.js';
import { LoadStore } from './cluster/load-store.js';
import { createCoordinatorMetrics, COORDINATOR_METRIC_PREFIX } from './metrics.js';
import { startMetricsServer, type MetricsServer } from '../platform/metrics-http.js';
import { instrumentService, refusalCounter } from '../platform/rpc-metrics.js';
import { warnIfUnauthenticated } from '../platform/security.js';
import { startTopicsAndCapacity } from './topics-and-capacity.js';
import { PlannerLoop } from './planner/loop.js';

export { CoordinatorConfigSchema, type CoordinatorConfig } from './config.js';

export interface RunningCoordinator {
  id: string;
  address: string;
  leadership: Leadership;
  state: ClusterState;
  /** The leader's load and forecast store (empty on followers). */
  loads: LoadStore;
  /** host:port of /metrics (undefined when not served). */
  metricsAddress: string | undefined;
  /** host:port of the HTTP/JSON gateway (undefined when off). */
  gatewayAddress: string | undefined;
  /** The decision loop (runs its rounds only while this replica leads). */
  planner: PlannerLoop;
  stop(): Promise<void>;
}

export async function startCoordinator(config: CoordinatorConfig, log: Logger): Promise<RunningCoordinator> {
  warnIfUnauthenticated(config.security, log);
  const etcd = connectEtcd(config.etcd, config.cluster);
  const state = new ClusterState(etcd.ns, log);
  await state.start();
  // A running cluster's key schema cannot change: refuse to start with another one.
  if (state.layout && state.keySchema !== config.keySchema) {
    await state.stop();
    etcd.close();
    throw keySchemaMismatch(state.keySchema, config.keySchema);
  }
  const events = new EventLog(etcd.ns, config.eventLogRetention);
  const leases = new NodeLeases(etcd.client, log);
  const leadership = new Leadership(etcd.ns, { id: config.id, address: '' }, config.electionTtlS, log);
  const duties = new LeaderDuties(etcd.ns, leadership, state, events, { microshards: config.microshards, orphanPolicy: config.orphanPolicy, bootstrapNodes: config.bootstrapNodes, leaderId: config.id, keySchema: config.keySchema }, log);
  const loads = new LoadStore({ ownerOf: (id) => state.microshards.get(id)?.value.owner });
  const metrics = createCoordinatorMetrics({ isLeader: () => leadership.isLeader, liveSessions: () => sessions.liveSessions, loads }, { coordinator: config.id });
  const sessions = new SessionService(etcd.ns, leadership, state, leases, duties, { nodeLeaseTtlMs: config.nodeLeaseTtlMs, heartbeatIntervalMs: config.heartbeatIntervalMs, leaderId: config.id }, log, {
    loads,
    onReport: (o) => {
      if (o === 'invalid') {
        metrics.loadReports.inc({ result: 'invalid' });
        return;
      }
      metrics.loadReports.inc({ result: 'accepted' });
      if (o.ignoredNotOwned) metrics.loadEntriesIgnored.inc(o.ignoredNotOwned);
      if (o.forecasts) metrics.forecastsReceived.inc(o.forecasts);
    },
  });
  const migrations = new MigrationManager(
    etcd.ns,
    leadership,
    state,
    events,
    duties,
    { leaderId: config.id, maxPerNode: config.migrationMaxPerNode, bytesPerS: config.migrationBytesPerS, deadlineMs: config.migrationDeadlineMs, cleanupGraceMs: config.migrationCleanupGraceMs, retention: config.migrationRetention, security: config.security },
    log,
  );
  const planner = new PlannerLoop(
    { ns: etcd.ns, leadership, state, loads, duties, migrations, transport: sessions, log: log.child({ part: 'planner' }) },
    { ...config, leaderId: config.id, orphanPolicy: config.orphanPolicy, costModel: config.costModel },
  );
  sessions.setBidHandler((node, bid) => planner.auctions.receive(node, bid));
  let address = '';
  // How a follower passes the calls only the leader can answer on to it (closed on stop).
  const forward = new LeaderForwarder(config.id, leadership, config.security);
  const capacity = await startTopicsAndCapacity({ options: config, cluster: config.cluster, selfId: config.id, selfAddress: () => address, adminToken: config.security.adminToken, security: config.security, ns: etcd.ns, leadership, state, loads, duties, migrations, registry: metrics.registry, forward, log });
  const admin = adminHandlers({ cluster: config.cluster, selfId: config.id, orphanPolicy: config.orphanPolicy, adminToken: config.security.adminToken, leadership, state, events, duties, migrations, predictLoad: { selfId: config.id, leadership, state, loads, forward }, topics: capacity.topics, capacity: capacity.capacity, explain: { selfId: config.id, leadership, state, forward, store: planner.explain, status: () => planner.status() } });
  const server = await startServer(
    config.listen,
    config.security,
    (s) => {
      s.addService(v1.Coordinator.service, instrumentService(v1.Coordinator.service, sessions.handlers(), metrics.rpcDuration));
      s.addService(v1.Admin.service, instrumentService(v1.Admin.service, admin, metrics.rpcDuration));
    },
    ['shardcast.v1.Coordinator', 'shardcast.v1.Admin'],
    { onRefused: refusalCounter(metrics.registry, COORDINATOR_METRIC_PREFIX) },
  );
  address = config.advertise ?? server.address;
  let http: MetricsServer | undefined;
  if (config.metricsListen) {
    const at = config.metricsListen.lastIndexOf(':');
    http = await startMetricsServer(Number(config.metricsListen.slice(at + 1)), metrics.registry, config.metricsListen.slice(0, at).replace(/^\[|\]$/g, ''));
    log.info({ metricsAddress: http.address }, 'metrics endpoint');
  }

  state.on('nodesChanged', ({ lost }) => {
    for (const id of lost) loads.forgetNode(id);
    if (leadership.isLeader && lost.length > 0) {
      duties
        .commitEvents([{ kind: 'node_lost', nodeIds: lost, reason: `session lease of ${lost.join(', ')} ended`, actor: duties.actor, inputs: { orphanPolicy: config.orphanPolicy } }])
        .catch((err) => log.warn({ err: String(err) }, 'could not record node loss'));
    }
  });
  leadership.on('elected', () => {
    duties
      .onElected()
      .then(() => migrations.onElected())
      .then(() => capacity.onElected())
      .then(() => planner.onElected())
      .catch((err) => {
        log.error({ err: String(err) }, 'leader start-up failed; stepping down');
        leadership.depose(`start-up failed: ${err}`);
      });
  });
  leadership.on('deposed', (reason) => {
    migrations.onDeposed();
    capacity.onDeposed();
    planner.onDeposed();
    loads.clear();
    duties.onDeposed();
    sessions.closeAll(`leader ${config.id} stepped down: ${reason}`);
  });
  leadership.start(address);
  log.info({ address, id: config.id, cluster: config.cluster }, 'listening');

  let stopping: Promise<void> | undefined;
  return {
    id: config.id,
    address,
    leadership,
    state,
    loads,
    metricsAddress: http?.address,
    gatewayAddress: capacity.gatewayAddress,
    planner,
    stop() {
      stopping ??= (async () => {
        planner.stop();
        duties.stop();
        migrations.stop();
        await capacity.stop();
        await leadership.stop();
        sessions.closeAll('coordinator stopping');
        await server.stop();
        forward.close();
        await http?.close();
        await state.stop();
        leases.close();
        etcd.close();
      })();
      return stopping;
    },
  };
}
