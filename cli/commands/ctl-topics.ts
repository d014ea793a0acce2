// `shardcast ctl topic | shard-map | predictions | capacity | update-metrics`: the topic pointer
// table, the prediction cache, external datastore metrics and the capacity loop, through the
// Admin API (any replica; the leader answers). Registered by ctl.ts.
import { InvalidArgumentError as CommanderArgError, type Command } from 'commander';
import type * as grpc from '@grpc/grpc-js';
import type { AdminClient } from '../../generated/proto/shardcast/v1/Admin.js';
import type { GetShardForTopicResponse__Output } from '../../generated/proto/shardcast/v1/GetShardForTopicResponse.js';
import type { PredictTopicLoadResponse__Output } from '../../generated/proto/shardcast/v1/PredictTopicLoadResponse.js';
import type { ListShardMapResponse__Output } from '../../generated/proto/shardcast/v1/ListShardMapResponse.js';
import type { ListPredictionCacheResponse__Output } from '../../generated/proto/shardcast/v1/ListPredictionCacheResponse.js';
import type { GetCapacityResponse__Output } from '../../generated/proto/shardcast/v1/GetCapacityResponse.js';
import type { UpdateMetricsResponse__Output } from '../../generated/proto/shardcast/v1/UpdateMetricsResponse.js';
import type { ShardLocation__Output } from '../../generated/proto/shardcast/v1/ShardLocation.js';

type Invoke<Res> = (c: AdminClient, md: grpc.Metadata, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: Res) => void) => void;
interface Flags {
  coordinators?: string;
  json?: boolean;
  prefix?: string;
  limit?: number;
  shard?: string;
  node?: string;
  cpuUtilisation?: number;
  cpuCores?: number;
  memoryUsedBytes?: number;
  memoryTotalBytes?: number;
  iops?: number;
}
type Call = <Res>(f: Flags, invoke: Invoke<Res>) => Promise<Res>;

const nonNegative = (flag: string, max = Number.MAX_SAFE_INTEGER) => (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > max) throw new CommanderArgError(`${flag} must be a number in 0..${max}, got "${v}"`);
  return n;
};
const count = (flag: string) => (v: string): number => {
  if (!/^\d{1,9}$/.test(v)) throw new CommanderArgError(`${flag} must be a non-negative integer, got "${v}"`);
  return Number(v);
};

const where = (s: ShardLocation__Output | null | undefined) => (s ? `microshard ${s.microshardId} on ${s.node || '(unplaced)'}${s.datastoreAddress ? ` (${s.datastoreAddress})` : ''} epoch ${s.epoch} ${s.state}` : '-');
const r1 = (x: number) => Math.round(x * 10) / 10;

function print<T>(f: Flags, r: T, text: () => string): void {
  process.stdout.write(f.json ? JSON.stringify(r, null, 2) + '\n' : text());
}

export function registerTopics(ctl: Command, common: (c: Command) => Command, call: Call): void {
  common(ctl.command('topic <topic>').description('where a topic lives (its shard and the wildcard shards a publish asks) and its prediction')).action(async (topic: string, f: Flags) => {
    const shard = await call<GetShardForTopicResponse__Output>(f, (c, md, o, cb) => c.GetShardForTopic({ topic }, md, o, cb));
    const pred = await call<PredictTopicLoadResponse__Output>(f, (c, md, o, cb) => c.PredictTopicLoad({ topic }, md, o, cb)).catch((e: grpc.ServiceError) => e);
    print(f, { shard, prediction: pred instanceof Error ? { error: pred.details } : pred }, () => {
      const lines = [`${topic} (position ${shard.keyHash}): ${where(shard.shard)}`, `a publish asks ${shard.shardsAsked} shard(s); ${shard.filtersKnown} filter(s) known`];
      for (const w of shard.wildcardShards) lines.push(`  + ${where(w.shard)} for ${w.filters.join(', ')}`);
      if (pred instanceof Error) lines.push(`prediction: ${pred.details}`);
      else {
        const p = pred.topic!;
        lines.push(`now ${r1(p.publishRatePerS)} publishes/s, ${r1(p.bytesPerS)} B/s, ${p.subscriptions} subscription(s), ${r1(p.clientEventRatePerS)} client events/s`);
        lines.push(`predicted peak over ${p.values[0]?.values.length ?? 0} steps of ${p.intervalMs} ms: p50 ${r1(p.predictedRateP50)}/s, p90 ${r1(p.predictedRateP90)}/s (${p.method}, ${p.modelVersion}); reported by ${p.reportedBy.join(', ')}`);
      }
      return lines.join('\n') + '\n';
    });
  });
  common(
    ctl
      .command('shard-map')
      .description('every topic and filter the leader knows -> microshard -> datastore instance')
      .option('--prefix <p>', 'only topics starting with this')
      .option('--limit <n>', 'at most n', count('--limit')),
  ).action(async (f: Flags) => {
    const r = await call<ListShardMapResponse__Output>(f, (c, md, o, cb) => c.ListShardMap({ prefix: f.prefix ?? '', limit: f.limit ?? 0 }, md, o, cb));
    print(f, r, () => r.entries.map((e) => `${e.topic.padEnd(32)} ${e.kind.padEnd(9)} ${String(e.subscriptions).padStart(6)} subs  p90 ${String(r1(e.predictedRateP90)).padStart(7)}/s  ${where(e.shard)}`).join('\n') + `\n${r.entries.length} of ${r.total}\n`);
  });
  common(
    ctl
      .command('predictions')
      .description('the prediction cache: topic -> predicted rate, with expiry (busiest first)')
      .option('--prefix <p>', 'only topics starting with this')
      .option('--limit <n>', 'at most n', count('--limit')),
  ).action(async (f: Flags) => {
    const r = await call<ListPredictionCacheResponse__Output>(f, (c, md, o, cb) => c.ListPredictionCache({ prefix: f.prefix ?? '', limit: f.limit ?? 0 }, md, o, cb));
    const now = Date.now();
    print(f, r, () => r.entries.map((e) => `${e.topic.padEnd(32)} now ${String(r1(e.publishRatePerS)).padStart(7)}/s  p50 ${String(r1(e.predictedRateP50)).padStart(7)}/s  p90 ${String(r1(e.predictedRateP90)).padStart(7)}/s  ${e.method || 'no forecast yet'}  expires in ${r1((Number(e.expiresAtMs) - now) / 1000)} s`).join('\n') + `\n${r.entries.length} of ${r.total} (ttl ${Number(r.ttlMs) / 1000} s)\n`);
  });
  common(ctl.command('capacity').description('desired node count, recommended size per instance, the latest scale decision')).action(async (f: Flags) => {
    const r = await call<GetCapacityResponse__Output>(f, (c, md, o, cb) => c.GetCapacity({}, md, o, cb));
    print(f, { ...r, lastDecision: r.lastDecisionJson ? JSON.parse(r.lastDecisionJson) : undefined }, () => {
      const lines = [`provisioner ${r.provisioner} (loop every ${Number(r.intervalMs) / 1000 || 'off'}${Number(r.intervalMs) ? ' s' : ''}); live ${r.liveNodes}, desired ${r.desiredNodes}, starting ${r.provisioning}, retiring ${r.retiring}; managed: ${r.managedNodes.join(', ') || 'none'}`];
      lines.push('NODE             NOW OPS/S  P90 PEAK  CPU   MEMORY MiB  IOPS   (from)');
      for (const s of r.sizes) lines.push(`${s.node.padEnd(16)} ${String(r1(s.currentOpsPerS)).padStart(10)} ${String(r1(s.forecastP90PeakOpsPerS)).padStart(9)}  ${String(s.cpu).padEnd(5)} ${String(s.memoryMb).padStart(10)}  ${String(s.iops || '-').padStart(5)}  (cpu: ${s.opsPerCoreFrom}, memory: ${s.memoryFrom})`);
      if (r.lastDecisionJson) {
        const d = JSON.parse(r.lastDecisionJson) as { action: string; reason: string; explanation: string; money: { gain: number; cost: number; currency: string } };
        lines.push(`last decision (${new Date(Number(r.lastDecisionAtMs)).toISOString().slice(11, 19)}): ${d.action} / ${d.reason}: ${d.explanation}`);
      }
      return lines.join('\n') + '\n';
    });
  });
  common(
    ctl
      .command('update-metrics')
      .description('report datastore CPU, memory or IOPS measured outside shardcast (for a shard or an instance)')
      .option('--shard <id>', 'the shard (decimal microshard id): attributed to its owner')
      .option('--node <id>', 'the datastore instance')
      .option('--cpu-utilisation <0..1>', 'CPU busy fraction', nonNegative('--cpu-utilisation', 1))
      .option('--cpu-cores <n>', 'CPU cores', nonNegative('--cpu-cores', 4096))
      .option('--memory-used-bytes <n>', 'memory in use', nonNegative('--memory-used-bytes'))
      .option('--memory-total-bytes <n>', 'memory installed', nonNegative('--memory-total-bytes'))
      .option('--iops <n>', 'I/O operations per second', nonNegative('--iops')),
  ).action(async (f: Flags, cmd: Command) => {
    if ((f.shard === undefined) === (f.node === undefined)) cmd.error('error: give --shard ID or --node ID (one of them)');
    if (f.shard !== undefined && !/^\d{1,20}$/.test(f.shard)) cmd.error(`error: --shard must be a decimal microshard id, got "${f.shard}"`);
    const metrics = { cpuUtilisation: f.cpuUtilisation ?? 0, cpuCores: f.cpuCores ?? 0, memoryUsedBytes: f.memoryUsedBytes ?? 0, memoryTotalBytes: f.memoryTotalBytes ?? 0, iops: f.iops ?? 0 };
    const req = f.shard !== undefined ? { shardId: f.shard, metrics } : { nodeId: f.node!, metrics };
    const r = await call<UpdateMetricsResponse__Output>(f, (c, md, o, cb) => c.UpdateMetrics(req, md, o, cb));
    print(f, r, () => `accepted for ${r.node}${r.recommendation ? `; recommended size now ${r.recommendation.cpu} CPU, ${r.recommendation.memoryMb} MiB${r.recommendation.iops ? `, ${r.recommendation.iops} IOPS` : ''}` : ''}\n`);
  });
}
