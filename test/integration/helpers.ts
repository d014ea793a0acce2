// Small helpers for integration tests against real processes.
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../../platform/proto.js';
import { deadline } from '../../platform/server.js';
import type { LocalCluster } from '../../devcluster/cluster.js';
import type { Microshard__Output } from '../../generated/proto/shardcast/v1/Microshard.js';

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs: number, intervalMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? ` (last error: ${String(lastErr)})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function microshards(cluster: LocalCluster): Promise<Microshard__Output[]> {
  return new Promise((resolve, reject) => cluster.admin().ListMicroshards({ owner: '', limit: 0 }, { deadline: deadline(3000) }, (e, r) => (e ? reject(e) : resolve(r!.microshards))));
}

/** Waits until every microshard has an owner and is ACTIVE. */
export function waitAllServing(cluster: LocalCluster, timeoutMs = 20_000): Promise<Microshard__Output[]> {
  return waitFor('every microshard owned and active', async () => {
    const ms = await microshards(cluster);
    return ms.length > 0 && ms.every((m) => m.owner && m.state === 'ACTIVE') ? ms : undefined;
  }, timeoutMs);
}

/** A data client of `cluster` (its client certificate when the cluster runs on mTLS). */
export function dataPlane(cluster: LocalCluster, address: string) {
  return new v1.DataPlane(address, cluster.credentials({ role: 'client' }));
}

export function sidecarClient(cluster: LocalCluster, address: string) {
  return new v1.Sidecar(address, cluster.credentials({ role: 'client' }));
}

export function unaryCall<Res>(invoke: (cb: (e: grpc.ServiceError | null, r?: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => invoke((e, r) => (e ? reject(e) : resolve(r!))));
}
