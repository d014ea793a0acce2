// A whole shardcast cluster on this machine: etcd, coordinators, storage nodes with their
// sidecars — real processes on loopback. The demo and the integration tests both use it.
import { DEFAULT_KEY_SCHEMA, type KeySchema } from '../core/keyspace.js';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../platform/proto.js';
import { deadline } from '../platform/server.js';
import { ClientCache } from '../platform/client-cache.js';
import type { AdminClient } from '../generated/proto/shardcast/v1/Admin.js';
import type { ClusterStatus__Output } from '../generated/proto/shardcast/v1/ClusterStatus.js';
import { startEtcd, startEtcdCluster, type RunningEtcd } from './etcd.js';
import { reservablePort } from './ports.js';
import { spawnShardcast, type ManagedProcess } from '../platform/process.js';
import { createCertificateAuthority, issueCertificate, certName, mtlsFlags, mtlsSecurity, type CertificateAuthority, type IssuedCertificate } from '../platform/certs.js';
import { channelCredentials, INSECURE, type TransportSecurity } from '../platform/security.js';
import type { Identity } from '../platform/identity.js';

/** How a local cluster's processes talk: mutual TLS with throwaway certificates, or plaintext. */
export type LocalTransport = 'mtls' | 'insecure';
export const DEFAULT_LOCAL_TRANSPORT: LocalTransport = 'mtls';

export interface LocalClusterOptions {
  coordinators?: number;
  nodes?: number;
  microshards?: number;
  orphanPolicy?: 'reassign' | 'await';
  electionTtlS?: number;
  nodeLeaseTtlMs?: number;
  heartbeatIntervalMs?: number;
  /** Directory for data and logs (default: a new temp dir, removed on stop). */
  baseDir?: string;
  /** Write each process's output to <baseDir>/logs/<name>.log. */
  logToFiles?: boolean;
  /** Serve Prometheus /metrics on every coordinator, sidecar and storage node (a free loopback port each; see metricsAddresses). */
  metrics?: boolean;
  /** Extra flags for every sidecar (e.g. ['--interval-ms', '500']). */
  sidecarArgs?: string[];
  /** Extra flags for every coordinator. */
  coordinatorArgs?: string[];
  /** Coordinator options with no flag (gatewayListen, scaleIntervalMs, provisioner, costModel...): written to a config file every coordinator reads. */
  coordinatorConfig?: Record<string, unknown>;
  /**
   * Decision loop period of every coordinator, ms. Default 0 (off): a local cluster does only what
   * its test or demo asks unless it turns the planner on (the coordinator's own default is 10 s).
   */
  plannerIntervalMs?: number;
  /**
   * 'mtls': a throwaway CA in <baseDir>/certs and a certificate per process carrying its role and
   * node (removed with the cluster); 'insecure': plaintext, only when asked for.
   */
  transport?: LocalTransport;
  /** The cluster's key schema (coordinators and storage nodes); default hash. */
  keySchema?: KeySchema;
  /** Region label of each node, in order node-1, node-2, ... (sidecar --region); none by default. */
  nodeRegions?: string[];
  /** etcd members (default 1); with more, `etcd` is a RunningEtcdCluster whose members fault tests kill and restart. */
  etcdMembers?: number;
}

export class LocalCluster {
  readonly coordinators = new Map<string, ManagedProcess>();
  readonly datastores = new Map<string, ManagedProcess>();
  readonly sidecars = new Map<string, ManagedProcess>();
  private readonly sidecarAddresses = new Map<string, string>();
  /** /metrics host:port by process name (coord-1, node-1-sidecar, node-1-datastore...), when started with metrics. */
  readonly metricsAddresses = new Map<string, string>();
  /** HTTP/JSON gateway host:port by coordinator id, when configured (coordinatorConfig.gatewayListen). */
  readonly gatewayAddresses = new Map<string, string>();
  /** Web dashboard URL by coordinator id (every replica serves one; port 0 unless coordinatorConfig.dashboardListen). */
  readonly dashboardUrls = new Map<string, string>();
  /** Extra sidecar flags per node (kept for restarts). */
  private readonly nodeArgs = new Map<string, string[]>();
  // Operator clients (the cluster's own certificate when it runs on mTLS).
  private readonly adminClients = new ClientCache<AdminClient>((address) => new v1.Admin(address, this.credentials()));
  private ca: CertificateAuthority | undefined;
  private readonly certs = new Map<string, IssuedCertificate>();

  private constructor(
    readonly etcd: RunningEtcd,
    readonly baseDir: string,
    private readonly ownDir: boolean,
    readonly opts: Required<Omit<LocalClusterOptions, 'baseDir'>>,
  ) {}

  static async start(options: LocalClusterOptions = {}): Promise<LocalCluster> {
    const ownDir = !options.baseDir;
    const baseDir = options.baseDir ?? mkdtempSync(join(tmpdir(), 'shardcast-cluster-'));
    mkdirSync(join(baseDir, 'logs'), { recursive: true });
    const opts = {
      coordinators: options.coordinators ?? 2,
      nodes: options.nodes ?? 3,
      microshards: options.microshards ?? 64,
      orphanPolicy: options.orphanPolicy ?? 'await',
      electionTtlS: options.electionTtlS ?? 3,
      nodeLeaseTtlMs: options.nodeLeaseTtlMs ?? 8_000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 500,
      logToFiles: options.logToFiles ?? false,
      metrics: options.metrics ?? false,
      sidecarArgs: options.sidecarArgs ?? [],
      coordinatorArgs: options.coordinatorArgs ?? [],
      coordinatorConfig: options.coordinatorConfig ?? {},
      plannerIntervalMs: options.plannerIntervalMs ?? 0,
      transport: options.transport ?? DEFAULT_LOCAL_TRANSPORT,
      keySchema: options.keySchema ?? DEFAULT_KEY_SCHEMA,
      nodeRegions: options.nodeRegions ?? [],
      etcdMembers: options.etcdMembers ?? 1,
    };
    if (opts.nodeRegions.length > 0 && opts.nodeRegions.length !== opts.nodes) throw new Error(`nodeRegions names ${opts.nodeRegions.length} regions for ${opts.nodes} nodes: one per node`);
    const local = opts.coordinatorConfig.provisionerLocal as Record<string, unknown> | undefined;
    if (opts.transport === 'mtls' && opts.coordinatorConfig.provisioner === 'local' && !local?.caDir) {
      // Nodes the local provisioner starts get certificates from this cluster's CA (made below).
      opts.coordinatorConfig = { ...opts.coordinatorConfig, provisionerLocal: { ...local, caDir: join(baseDir, 'certs') } };
    }
    if (Object.keys(opts.coordinatorConfig).length > 0) {
      // JSON is YAML: the coordinator reads it with --config.
      const file = join(baseDir, 'coordinator-config.json');
      writeFileSync(file, JSON.stringify(opts.coordinatorConfig, null, 2));
      opts.coordinatorArgs = ['--config', file, ...opts.coordinatorArgs];
    }
    const etcd = opts.etcdMembers > 1 ? await startEtcdCluster({ members: opts.etcdMembers, dataDir: join(baseDir, 'etcd') }) : await startEtcd({ dataDir: join(baseDir, 'etcd') });
    const cluster = new LocalCluster(etcd, baseDir, ownDir, opts);
    try {
      if (opts.transport === 'mtls') cluster.ca = createCertificateAuthority(join(baseDir, 'certs'), 'shardcast local cluster CA (throwaway)');
      await Promise.all(Array.from({ length: opts.coordinators }, (_, i) => cluster.startCoordinator(`coord-${i + 1}`)));
      await Promise.all(Array.from({ length: opts.nodes }, (_, i) => cluster.startNode(`node-${i + 1}`)));
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** --region for node-N when the cluster has node regions (nodes added later get none). */
  private regionArgs(nodeId: string): string[] {
    const n = /^node-(\d+)$/.exec(nodeId);
    const region = n ? this.opts.nodeRegions[Number(n[1]) - 1] : undefined;
    return region ? ['--region', region] : [];
  }

  private logFile(name: string): string | undefined {
    return this.opts.logToFiles ? join(this.baseDir, 'logs', `${name}.log`) : undefined;
  }

  async startCoordinator(id: string): Promise<ManagedProcess> {
    // A restarted replica keeps its port, so sidecars configured with the old list still find it.
    const previous = this.coordinators.get(id);
    const p = await spawnShardcast(
      id,
      [
        'coordinator', '--id', id, '--listen', previous ? previous.address : '127.0.0.1:0', '--etcd', this.etcd.endpoint, ...this.transportArgs({ role: 'coordinator' }),
        '--microshards', String(this.opts.microshards), '--key-schema', this.opts.keySchema, '--orphan-policy', this.opts.orphanPolicy,
        '--bootstrap-nodes', String(this.opts.nodes), '--election-ttl', String(this.opts.electionTtlS),
        '--node-lease-ttl-ms', String(this.opts.nodeLeaseTtlMs), '--heartbeat-interval-ms', String(this.opts.heartbeatIntervalMs),
        '--planner-interval-ms', String(this.opts.plannerIntervalMs),
        ...this.metricsArgs(id), ...this.opts.coordinatorArgs,
      ],
      {
        logFile: this.logFile(id),
        // The HTTP/JSON gateway is on (port 0, address logged as gatewayAddress) unless the config sets it.
        // So is the web dashboard (address logged as dashboardUrl).
        env: {
          ...(this.opts.coordinatorConfig.gatewayListen === undefined ? { SHARDCAST_COORDINATOR_GATEWAY_LISTEN: '127.0.0.1:0' } : {}),
          ...(this.opts.coordinatorConfig.dashboardListen === undefined ? { SHARDCAST_COORDINATOR_DASHBOARD_LISTEN: '127.0.0.1:0' } : {}),
        },
        onLine: (l) => {
          this.noteMetrics(id, l);
          this.noteGateway(id, l);
        },
      },
    );
    this.coordinators.set(id, p);
    return p;
  }

  coordinatorAddresses(): string[] {
    return [...this.coordinators.values()].filter((p) => p.child.exitCode === null && p.child.signalCode === null).map((p) => p.address);
  }

  /** Starts (or restarts on its old data) a storage node and then its sidecar. */
  async startNode(nodeId: string, extraSidecarArgs?: string[]): Promise<void> {
    await this.startDatastore(nodeId);
    await this.startSidecar(nodeId, extraSidecarArgs);
  }

  async startDatastore(nodeId: string): Promise<ManagedProcess> {
    const dataDir = join(this.baseDir, 'data', nodeId);
    mkdirSync(dataDir, { recursive: true });
    const previous = this.datastores.get(nodeId);
    // A restarted node keeps its port, as a supervisor restarting it in place would.
    const listen = previous ? previous.address : '127.0.0.1:0';
    // The storage node reports its accesses to its sidecar, whose address is fixed up front.
    const sidecar = await this.sidecarAddress(nodeId);
    const name = `${nodeId}-datastore`;
    const p = await spawnShardcast(name, ['datastore', '--node-id', nodeId, '--data-dir', dataDir, '--listen', listen, ...this.transportArgs({ role: 'storage', nodeId }), '--sidecar', sidecar, '--key-schema', this.opts.keySchema, ...this.metricsArgs(name)], { logFile: this.logFile(name), onLine: (l) => this.noteMetrics(name, l) });
    this.datastores.set(nodeId, p);
    return p;
  }

  /** `extraArgs` (e.g. ['--no-forecast']) are kept for this node's restarts. */
  async startSidecar(nodeId: string, extraArgs?: string[]): Promise<ManagedProcess> {
    if (extraArgs) this.nodeArgs.set(nodeId, extraArgs);
    const ds = this.datastores.get(nodeId);
    if (!ds) throw new Error(`no datastore for ${nodeId}`);
    const listen = await this.sidecarAddress(nodeId);
    const p = await spawnShardcast(
      `${nodeId}-sidecar`,
      [
        'sidecar', '--node-id', nodeId, '--listen', listen, '--coordinators', [...this.coordinators.values()].map((c) => c.address).join(','), '--datastore', ds.address, ...this.transportArgs({ role: 'sidecar', nodeId }),
        // Telemetry history survives a sidecar restart (it is reloaded from here).
        '--data-dir', join(this.baseDir, 'data', `${nodeId}-sidecar`),
        ...this.metricsArgs(`${nodeId}-sidecar`), ...this.opts.sidecarArgs, ...this.regionArgs(nodeId), ...(this.nodeArgs.get(nodeId) ?? []),
      ],
      { logFile: this.logFile(`${nodeId}-sidecar`), onLine: (l) => this.noteMetrics(`${nodeId}-sidecar`, l) },
    );
    this.sidecars.set(nodeId, p);
    return p;
  }

  /** The sidecar address of a node, reserved on first use and kept across restarts. */
  private async sidecarAddress(nodeId: string): Promise<string> {
    let a = this.sidecarAddresses.get(nodeId);
    if (!a) this.sidecarAddresses.set(nodeId, (a = `127.0.0.1:${await reservablePort()}`));
    return a;
  }

  /** A restarted process keeps its metrics port, like its gRPC port. */
  private metricsArgs(name: string): string[] {
    if (!this.opts.metrics) return [];
    return ['--metrics-listen', this.metricsAddresses.get(name) ?? '127.0.0.1:0'];
  }

  private noteGateway(id: string, line: string): void {
    if (!line.includes('"gatewayAddress"') && !line.includes('"dashboardUrl"')) return;
    try {
      const rec = JSON.parse(line) as { gatewayAddress?: string; dashboardUrl?: string };
      if (rec.gatewayAddress) this.gatewayAddresses.set(id, rec.gatewayAddress);
      if (rec.dashboardUrl) this.dashboardUrls.set(id, rec.dashboardUrl);
    } catch {
      // not JSON
    }
  }

  private noteMetrics(name: string, line: string): void {
    if (!line.includes('"metricsAddress"')) return;
    try {
      const rec = JSON.parse(line) as { metricsAddress?: string };
      if (rec.metricsAddress) this.metricsAddresses.set(name, rec.metricsAddress);
    } catch {
      // not JSON
    }
  }

  /** The certificate of an identity of this cluster (made on first use); undefined in plaintext. */
  certificate(id: Identity): IssuedCertificate | undefined {
    if (!this.ca) return undefined;
    const name = certName(id);
    let c = this.certs.get(name);
    if (!c) this.certs.set(name, (c = issueCertificate(this.ca, id)));
    return c;
  }

  /** The transport security a caller with identity `id` uses against this cluster. */
  security(id: Identity = { role: 'operator' }): TransportSecurity {
    const c = this.certificate(id);
    return c ? mtlsSecurity(c) : INSECURE;
  }

  /** gRPC channel credentials of a caller with identity `id` (an operator by default). */
  credentials(id: Identity = { role: 'operator' }): grpc.ChannelCredentials {
    return channelCredentials(this.security(id));
  }

  /** Flags that give a `shardcast` process (or `ctl`) identity `id` in this cluster. */
  transportArgs(id: Identity): string[] {
    const c = this.certificate(id);
    return c ? mtlsFlags(c) : ['--insecure'];
  }

  /** Flags for `shardcast ctl` as an operator of this cluster. */
  ctlArgs(): string[] {
    const c = this.certificate({ role: 'operator' });
    return c ? ['--tls-ca', c.caFile, '--tls-cert', c.certFile, '--tls-key', c.keyFile] : [];
  }

  admin(address?: string): AdminClient {
    return this.adminClients.get(address ?? this.coordinatorAddresses()[0]!);
  }

  status(address?: string): Promise<ClusterStatus__Output> {
    return new Promise((resolve, reject) => this.admin(address).GetStatus({}, { deadline: deadline(3000) }, (err, res) => (err ? reject(err) : resolve(res!))));
  }

  /**
   * Waits until some replica names a live leader. On time-out the error says what each replica
   * answered and its last log lines about leadership, so a failure shows why there was none.
   */
  async waitLeader(timeoutMs = 20_000): Promise<ClusterStatus__Output> {
    const stopAt = Date.now() + timeoutMs;
    for (;;) {
      for (const a of this.coordinatorAddresses()) {
        const s = await this.status(a).catch(() => undefined);
        const p = s?.leaderId ? this.coordinators.get(s.leaderId) : undefined;
        if (s && p && p.child.exitCode === null && p.child.signalCode === null) return s;
      }
      if (Date.now() > stopAt) throw new Error(`no leader within ${timeoutMs} ms\n${await this.leadershipReport()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** What each coordinator says of the leader, and its recent log lines about leadership. */
  async leadershipReport(): Promise<string> {
    const out: string[] = [];
    for (const [id, p] of this.coordinators) {
      const state = p.child.signalCode ?? (p.child.exitCode !== null ? `exit ${p.child.exitCode}` : 'running');
      const says = await this.status(p.address).then(
        (s) => `leader '${s.leaderId}'`,
        (err: Error) => `GetStatus failed: ${err.message}`,
      );
      const lines = p.tail().filter((l) => /leader|campaign|elect|etcd|lease/i.test(l)).slice(-10);
      out.push(`${id} (${state}, ${p.address}): ${says}\n  ${lines.join('\n  ')}`);
    }
    return out.join('\n');
  }

  async stop(): Promise<void> {
    this.adminClients.close();
    const all = [...this.sidecars.values(), ...this.coordinators.values(), ...this.datastores.values()];
    await Promise.all(all.map((p) => p.kill('SIGTERM').catch(() => undefined)));
    await this.etcd.stop();
    if (this.ownDir) rmSync(this.baseDir, { recursive: true, force: true });
  }
}
