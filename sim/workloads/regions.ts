// Tenants near their users: 30 tenants (keys `tenant/item`), each with a home region among three
// eight hours apart; 85 % of a tenant's operations come from its home region, the rest from the
// other two. Daily cycles peak at the home region's afternoon, tenant popularity is Zipf-skewed and
// drifts day to day. Nine nodes, three per region (n0 eu, n1 us, n2 ap, n3 eu, ...). Meant for
// `--key-schema prefix`: a tenant is then one contiguous range, so a microshard can follow it.
import type { KeySchema } from '../../core/keyspace.js';
import { lognormal, rng, shuffle, zipfWeights } from './random.js';
import { dayShape, scaleToUtilisation, type Scenario } from './scenario.js';

export const REGIONS = ['eu', 'us', 'ap'] as const;
/** Share of a tenant's operations that come from its home region. */
export const DEFAULT_HOME_SHARE = 0.85;

export interface RegionsOptions {
  /** Cold keys per tenant (its data set, 1 MiB each at the simulator's default). */
  coldPerTenant?: number;
  /** Night-time floor of the daily shape (share of the peak). */
  floor?: number;
  /** Peak total load as a share of the cluster's capacity. */
  peakUtil?: number;
}

export function regions(seed = 14, opts: RegionsOptions = {}): Scenario & { nodeRegions: string[]; keySchema: KeySchema } {
  const r = rng(seed);
  const coldPerTenant = opts.coldPerTenant ?? 200;
  // A region's daytime is then ~60 % of all load: its three nodes can hold their tenants at the
  // region's peak (~85 % of their capacity), so nearness and load do not have to conflict.
  const floor = opts.floor ?? 0.3;
  const peakUtil = opts.peakUtil ?? 0.45;
  const nodes = 9;
  const capacity = 10_000;
  const intervals = 24 * 6;
  const tenants = 30;
  const keysPerTenant = 40;
  const tenantPop = shuffle(Array.from(zipfWeights(tenants, 0.8)), r);
  const home = Array.from({ length: tenants }, (_, i) => i % REGIONS.length);
  const keys: string[] = [];
  const tenantOf: number[] = [];
  const load: Float64Array[] = [];
  const days = Math.ceil(intervals / 24) + 1;
  for (let i = 0; i < tenants; i++) {
    const within = shuffle(Array.from(zipfWeights(keysPerTenant, 0.7)), r);
    const factor = Array.from({ length: days }, () => lognormal(r, 0.3));
    const phase = home[i]! * 8;
    for (let j = 0; j < keysPerTenant; j++) {
      keys.push(`tenant${i}/item${j}`);
      tenantOf.push(i);
      const row = new Float64Array(intervals);
      for (let t = 0; t < intervals; t++) row[t] = tenantPop[i]! * within[j]! * factor[Math.floor((t + phase) / 24)]! * dayShape((t + phase) % 24, floor) * lognormal(r, 0.1);
      load.push(row);
    }
  }
  scaleToUtilisation(load, intervals, nodes, capacity, peakUtil);
  const others = (h: number) => REGIONS.filter((_, x) => x !== h);
  const mix = home.map((h) => {
    const rest = (1 - DEFAULT_HOME_SHARE) / (REGIONS.length - 1);
    return [[REGIONS[h]!, DEFAULT_HOME_SHARE], ...others(h).map((o) => [o, rest])] as [string, number][];
  });
  return {
    name: 'regions',
    description: `30 tenants x 40 keys (tenant/item), Zipf(0.8) tenants, each with a home region of 3 (8 h apart); ${DEFAULT_HOME_SHARE * 100} % of its ops from home; daily peaks; 6 days; 9 nodes, 3 per region; night floor ${floor * 100} % of the peak, peak utilisation ${peakUtil * 100} %, ${coldPerTenant} cold keys per tenant`,
    nodes,
    capacity,
    microshards: 72,
    intervals,
    season: 24,
    goal: false,
    keys,
    load,
    // The data set: every tenant's cold keys, written once from its home region.
    coldRows: Array.from({ length: tenants * coldPerTenant }, (_, c) => ({ key: `tenant${c % tenants}/cold${Math.floor(c / tenants)}`, region: REGIONS[home[c % tenants]!]! })),
    region: (k) => mix[tenantOf[k]!]!,
    nodeRegions: Array.from({ length: nodes }, (_, n) => REGIONS[n % REGIONS.length]!),
    keySchema: 'prefix',
  };
}
