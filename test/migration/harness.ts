// A real cluster (etcd, coordinators, storage nodes and sidecars as processes) with the calls the
// migration tests need: admin actions on the leader, migration records, convergence, and faults
// (kill -9, then a restart in place as a supervisor would).
import * as grpc from '@grpc/grpc-js';
import { deadline } from '../../platform/server.js';
import { LocalCluster, type LocalClusterOptions } from '../../devcluster/cluster.js';
import { ShardcastClient } from '../../client/index.js';
import type { AdminClient } from '../../generated/proto/shardcast/v1/Admin.js';
import type { Migration__Output } from '../../generated/proto/shardcast/v1/Migration.js';
import type { Microshard__Output } from '../../generated/proto/shardcast/v1/Microshard.js';
import type { LifecycleEvent__Output } from '../../generated/proto/shardcast/v1/LifecycleEvent.js';
import { sleep } from './workload.js';

export type Fault = 'source sidecar' | 'target sidecar' | 'leader coordinator' | 'source storage node';

export class Harness {
  private constructor(
    readonly cluster: LocalCluster,
    readonly client: ShardcastClient,
  ) {}

  static async start(opts: LocalClusterOptions): Promise<Harness> {
    const cluster = await LocalCluster.start(opts);
    try {
      const client = new ShardcastClient({ sidecars: [...cluster.sidecars.values()].map((s) => s.address), redirectWaitMs: 2_000, security: cluster.security({ role: 'client' }) });
      const h = new Harness(cluster, client);
      await h.waitServing(30_000);
      await client.start();
      return h;
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }

  /** The cluster's cached Admin client for `address` (closed with the cluster). */
  private admin(address: string): AdminClient {
    return this.cluster.admin(address);
  }

  /** A unary Admin call on any live replica (reads). */
  async read<Res>(method: string, req: unknown): Promise<Res> {
    let last: unknown;
    for (const a of this.cluster.coordinatorAddresses()) {
      try {
        return await new Promise<Res>((resolve, reject) => (this.admin(a) as any)[method](req, { deadline: deadline(3000) }, (e: grpc.ServiceError | null, r: Res) => (e ? reject(e) : resolve(r))));
      } catch (err) {
        last = err;
      }
    }
    throw last ?? new Error('no coordinator is running');
  }

  /** The current leader as the replicas see it (waits for one; on time-out says what each saw). */
  async leader(timeoutMs = 15_000): Promise<{ id: string; address: string }> {
    const s = await this.cluster.waitLeader(timeoutMs);
    return { id: s.leaderId, address: s.leaderAddress };
  }

  /** A unary Admin call on the leader (actions); retried while leadership changes hands. */
  async act<Res>(method: string, req: unknown, timeoutMs = 15_000): Promise<Res> {
    const stopAt = Date.now() + timeoutMs;
    for (;;) {
      const l = await this.leader(timeoutMs);
      try {
        return await new Promise<Res>((resolve, reject) => (this.admin(l.address) as any)[method](req, { deadline: deadline(5000) }, (e: grpc.ServiceError | null, r: Res) => (e ? reject(e) : resolve(r))));
      } catch (err) {
        const e = err as grpc.ServiceError;
        const retry = e.code === grpc.status.UNAVAILABLE || (e.code === grpc.status.FAILED_PRECONDITION && /not the leader|lost leadership/.test(e.details));
        if (!retry || Date.now() > stopAt) throw err;
        await sleep(200);
      }
    }
  }

  /** The last `last` lifecycle events naming a microshard (oldest first). */
  async events(microshardId: string, last = 200): Promise<LifecycleEvent__Output[]> {
    const address = this.cluster.coordinatorAddresses()[0]!;
    const stream = this.admin(address).WatchEvents({ last, follow: false, microshardId, nodeId: '' }, { deadline: deadline(5000) });
    const out: LifecycleEvent__Output[] = [];
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (e: LifecycleEvent__Output) => out.push(e));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    return out;
  }

  async microshards(): Promise<Microshard__Output[]> {
    const r = await this.read<{ microshards: Microshard__Output[] }>('ListMicroshards', { owner: '', limit: 0 });
    return r.microshards;
  }

  async migrations(): Promise<Migration__Output[]> {
    const r = await this.read<{ migrations: Migration__Output[] }>('ListMigrations', { all: true, limit: 0 });
    return r.migrations;
  }

  async migration(id: string): Promise<Migration__Output | undefined> {
    return (await this.migrations()).find((m) => m.id === id);
  }

  /** Waits until every microshard has an owner and is ACTIVE. */
  async waitServing(timeoutMs: number): Promise<Microshard__Output[]> {
    const stopAt = Date.now() + timeoutMs;
    for (;;) {
      try {
        const ms = await this.microshards();
        if (ms.length > 0 && ms.every((m) => m.owner && m.state === 'ACTIVE')) return ms;
      } catch {
        // retry
      }
      if (Date.now() > stopAt) throw new Error('microshards not all owned and ACTIVE in time');
      await sleep(50);
    }
  }

  /** Waits until the migration record shows `phase` (or has gone past it: returns what it shows). */
  async waitPhase(id: string, phase: string, timeoutMs = 20_000): Promise<Migration__Output> {
    const order = ['PLANNED', 'COPYING', 'CATCHING_UP', 'CUTOVER', 'CLEANUP', 'DONE'];
    const stopAt = Date.now() + timeoutMs;
    for (;;) {
      const m = await this.migration(id).catch(() => undefined);
      if (m && (m.phase === phase || m.phase === 'ABORTED' || order.indexOf(m.phase) > order.indexOf(phase))) return m;
      if (Date.now() > stopAt) throw new Error(`migration ${id} did not reach ${phase} (last: ${m?.phase})`);
      await sleep(20);
    }
  }

  /** Waits until the migration is DONE or ABORTED and every microshard is owned and ACTIVE. */
  async waitConverged(id: string, timeoutMs = 30_000): Promise<Migration__Output> {
    const stopAt = Date.now() + timeoutMs;
    for (;;) {
      const m = await this.migration(id).catch(() => undefined);
      if (m && (m.phase === 'DONE' || m.phase === 'ABORTED')) {
        await this.waitServing(Math.max(1, stopAt - Date.now()));
        return m;
      }
      if (Date.now() > stopAt) throw new Error(`migration ${id} did not finish in time (last: ${m?.phase} ${m?.error ?? ''})`);
      await sleep(50);
    }
  }

  /** kill -9 one process of a migration, wait `downMs`, start it again in place. */
  async fault(fault: Fault, m: Migration__Output, downMs: number): Promise<string> {
    const c = this.cluster;
    switch (fault) {
      case 'source sidecar': {
        c.sidecars.get(m.source)!.child.kill('SIGKILL');
        await c.sidecars.get(m.source)!.exited;
        await sleep(downMs);
        await c.startSidecar(m.source);
        return `${m.source}-sidecar`;
      }
      case 'target sidecar': {
        c.sidecars.get(m.target)!.child.kill('SIGKILL');
        await c.sidecars.get(m.target)!.exited;
        await sleep(downMs);
        await c.startSidecar(m.target);
        return `${m.target}-sidecar`;
      }
      case 'source storage node': {
        c.datastores.get(m.source)!.child.kill('SIGKILL');
        await c.datastores.get(m.source)!.exited;
        await sleep(downMs);
        await c.startDatastore(m.source);
        return `${m.source}-datastore`;
      }
      case 'leader coordinator': {
        const l = await this.leader();
        const p = c.coordinators.get(l.id)!;
        p.child.kill('SIGKILL');
        await p.exited;
        await sleep(downMs);
        await c.startCoordinator(l.id);
        return l.id;
      }
    }
  }

  async stop(): Promise<void> {
    this.client.close();
    await this.cluster.stop();
  }
}
