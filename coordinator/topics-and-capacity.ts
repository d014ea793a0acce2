// Topics and capacity in a coordinator process, wired in one place: the topic collector (leader
// polls sidecars), external metrics, the provisioner, the scaling loop, the Admin-facing service,
// the HTTP/JSON gateway and the capacity gauges. coordinator/index.ts creates it and forwards
// leadership changes.
import type { Namespace } from 'etcd3';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../platform/logger.js';
import type { TransportSecurity } from '../platform/security.js';
import type { Leadership } from './cluster/leadership.js';
import type { ClusterState } from './cluster/state.js';
import type { LoadStore } from './cluster/load-store.js';
import { createCapacityMetrics, createProvisioner } from './capacity/provisioners/index.js';
import { startGateway, type RunningGateway } from './gateway/index.js';
import { TopicCollector } from './topics/collector.js';
import { ExternalMetricsStore } from './capacity/metrics-store.js';
import { CapacityLoop, type LeaderWrites, type MigrationApi } from './capacity/loop.js';
import { TopicService } from './topics/service.js';
import { CapacityService } from './capacity/service.js';
import type { LeaderForwarder } from './cluster/forward.js';
import type { CoordinatorConfig } from './config.js';

/** etcd3's election keys (`election/<name>/<lease>`) hold each replica's {id, address}. */
const ELECTION_CANDIDATES = 'election/coordinator';

export interface TopicsAndCapacity {
  topics: TopicService;
  capacity: CapacityService;
  loop: CapacityLoop;
  collector: TopicCollector;
  /** host:port of the gateway (undefined when off). */
  gatewayAddress: string | undefined;
  onElected(): Promise<void>;
  onDeposed(): void;
  stop(): Promise<void>;
}

export async function startTopicsAndCapacity(deps: {
  options: CoordinatorConfig;
  cluster: string;
  selfId: string;
  /** This replica's address (known once its server listens). */
  selfAddress: () => string;
  adminToken: string | undefined;
  security: TransportSecurity;
  ns: Namespace;
  leadership: Leadership;
  state: ClusterState;
  loads: LoadStore;
  duties: LeaderWrites;
  migrations: MigrationApi;
  registry: Registry;
  /** How a follower passes topic and capacity calls on to the leader. */
  forward: LeaderForwarder;
  log: Logger;
}): Promise<TopicsAndCapacity> {
  const { options: o, log } = deps;
  const collector = new TopicCollector(deps.state, { pollMs: o.topicPollMs, security: deps.security }, log.child({ part: 'topics' }));
  const external = new ExternalMetricsStore();
  const provisioner = createProvisioner(o, deps.security);
  const coordinators = async (): Promise<string[]> => {
    const out = [deps.selfAddress()];
    try {
      const kvs = await deps.ns.getAll().prefix(`${ELECTION_CANDIDATES}/`).strings();
      for (const v of Object.values(kvs)) {
        try {
          const a = (JSON.parse(v) as { address?: unknown }).address;
          if (typeof a === 'string' && a && !out.includes(a)) out.push(a);
        } catch {
          // not a replica record
        }
      }
    } catch (err) {
      log.warn({ err: String(err) }, 'cannot list coordinator replicas; a new node gets only this one');
    }
    return out;
  };
  // The loop needs its metrics and the metrics read the loop: the counters are attached after.
  const loop: CapacityLoop = new CapacityLoop({
    ns: deps.ns,
    state: deps.state,
    loads: deps.loads,
    duties: deps.duties,
    isLeader: () => deps.leadership.isLeader,
    migrations: deps.migrations,
    provisioner,
    collector,
    external,
    cluster: deps.cluster,
    coordinators,
    options: o,
    log: log.child({ part: 'capacity' }),
  });
  loop.attachMetrics(
    createCapacityMetrics(deps.registry, {
      isLeader: () => deps.leadership.isLeader,
      desiredNodes: () => (o.scaleIntervalMs > 0 ? loop.desiredNodes() : undefined),
      liveNodes: () => deps.state.nodes.size,
      provisioning: () => loop.provisioning(),
      retiring: () => loop.retiring(),
      managedNodes: () => loop.managed().length,
    }),
  );
  const topics = new TopicService({ selfId: deps.selfId, state: deps.state, loads: deps.loads, collector, forward: deps.forward, topicPollMs: o.topicPollMs });
  const capacity = new CapacityService({ selfId: deps.selfId, state: deps.state, external, loop, forward: deps.forward });
  let gateway: RunningGateway | undefined;
  if (o.gatewayListen) {
    const requests = new Counter({ name: 'shardcast_coordinator_gateway_requests_total', help: 'HTTP/JSON gateway requests answered, by endpoint path and HTTP status', labelNames: ['path', 'status'] as const, registers: [deps.registry] });
    gateway = await startGateway({ topics, capacity }, { listen: o.gatewayListen, adminToken: deps.adminToken, maxBodyBytes: o.gatewayMaxBodyBytes, onRequest: (path, status) => requests.inc({ path, status: String(status) }) }, log.child({ part: 'gateway' }));
    log.info({ gatewayAddress: gateway.address }, 'gateway listening');
  }
  if (provisioner) log.info({ provisioner: provisioner.kind, scaleIntervalMs: o.scaleIntervalMs }, 'provisioner ready');
  return {
    topics,
    capacity,
    loop,
    collector,
    gatewayAddress: gateway?.address,
    async onElected() {
      collector.start();
      await loop.onElected();
    },
    onDeposed() {
      loop.onDeposed();
      collector.stop();
      external.clear();
    },
    async stop() {
      loop.stop();
      collector.close();
      await gateway?.close();
      await provisioner?.close();
    },
  };
}
