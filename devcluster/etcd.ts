// Starts a real etcd server (single member) on free loopback ports with a temporary data
// directory: what the demo and the integration tests run against.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { freePort } from './ports.js';

/** How long etcd may take to answer after start. */
export const DEFAULT_ETCD_START_TIMEOUT_MS = 20_000;
/** Where an in-memory etcd keeps its member directory (a tmpfs on Linux). */
export const DEFAULT_MEMORY_DIR = '/dev/shm';
/**
 * Set to 1 (the test runner does, in package.json) to keep etcd's member directory on tmpfs: the
 * tests are about shardcast, and a slow or shared disk's fsync stalls would otherwise show up as
 * missed election renewals. The demo keeps etcd on disk.
 */
export const ETCD_IN_MEMORY_ENV = 'SHARDCAST_ETCD_IN_MEMORY';

/** A writable tmpfs directory for etcd's member data, or undefined when there is none. */
function memoryDir(): string | undefined {
  try {
    if (!statSync(DEFAULT_MEMORY_DIR).isDirectory()) return undefined;
    accessSync(DEFAULT_MEMORY_DIR, constants.W_OK);
    return DEFAULT_MEMORY_DIR;
  } catch {
    return undefined;
  }
}

export function etcdBinary(): string {
  for (const candidate of [process.env.SHARDCAST_ETCD_BIN, 'etcd', '/usr/bin/etcd', '/usr/local/bin/etcd']) {
    if (!candidate) continue;
    if (candidate.includes('/') ? existsSync(candidate) : spawnSync('sh', ['-c', `command -v ${candidate}`]).status === 0) return candidate;
  }
  throw new Error('etcd is not installed: run `bash scripts/ensure-etcd.sh` (installs Debian\'s etcd-server as root) or put etcd on PATH');
}

/**
 * etcd cannot notice that the test or demo that started it died (shardcast's own processes watch
 * their parent, cli/common.ts): on Linux it runs under util-linux's `setpriv --pdeathsig KILL`,
 * which execs it (same pid) with the kernel's parent-death signal set, so a crashed parent leaves
 * no etcd behind. Elsewhere, or without setpriv, etcd is started directly.
 */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => process.platform === 'linux' && existsSync(p));

/** One etcd member process: its flags in one place for single members and clusters. */
function spawnMember(name: string, memberDir: string, endpoint: string, peer: string, initialCluster: string): ChildProcess {
  const etcd = etcdBinary();
  return spawn(
    SETPRIV ?? etcd,
    [
      ...(SETPRIV ? ['--pdeathsig', 'KILL', etcd] : []),
      '--name', name,
      '--data-dir', memberDir,
      '--listen-client-urls', endpoint,
      '--advertise-client-urls', endpoint,
      '--listen-peer-urls', peer,
      '--initial-advertise-peer-urls', peer,
      '--initial-cluster', initialCluster,
      // Ignored by a member that restarts on its data directory (it rejoins as it was).
      '--initial-cluster-state', 'new',
      '--log-level', 'error',
      '--logger', 'zap',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ETCD_UNSUPPORTED_ARCH: process.arch === 'arm64' ? 'arm64' : '' } },
  );
}

export interface RunningEtcd {
  endpoint: string;
  dataDir: string;
  process: ChildProcess;
  /** SIGKILL (for fault tests) */
  kill(): void;
  stop(): Promise<void>;
}

/** `host`: the address etcd serves clients on (default loopback; a fault test gives a link's address). */
export async function startEtcd(opts: { dataDir?: string; name?: string; inMemory?: boolean; host?: string } = {}): Promise<RunningEtcd> {
  const host = opts.host ?? '127.0.0.1';
  const clientPort = await freePort(host);
  const peerPort = await freePort();
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'shardcast-etcd-'));
  const shm = (opts.inMemory ?? process.env[ETCD_IN_MEMORY_ENV] === '1') ? memoryDir() : undefined;
  // In memory: the member directory lives on tmpfs (removed on stop); dataDir stays for the rest.
  const memberDir = shm ? mkdtempSync(join(shm, 'shardcast-etcd-')) : join(dataDir, 'member');
  const name = opts.name ?? 'shardcast-test';
  const endpoint = `http://${host}:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const child = spawnMember(name, memberDir, endpoint, peer, `${name}=${peer}`);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = new Etcd3({ hosts: endpoint, dialTimeout: 1000 });
  const deadline = Date.now() + DEFAULT_ETCD_START_TIMEOUT_MS;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`etcd exited with ${child.exitCode}: ${stderr}`);
      try {
        await client.get('health').string();
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`etcd did not answer on ${endpoint} within ${DEFAULT_ETCD_START_TIMEOUT_MS} ms: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (err) {
    child.kill('SIGKILL');
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    if (shm) rmSync(memberDir, { recursive: true, force: true });
    throw err;
  } finally {
    client.close();
  }
  return {
    endpoint,
    dataDir,
    process: child,
    kill: () => child.kill('SIGKILL'),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      if (shm) rmSync(memberDir, { recursive: true, force: true });
    },
  };
}

/** One member of a multi-member etcd (fault tests kill and restart members). */
export interface EtcdMember {
  name: string;
  endpoint: string;
  process: ChildProcess;
  /** SIGKILL, and resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts the member again on its data directory (after kill). */
  restart(): void;
}

export interface RunningEtcdCluster extends RunningEtcd {
  members: EtcdMember[];
}

/**
 * A real etcd cluster of `members` members on loopback (member directories on tmpfs like
 * startEtcd's when SHARDCAST_ETCD_IN_MEMORY=1): `endpoint` lists every member's client URL,
 * comma-separated, the way the coordinator's --etcd takes them.
 */
export async function startEtcdCluster(opts: { members: number; dataDir: string }): Promise<RunningEtcdCluster> {
  const shm = process.env[ETCD_IN_MEMORY_ENV] === '1' ? memoryDir() : undefined;
  const specs: Array<{ name: string; memberDir: string; endpoint: string; peer: string }> = [];
  for (let i = 1; i <= opts.members; i++) {
    const name = `shardcast-${i}`;
    const memberDir = shm ? mkdtempSync(join(shm, `shardcast-etcd-${i}-`)) : join(opts.dataDir, name);
    specs.push({ name, memberDir, endpoint: `http://127.0.0.1:${await freePort()}`, peer: `http://127.0.0.1:${await freePort()}` });
  }
  const initialCluster = specs.map((m) => `${m.name}=${m.peer}`).join(',');
  const members: EtcdMember[] = specs.map((m) => {
    const member: EtcdMember = {
      name: m.name,
      endpoint: m.endpoint,
      process: spawnMember(m.name, m.memberDir, m.endpoint, m.peer, initialCluster),
      async kill() {
        const p = member.process;
        if (p.exitCode !== null || p.signalCode !== null) return;
        const gone = new Promise<void>((resolve) => p.once('exit', () => resolve()));
        p.kill('SIGKILL');
        await gone;
      },
      restart() {
        member.process = spawnMember(m.name, m.memberDir, m.endpoint, m.peer, initialCluster);
      },
    };
    return member;
  });
  const endpoint = members.map((m) => m.endpoint).join(',');
  const stopAll = async (): Promise<void> => {
    await Promise.all(
      members.map(async (m) => {
        const p = m.process;
        if (p.exitCode !== null || p.signalCode !== null) return;
        const gone = new Promise<void>((resolve) => p.once('exit', () => resolve()));
        p.kill('SIGTERM');
        const t = setTimeout(() => p.kill('SIGKILL'), 3000);
        await gone;
        clearTimeout(t);
      }),
    );
    if (shm) for (const m of specs) rmSync(m.memberDir, { recursive: true, force: true });
  };
  // Every member must answer (a quorum alone could hide one that never joined).
  const deadline = Date.now() + DEFAULT_ETCD_START_TIMEOUT_MS;
  for (const m of members) {
    const client = new Etcd3({ hosts: m.endpoint, dialTimeout: 1000 });
    try {
      for (;;) {
        try {
          await client.get('health').string();
          break;
        } catch (err) {
          if (Date.now() > deadline) throw new Error(`etcd member ${m.name} did not answer on ${m.endpoint} within ${DEFAULT_ETCD_START_TIMEOUT_MS} ms: ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } catch (err) {
      await stopAll();
      throw err;
    } finally {
      client.close();
    }
  }
  return {
    endpoint,
    dataDir: opts.dataDir,
    get process() {
      return members[0]!.process;
    },
    members,
    kill: () => {
      for (const m of members) void m.kill();
    },
    stop: stopAll,
  };
}
