// What the capacity core needs, read from the leader's live state: every live node with its
// capacity, its forecast (the sum of its microshards' forecasts, in ops/s, from now on), its
// current load and data, plus the per-instance size recommendation. Everything comes from the
// load store (sidecar reports), the etcd mirror and the externally reported metrics.
import { DATASTORE_TYPE_LABEL, recommendSize, sumForecasts, toQuantileForecast, typeOf, type CapacityNode, type CostModel, type QuantileForecast, type SizeRecommendation, type SizingConfig } from '../../core/capacity/index.js';
import type { LoadStore, MicroshardForecastView } from '../cluster/load-store.js';
import type { ClusterState } from '../cluster/state.js';
import type { ExternalMetricsStore } from './metrics-store.js';

/** Longest horizon considered, steps (forecasts are usually 60 intervals). */
export const MAX_VIEW_HORIZON = 1_000;

export interface NodeCapacityView {
  node: CapacityNode;
  /** Microshards it owns. */
  microshards: string[];
  /** Microshards with a forecast. */
  forecasted: number;
  /** p90 peak of the node's forecast over the horizon, ops/s (0 without). */
  p90PeakOpsPerS: number;
  size: SizeRecommendation & { type: string };
}

export interface CapacityView {
  nowMs: number;
  stepMs: number;
  horizon: number;
  nodes: NodeCapacityView[];
  /** ops/s forecast per microshard (aligned to now), for choosing what to move. */
  microshardForecasts: Map<string, QuantileForecast>;
}

/** A microshard forecast in ops/s from `nowMs` on (steps already past are dropped). */
export function alignedForecast(f: MicroshardForecastView, nowMs: number): QuantileForecast | undefined {
  if (f.intervalMs <= 0 || f.values.length === 0) return undefined;
  const q = toQuantileForecast(f.quantiles, f.values, 1000 / f.intervalMs);
  const skip = Math.max(0, Math.floor((nowMs - f.startMs) / f.intervalMs));
  if (skip >= q.p50.length) return undefined; // stale: every step is in the past
  return { p50: Array.prototype.slice.call(q.p50, skip) as number[], p90: Array.prototype.slice.call(q.p90, skip) as number[] };
}

export function buildCapacityView(input: {
  state: ClusterState;
  loads: LoadStore;
  metrics: ExternalMetricsStore;
  model: CostModel;
  sizing: SizingConfig;
  managed: ReadonlySet<string>;
  retiring: ReadonlySet<string>;
  /** Nodes the provisioner cannot retire (e.g. not started by it). */
  retirable?: (node: string) => boolean;
  nowMs?: number;
}): CapacityView {
  const nowMs = input.nowMs ?? Date.now();
  const { state, loads } = input;
  const owned = new Map<string, string[]>();
  for (const m of state.microshardList()) if (m.owner) owned.set(m.owner, [...(owned.get(m.owner) ?? []), m.id]);
  const msForecasts = new Map<string, QuantileForecast>();
  const steps = new Map<number, number>();
  let horizon = 0;
  for (const ids of owned.values()) {
    for (const id of ids) {
      const f = loads.forecast(id);
      if (!f) continue;
      const a = alignedForecast(f, nowMs);
      if (!a) continue;
      msForecasts.set(id, a);
      steps.set(f.intervalMs, (steps.get(f.intervalMs) ?? 0) + 1);
      horizon = Math.max(horizon, a.p50.length);
    }
  }
  // The step length most forecasts use (sidecars share one interval in practice).
  let stepMs = 0;
  let best = -1;
  for (const [iv, n] of steps) if (n > best) [stepMs, best] = [iv, n];
  if (stepMs === 0) {
    const nodeIv = loads.nodeList().map((n) => n.intervalMs).find((x) => x > 0);
    stepMs = nodeIv ?? 10_000;
  }
  horizon = Math.min(MAX_VIEW_HORIZON, Math.max(1, horizon));
  const nodes: NodeCapacityView[] = [];
  for (const { value: rec } of state.nodes.values()) {
    const ids = owned.get(rec.id) ?? [];
    const fs = ids.map((id) => msForecasts.get(id)).filter((f): f is QuantileForecast => f !== undefined);
    const summed = fs.length > 0 ? sumForecasts(fs, horizon) : undefined;
    // Its hottest microshard (by p90 peak): the part of it above the node's capacity needs a split.
    let largest: QuantileForecast | undefined;
    let largestPeak = -1;
    for (const f of fs) {
      let pk = 0;
      for (let i = 0; i < f.p90.length; i++) pk = Math.max(pk, f.p90[i]!);
      if (pk > largestPeak) [largest, largestPeak] = [f, pk];
    }
    const nv = loads.node(rec.id);
    const current = nv && nv.intervalMs > 0 ? nv.ops / (nv.intervalMs / 1000) : 0;
    let bytes = 0;
    for (const id of ids) bytes += loads.load(id)?.sizeBytes ?? 0;
    let p90Peak = 0;
    if (summed) for (const v of summed.p90) p90Peak = Math.max(p90Peak, v);
    const typeName = rec.labels?.[DATASTORE_TYPE_LABEL];
    const t = typeOf(input.model, typeName);
    const ext = input.metrics.get(rec.id, nowMs);
    const host = nv?.host;
    const size = recommendSize(
      {
        type: t.type,
        currentOpsPerS: current,
        forecastP90PeakOpsPerS: p90Peak,
        dataBytes: bytes,
        measured: {
          cpuUtilisation: ext?.cpuUtilisation ?? host?.cpuUtilisation,
          cpuCores: ext?.cpuCores,
          memoryUsedBytes: ext?.memoryUsedBytes ?? host?.memoryUsedBytes,
          iops: ext?.iops,
        },
      },
      input.sizing,
    );
    nodes.push({
      node: {
        id: rec.id,
        type: t.name,
        capacityOpsPerS: rec.capacityOpsPerS,
        forecast: summed,
        currentOpsPerS: current,
        bytes,
        managed: input.managed.has(rec.id),
        retiring: input.retiring.has(rec.id),
        retirable: input.retirable ? input.retirable(rec.id) : true,
        largestMicroshard: largest?.p90,
      },
      microshards: ids,
      forecasted: fs.length,
      p90PeakOpsPerS: p90Peak,
      size: { ...size, type: t.name },
    });
  }
  nodes.sort((a, b) => (a.node.id < b.node.id ? -1 : 1));
  return { nowMs, stepMs, horizon, nodes, microshardForecasts: msForecasts };
}
