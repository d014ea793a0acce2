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
import { EtcdHealth } from './cluster/etcd-health.js';
import { createCoordinatorMetrics, COORDINATOR_METRIC_PREFIX } from './metrics.js';
import { startMetricsServer, type MetricsServer } from '../platform/metrics-http.js';
import { instrumentService, refusalCounter } from '../platform/rpc-metrics.js';
import { warnIfUnauthenticated } from '../platform/security.js';
import { startTopicsAndCapacity } from './topics-and-capacity.js';
import { PlannerLoop } from './planner/loop.js';
import { startDashboard, type DashboardServer } from './dashboard/server.js';
import { SnapshotBuilder } from './dashboard/snapshot.js';
import { AnomalyStore } from './cluster/anomalies.js';
import { InvalidArgumentError } from '../platform/errors.js';

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
  /** URL of the web dashboard (undefined when off). */
  dashboardUrl: string | undefined;
  /** The decision loop (runs its rounds only while this replica leads). */
  planner: PlannerLoop;
  /** Active anomalies as the sidecars report them (empty on followers). */
  anomalies: AnomalyStore;
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
  const anomalies = new AnomalyStore((id) => state.microshards.get(id)?.value.owner, config);
  const metrics = createCoordinatorMetrics({ isLeader: () => leadership.isLeader, liveSessions: () => sessions.liveSessions, loads, plannerTotals: () => planner.totals, anomalies }, { coordinator: config.id });
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
    { ns: etcd.ns, leadership, state, loads, duties, migrations, transport: sessions, anomalies, log: log.child({ part: 'planner' }) },
    { ...config, leaderId: config.id, orphanPolicy: config.orphanPolicy, costModel: config.costModel },
  );
  sessions.setBidHandler((node, bid) => planner.auctions.receive(node, bid));
  // An anomaly report: kept for the planner; a newly flagged episode is an event with its
  // evidence and, for a microshard, an immediate planner round (both rate-limited).
  sessions.setAnomalyHandler((node, report) => {
    if (!leadership.isLeader) return;
    let got;
    try {
      got = anomalies.ingest(node, report);
    } catch (err) {
      if (err instanceof InvalidArgumentError) log.warn({ node, err: err.message }, 'invalid anomaly report');
      throw err;
    }
    if (got.ignoredNotOwned) metrics.loadEntriesIgnored.inc(got.ignoredNotOwned);
    if (got.escalated.length > 0) {
      log.info({ node, escalated: got.escalated.map((a) => ({ series: a.series, value: a.value })) }, 'anomaly grew');
      metrics.anomalyRounds.inc({ result: planner.trigger(got.escalated.map((a) => a.microshardId!)) });
    }
    if (got.flagged.length === 0) return;
    for (const a of got.flagged) metrics.anomalies.inc({ kind: a.microshardId !== undefined ? 'microshard' : 'host' });
    const events = anomalies.eventsFor(got.flagged);
    metrics.anomalyEvents.inc({ result: 'recorded' }, events.length);
    metrics.anomalyEvents.inc({ result: 'rate_limited' }, got.flagged.length - events.length);
    log.info({ node, flagged: got.flagged.map((a) => ({ series: a.series, value: a.value, expected: a.expected, score: a.score })) }, 'anomaly flagged');
    // Queued before the round starts, so the event log reads anomaly, then the decision.
    if (events.length > 0) duties.commitEvents(events).catch((err) => log.warn({ err: String(err) }, 'could not record anomaly events'));
    // Only a load anomaly changes what the planner plans on; latency, mix and errors are for operators.
    const ids = got.flagged.flatMap((a) => (a.microshardId !== undefined && a.metric === 'ops' ? [a.microshardId] : []));
    if (ids.length > 0) metrics.anomalyRounds.inc({ result: planner.trigger(ids) });
  });
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
  // While etcd cannot be reached, health says NOT_SERVING (this replica's answers may be stale).
  const etcdHealth = new EtcdHealth(etcd.ns, {
    onProbe: (ok, ms) => {
      metrics.etcdRequestDuration.observe({ op: 'probe' }, ms / 1000);
      if (!ok) metrics.etcdRequestErrors.inc({ op: 'probe' });
    },
  });
  etcdHealth.on('change', (healthy: boolean, reason: string) => {
    const status = healthy ? 'SERVING' : 'NOT_SERVING';
    for (const s of ['', 'shardcast.v1.Coordinator', 'shardcast.v1.Admin']) server.health.setStatus(s, status);
    (healthy ? log.info.bind(log) : log.warn.bind(log))({ health: status }, reason);
  });
  etcdHealth.start();
  let http: MetricsServer | undefined;
  if (config.metricsListen) {
    const at = config.metricsListen.lastIndexOf(':');
    http = await startMetricsServer(Number(config.metricsListen.slice(at + 1)), metrics.registry, config.metricsListen.slice(0, at).replace(/^\[|\]$/g, ''));
    log.info({ metricsAddress: http.address }, 'metrics endpoint');
  }
  let dashboard: DashboardServer | undefined;
  if (config.dashboardListen) {
    const snapshots = new SnapshotBuilder({ cluster: config.cluster, selfId: config.id, ns: etcd.ns, state, leadership, loads, migrations, planner: () => planner.status(), capacity: capacity.capacity });
    dashboard = await startDashboard(
      { listen: config.dashboardListen, pushMs: config.dashboardPushMs, events: config.dashboardEvents, security: config.security, selfId: config.id },
      { ns: etcd.ns, state, eventLog: events, leadership, snapshots, log: log.child({ part: 'dashboard' }) },
    );
    log.info({ dashboardAddress: dashboard.address, dashboardUrl: dashboard.url }, 'dashboard');
  }

  // Decisions, migrations and their pauses are counted from the events this replica appends as leader.
  state.on('event', (e: { kind: string; inputsJson: string }) => {
    if (leadership.isLeader) metrics.observeEvent(e);
  });
  state.on('nodesChanged', ({ lost }) => {
    for (const id of lost) {
      loads.forgetNode(id);
      anomalies.forgetNode(id);
    }
    if (leadership.isLeader && lost.length > 0) {
      duties
        .commitEvents([{ kind: 'node_lost', nodeIds: lost, reason: `session lease of ${lost.join(', ')} ended`, actor: duties.actor, inputs: { orphanPolicy: config.orphanPolicy } }])
        .catch((err) => log.warn({ err: String(err) }, 'could not record node loss'));
    }
  });
  leadership.on('elected', () => {
    metrics.leaderChanges.inc({ change: 'elected' });
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
    metrics.leaderChanges.inc({ change: 'deposed' });
    migrations.onDeposed();
    capacity.onDeposed();
    planner.onDeposed();
    loads.clear();
    anomalies.clear();
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
    dashboardUrl: dashboard?.url,
    planner,
    anomalies,
    stop() {
      stopping ??= (async () => {
        etcdHealth.stop();
        await dashboard?.close();
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
