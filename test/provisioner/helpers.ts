// Admin reads the provisioning tests share: the event log, the nodes, the capacity view.
import { deadline } from '../../platform/server.js';
import type { LocalCluster } from '../../devcluster/cluster.js';
import type { LifecycleEvent__Output } from '../../generated/proto/shardcast/v1/LifecycleEvent.js';
import type { ListNodesResponse__Output } from '../../generated/proto/shardcast/v1/ListNodesResponse.js';
import type { GetCapacityResponse__Output } from '../../generated/proto/shardcast/v1/GetCapacityResponse.js';

/** Sidecar flags of the provisioning tests: half-second intervals, short seasons, capacity 100 ops/s. */
export const SIDECAR = ['--interval-ms', '500', '--forecast-season', '4', '--forecast-horizon', '8', '--capacity', '100'];

export function events(cluster: LocalCluster): Promise<LifecycleEvent__Output[]> {
  return new Promise((resolve, reject) => {
    const out: LifecycleEvent__Output[] = [];
    const s = cluster.admin().WatchEvents({ last: 2000, follow: false }, { deadline: deadline(5000) });
    s.on('data', (e: LifecycleEvent__Output) => out.push(e));
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
}

export function nodes(cluster: LocalCluster): Promise<ListNodesResponse__Output> {
  return new Promise((res, rej) => cluster.admin().ListNodes({}, { deadline: deadline(3000) }, (e, r) => (e ? rej(e) : res(r!))));
}

export function capacity(cluster: LocalCluster): Promise<GetCapacityResponse__Output> {
  return new Promise((res, rej) => cluster.admin().GetCapacity({}, { deadline: deadline(3000) }, (e, r) => (e ? rej(e) : res(r!))));
}
