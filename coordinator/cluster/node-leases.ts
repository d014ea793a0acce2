// Node session leases, held by the leader on behalf of sidecars. Leases are addressed by id
// through etcd's raw lease API so a new leader can keep alive the leases its predecessor
// granted (the node record in etcd carries the id).
import type { Etcd3 } from 'etcd3';
import type { Logger } from '../../platform/logger.js';

/** How long to wait for etcd to answer one keepalive. */
export const DEFAULT_KEEPALIVE_TIMEOUT_MS = 2_000;

export class LeaseExpiredError extends Error {}

type KeepAliveStream = Awaited<ReturnType<Etcd3['leaseClient']['leaseKeepAlive']>>;

export class NodeLeases {
  private stream: KeepAliveStream | undefined;
  private opening: Promise<KeepAliveStream> | undefined;
  private waiters = new Map<string, Array<(ttlS: number | Error) => void>>();
  private closed = false;

  constructor(
    private readonly client: Etcd3,
    private readonly log: Logger,
  ) {}

  async grant(ttlMs: number): Promise<string> {
    const res = await this.client.leaseClient.leaseGrant({ TTL: Math.ceil(ttlMs / 1000), ID: 0 });
    if (res.error) throw new Error(`etcd refused a lease: ${res.error}`);
    return String(res.ID);
  }

  async revoke(id: string): Promise<void> {
    await this.client.leaseClient.leaseRevoke({ ID: id }).catch(() => undefined);
  }

  /** Renews a lease; resolves with the TTL left (ms); rejects LeaseExpiredError when it is gone. */
  async keepAlive(id: string): Promise<number> {
    const stream = await this.open();
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => settle(new Error(`etcd did not answer a keepalive for lease ${id} within ${DEFAULT_KEEPALIVE_TIMEOUT_MS} ms`)), DEFAULT_KEEPALIVE_TIMEOUT_MS);
      const settle = (r: number | Error) => {
        clearTimeout(timer);
        const list = this.waiters.get(id);
        if (list) {
          const i = list.indexOf(settle);
          if (i >= 0) list.splice(i, 1);
          if (list.length === 0) this.waiters.delete(id);
        }
        if (r instanceof Error) reject(r);
        else if (r <= 0) reject(new LeaseExpiredError(`lease ${id} has expired`));
        else resolve(r * 1000);
      };
      const list = this.waiters.get(id) ?? [];
      list.push(settle);
      this.waiters.set(id, list);
      stream.write({ ID: id });
    });
  }

  private open(): Promise<KeepAliveStream> {
    if (this.closed) return Promise.reject(new Error('node leases closed'));
    if (this.stream) return Promise.resolve(this.stream);
    this.opening ??= this.client.leaseClient.leaseKeepAlive().then((stream) => {
      this.stream = stream;
      this.opening = undefined;
      stream.on('data', (res) => {
        const list = this.waiters.get(String(res.ID));
        if (list) for (const w of [...list]) w(Number(res.TTL));
      });
      const fail = (err: Error) => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        this.log.warn({ err: String(err) }, 'lease keepalive stream failed; reopening on next use');
        for (const list of this.waiters.values()) for (const w of [...list]) w(err);
      };
      stream.on('error', fail);
      stream.on('end', () => fail(new Error('keepalive stream ended')));
      return stream;
    });
    const opening = this.opening;
    opening.catch(() => {
      if (this.opening === opening) this.opening = undefined;
    });
    return opening;
  }

  close(): void {
    this.closed = true;
    this.stream?.cancel();
    this.stream = undefined;
  }
}
