// `local`: starts a reference storage node and its sidecar as child processes on this machine
// (platform/process.ts, the same code the demo and the tests use). What the demo and the tests
// provision with. The nodes live as long as this coordinator process: close() stops them. Only
// nodes it started can be retired (SIGTERM: the sidecar, then the storage node). When the
// coordinator runs mutual TLS, each node it starts gets its own certificates (storage node N,
// sidecar of N) from the CA in `caDir`, so the access rules that bind a caller to its node hold
// for provisioned nodes as for the others.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnShardcast, type ManagedProcess } from '../../../platform/process.js';
import { issueCertificate, mtlsFlags, openCertificateAuthority, type CertificateAuthority } from '../../../platform/certs.js';
import type { Identity } from '../../../platform/identity.js';
import { ProvisionError, type ProvisionRequest, type ProvisionResult, type Provisioner, type RetireRequest } from './provisioner.js';

/** How long a started process may take to log "listening". */
export const DEFAULT_LOCAL_START_TIMEOUT_MS = 20_000;

export interface LocalProvisionerOptions {
  /** Where node data and logs go (default: a new temp dir, removed by close()). */
  baseDir?: string;
  /** Extra flags for every sidecar started (e.g. ['--interval-ms', '1000']). */
  sidecarArgs: string[];
  /** Extra flags for every storage node started. */
  datastoreArgs: string[];
  /** The coordinator's transport: plaintext, mutual TLS (certificates from `caDir`), or server TLS (flags in the extra args). */
  transport: 'insecure' | 'mtls' | 'tls';
  /** With mutual TLS: the directory of the CA (ca.crt, ca.key) that signs the new nodes' certificates. */
  caDir?: string;
  startTimeoutMs?: number;
}

interface LocalNode {
  datastore: ManagedProcess;
  sidecar: ManagedProcess;
}

export class LocalProvisioner implements Provisioner {
  readonly kind = 'local' as const;
  readonly baseDir: string;
  private readonly ownDir: boolean;
  private readonly nodes = new Map<string, LocalNode>();
  private readonly starting = new Set<string>();
  /** Where node certificates are issued (mutual TLS only): the CA of caDir, writing under baseDir. */
  private readonly ca: CertificateAuthority | undefined;

  constructor(private readonly opts: LocalProvisionerOptions) {
    if (opts.transport === 'mtls') {
      // Checked at start-up: without it every provision would fail, far from the cause.
      if (!opts.caDir) throw new RangeError('provisionerLocal.caDir: the coordinator runs mutual TLS, so the nodes the local provisioner starts need certificates; give the directory of the CA (ca.crt, ca.key) that signed the cluster\'s (shardcast certs --ca)');
      openCertificateAuthority(opts.caDir);
    }
    this.ownDir = !opts.baseDir;
    this.baseDir = opts.baseDir ?? mkdtempSync(join(tmpdir(), 'shardcast-provisioned-'));
    if (opts.caDir && opts.transport === 'mtls') {
      const dir = join(this.baseDir, 'certs');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      this.ca = { ...openCertificateAuthority(opts.caDir), dir };
    }
  }

  /** The transport flags of a process with identity `id`. */
  private transportFlags(id: Identity): string[] {
    if (this.ca) return mtlsFlags(issueCertificate(this.ca, id));
    return this.opts.transport === 'insecure' ? ['--insecure'] : [];
  }

  canRetire(nodeId: string): boolean {
    return this.nodes.has(nodeId);
  }

  /** Nodes started here and still running. */
  running(): string[] {
    return [...this.nodes.keys()];
  }

  /** The processes of a node it started (tests kill or inspect them). */
  processes(nodeId: string): LocalNode | undefined {
    return this.nodes.get(nodeId);
  }

  async provision(req: ProvisionRequest): Promise<ProvisionResult> {
    if (this.nodes.has(req.nodeId) || this.starting.has(req.nodeId)) throw new ProvisionError(`node ${req.nodeId} was already started here`);
    if (req.coordinators.length === 0) throw new ProvisionError('no coordinator address to give the new sidecar');
    this.starting.add(req.nodeId);
    const timeoutMs = Math.min(req.deadlineMs, this.opts.startTimeoutMs ?? DEFAULT_LOCAL_START_TIMEOUT_MS);
    const dataDir = join(this.baseDir, 'data', req.nodeId);
    mkdirSync(join(this.baseDir, 'logs'), { recursive: true });
    mkdirSync(dataDir, { recursive: true });
    let datastore: ManagedProcess | undefined;
    try {
      datastore = await spawnShardcast(`${req.nodeId}-datastore`, ['datastore', '--node-id', req.nodeId, '--data-dir', dataDir, '--listen', '127.0.0.1:0', ...this.transportFlags({ role: 'storage', nodeId: req.nodeId }), ...this.opts.datastoreArgs], {
        logFile: join(this.baseDir, 'logs', `${req.nodeId}-datastore.log`),
        timeoutMs,
      });
      const sidecar = await spawnShardcast(
        `${req.nodeId}-sidecar`,
        [
          'sidecar', '--node-id', req.nodeId, '--listen', '127.0.0.1:0', '--coordinators', req.coordinators.join(','), '--datastore', datastore.address, ...this.transportFlags({ role: 'sidecar', nodeId: req.nodeId }),
          '--data-dir', join(this.baseDir, 'data', `${req.nodeId}-sidecar`),
          ...(req.capacityOpsPerS > 0 ? ['--capacity', String(req.capacityOpsPerS)] : []),
          ...this.opts.sidecarArgs,
        ],
        { logFile: join(this.baseDir, 'logs', `${req.nodeId}-sidecar.log`), timeoutMs },
      );
      this.nodes.set(req.nodeId, { datastore, sidecar });
      return {
        nodeId: req.nodeId,
        detail: `started storage node pid ${datastore.child.pid} at ${datastore.address} and sidecar pid ${sidecar.child.pid} at ${sidecar.address} (local processes; asked for ${req.cpu} CPU, ${req.memoryMb} MiB: not enforced locally)`,
        datastoreAddress: datastore.address,
        sidecarAddress: sidecar.address,
      };
    } catch (err) {
      await datastore?.kill('SIGTERM').catch(() => undefined);
      throw new ProvisionError(`local start of ${req.nodeId} failed: ${(err as Error).message}`);
    } finally {
      this.starting.delete(req.nodeId);
    }
  }

  async retire(req: RetireRequest): Promise<{ detail: string }> {
    const n = this.nodes.get(req.nodeId);
    if (!n) throw new ProvisionError(`node ${req.nodeId} was not started by this coordinator's local provisioner (running: ${this.running().join(', ') || 'none'})`);
    // The sidecar first: its session ends, then the storage node it fronted.
    await n.sidecar.kill('SIGTERM');
    await n.datastore.kill('SIGTERM');
    this.nodes.delete(req.nodeId);
    return { detail: `stopped sidecar pid ${n.sidecar.child.pid} and storage node pid ${n.datastore.child.pid} (SIGTERM)` };
  }

  async close(): Promise<void> {
    await Promise.all([...this.nodes.values()].flatMap((n) => [n.sidecar.kill('SIGTERM'), n.datastore.kill('SIGTERM')]).map((p) => p.catch(() => undefined)));
    this.nodes.clear();
    if (this.ownDir) rmSync(this.baseDir, { recursive: true, force: true });
  }
}
