// `shardcast demo --scenario pubsub`: a pub/sub datastore whose subscriptions are sharded by
// topic, scaled ahead of a predicted peak. Time is compressed (a day lasts --day-seconds, 60 by
// default; one forecast interval is a 60th of it). Topics follow daily cycles; one topic
// ("launch/live") starts on day 2 and ramps up until the evening peak of day 3, so the node that
// holds it would run over capacity at that peak; the launch ends on day 5. The terminal shows
// each node's load and forecast, the forecast crossing capacity, the decision with its cost and
// gain, the new node provisioned (local processes) before the peak, the migration of the hot
// topic, and the overload count, which stays at zero.
import { INSECURE } from '../../platform/security.js';
import { UsageError } from '../exit-codes.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { LocalCluster } from '../../devcluster/cluster.js';
import { PubSubWorkload, type TopicProfile } from '../../devcluster/pubsub-workload.js';
import { ShardcastClient } from '../../client/index.js';
import { keyPosition } from '../../core/keyspace.js';
import { deadline } from '../../platform/server.js';
import type { ScaleDecision } from '../../core/capacity/index.js';
import type { AdminClient } from '../../generated/proto/shardcast/v1/Admin.js';
import type { LifecycleEvent__Output } from '../../generated/proto/shardcast/v1/LifecycleEvent.js';
import { formatEvent } from './ctl.js';

/** Seconds one compressed day lasts. */
export const DEFAULT_DAY_SECONDS = 60;
/** Storage nodes started before any scaling. */
export const DEFAULT_PUBSUB_NODES = 2;
/** Forecast intervals per day (the season). */
export const DAY_INTERVALS = 60;
/** Forecast steps: half a day ahead. */
export const HORIZON_INTERVALS = 30;
/** Ops/s each storage node is sized for. */
export const NODE_CAPACITY = 100;
/** Peak of the daily cycles on each node, ops/s (half its capacity). */
export const CYCLE_PEAK_PER_NODE = 50;
/** Peak rate of the launch topic, publishes/s: with the cycles, over the capacity of one node. */
export const LAUNCH_PEAK = 60;
/** Where the daily peak falls in the day (0.75: the evening). */
export const PEAK_PHASE = 0.75;
export const LAUNCH_TOPIC = 'launch/live';

const CYCLE_TOPICS = ['chat/lobby', 'sport/scores', 'news/breaking', 'weather/alerts', 'market/eurusd', 'chat/support', 'sport/tennis', 'news/world', 'iot/plant-7/telemetry', 'iot/fleet/gps', 'market/btc', 'games/arena', 'music/charts', 'traffic/city', 'energy/grid'];

export interface PubSubDemoFlags {
  nodes: number;
  coordinators: number;
  microshards: number;
  orphanPolicy: string;
  metrics?: boolean;
  duration?: number;
  daySeconds: number;
}

/** The launch topic's rate at `tS` (in days: off, ramp over days 2-3 to the evening peak of day 3, hold, off on day 5). */
export function launchRate(tS: number, dayS: number): number {
  const d = tS / dayS;
  const rampStart = 1;
  const rampEnd = 2 + PEAK_PHASE;
  if (d < rampStart || d >= 4) return 2;
  if (d < rampEnd) return 2 + (LAUNCH_PEAK - 2) * ((d - rampStart) / (rampEnd - rampStart));
  return LAUNCH_PEAK;
}

/** A daily cycle peaking at `peak` around `phase`, with a trough of 35 % of the peak. */
export function cycleRate(tS: number, dayS: number, peak: number, phase: number): number {
  const trough = 0.35 * peak;
  return trough + (peak - trough) * (0.5 + 0.5 * Math.cos(2 * Math.PI * (tS / dayS - phase)));
}

function clock(tS: number, dayS: number): string {
  const day = Math.floor(tS / dayS) + 1;
  const mins = Math.floor(((tS % dayS) / dayS) * 24 * 60);
  return `day ${day}, ${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
}

function unary<T>(fn: (cb: (e: grpc.ServiceError | null, r?: T) => void) => void): Promise<T | undefined> {
  return new Promise((resolve) => fn((e, r) => resolve(e ? undefined : r)));
}

export async function runPubSubDemo(f: PubSubDemoFlags): Promise<void> {
  const dayS = f.daySeconds;
  if (dayS < 15) throw new UsageError('--day-seconds must be at least 15 (a forecast interval is a 60th of a day)');
  const intervalMs = Math.round((dayS * 1000) / DAY_INTERVALS);
  const k = 86_400 / dayS; // wall time runs k times faster than the story's time
  const tty = Boolean(process.stdout.isTTY);
  const baseDir = mkdtempSync(join(tmpdir(), 'shardcast-pubsub-demo-'));
  const sidecarArgs = ['--interval-ms', String(intervalMs), '--forecast-season', String(DAY_INTERVALS), '--forecast-horizon', String(HORIZON_INTERVALS)];
  process.stdout.write(`starting etcd, ${f.coordinators} coordinators and ${f.nodes} storage nodes with sidecars (a day lasts ${dayS} s, one interval ${intervalMs} ms)…\n`);
  const cluster = await LocalCluster.start({
    // The local provisioner starts nodes itself and cannot issue them certificates yet: plaintext.
    transport: 'insecure',
    coordinators: f.coordinators,
    nodes: f.nodes,
    microshards: f.microshards,
    orphanPolicy: f.orphanPolicy as 'reassign' | 'await',
    logToFiles: true,
    metrics: f.metrics ?? true,
    baseDir,
    sidecarArgs: [...sidecarArgs, '--capacity', String(NODE_CAPACITY)],
    coordinatorConfig: {
      gatewayListen: '127.0.0.1:0',
      topicPollMs: intervalMs,
      scaleIntervalMs: intervalMs,
      provisioner: 'local',
      provisionerLocal: { baseDir: join(baseDir, 'provisioned'), sidecarArgs },
      // Prices per hour of the story's time, converted to wall time (k times faster).
      costModel: { types: { default: { capacityOpsPerS: NODE_CAPACITY, costPerHour: 0.1 * k, provisioningCost: 0.05, migrationCostPerGb: 0.02, provisionLeadMs: 5_000 } }, overloadCostPerNodeHour: 2 * k },
      capacity: { safetyMarginMs: 3 * intervalMs + 2_000, retireAfterMs: Math.round((dayS * 1000) / 3), scaleDownCooldownMs: Math.round((dayS * 1000) / 2), scaleUpCooldownMs: Math.round((dayS * 1000) / 6), retireUtilisation: 0.7, minNodes: f.nodes },
      provisionTimeoutMs: 60_000,
      drainTimeoutMs: 120_000,
      noActionEventEveryMs: Math.round((dayS * 1000) / 4),
    },
  });
  let stopping: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let workload: PubSubWorkload | undefined;
  let eventStream: grpc.ClientReadableStream<LifecycleEvent__Output> | undefined;
  const events: string[] = [];
  const overloadSeconds = new Map<string, number>();
  const peakOps = new Map<string, { ops: number; at: string }>();
  let provisionedAt: string | undefined;
  /** What each node would carry had nothing moved (topics on their first owners), at its worst so far. */
  const staticPeak = new Map<string, { ops: number; at: string }>();
  const summary = () => {
    const lines = [`overloaded node-seconds (actual ops/s above ${NODE_CAPACITY}): ${[...overloadSeconds.values()].reduce((a, b) => a + b, 0)}`];
    for (const [n, p] of [...staticPeak].sort()) if (p.ops > NODE_CAPACITY) lines.push(`without scaling, ${n} would have peaked at ${Math.round(p.ops)} ops/s (${p.at}), ${Math.round(p.ops - NODE_CAPACITY)} over its capacity`);
    for (const [n, p] of [...peakOps].sort()) lines.push(`  ${n}: peak ${Math.round(p.ops)} ops/s (${p.at})${overloadSeconds.get(n) ? `, ${overloadSeconds.get(n)} s over` : ''}`);
    if (provisionedAt) lines.push(`node provisioned at ${provisionedAt}; the launch peak was due at day 3, ${String(Math.floor(PEAK_PHASE * 24)).padStart(2, '0')}:00`);
    return lines.join('\n');
  };
  const stop = (why: string) => {
    stopping ??= (async () => {
      if (timer) clearInterval(timer);
      eventStream?.cancel();
      await workload?.stop();
      await cluster.stop();
      rmSync(baseDir, { recursive: true, force: true });
      process.stdout.write(`\n${summary()}\n${why}: stopped every process (provisioned ones too) and removed ${baseDir}\n`);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stop('SIGINT').then(() => process.exit(0)));
  process.on('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0)));
  try {
    process.stdout.write(`cluster data and logs: ${baseDir}\n`);
    // Topics: the launch topic where it hashes, and daily-cycle topics spread so every node
    // carries the same cycle peak.
    const planner = new ShardcastClient({ sidecars: [...cluster.sidecars.values()].map((s) => s.address), security: INSECURE });
    await planner.start(30_000);
    // Placement happens once every node has joined: wait until each microshard has an owner.
    const placedBy = Date.now() + 30_000;
    while (planner.table.microshards().some((m) => !m.owner) && Date.now() < placedBy) await new Promise((r) => setTimeout(r, 200));
    const ownerOf = (topic: string) => planner.table.lookup(keyPosition(topic))?.owner ?? '';
    const byNode = new Map<string, string[]>();
    for (const t of CYCLE_TOPICS) byNode.set(ownerOf(t), [...(byNode.get(ownerOf(t)) ?? []), t]);
    const launchNode = ownerOf(LAUNCH_TOPIC);
    planner.close();
    const topics: TopicProfile[] = [{ topic: LAUNCH_TOPIC, subscribers: 20, rate: (tS) => launchRate(tS, dayS) }];
    for (const [node, list] of byNode) {
      if (!node) continue;
      const per = CYCLE_PEAK_PER_NODE / list.length;
      list.forEach((topic, i) => topics.push({ topic, subscribers: 5 + i, rate: (tS) => cycleRate(tS, dayS, per, PEAK_PHASE - 0.04 + (0.08 * i) / Math.max(1, list.length - 1)) }));
    }
    const firstOwner = new Map(topics.map((t) => [t.topic, t.topic === LAUNCH_TOPIC ? launchNode : [...byNode].find(([, l]) => l.includes(t.topic))?.[0] ?? '']));
    workload = new PubSubWorkload({ sidecars: [...cluster.sidecars.values()].map((s) => s.address), topics, tickMs: 100 });
    await workload.start();
    const leaderAdmin = async (): Promise<AdminClient> => {
      const s = await cluster.status().catch(() => undefined);
      return cluster.admin(s?.leaderAddress || undefined);
    };
    const follow = () => {
      const s = cluster.admin().WatchEvents({ last: 10, follow: true });
      eventStream = s;
      s.on('data', (e: LifecycleEvent__Output) => {
        if (e.kind === 'node_provisioned' && !provisionedAt && workload) provisionedAt = clock(workload.elapsedS, dayS);
        events.push(formatEvent(e));
        if (events.length > 50) events.shift();
      });
      s.on('error', () => {
        if (!stopping) setTimeout(follow, 1000);
      });
    };
    follow();
    const dashboard = `${[...cluster.dashboardUrls.values()][0] ?? '?'}/`;
    process.stdout.write(`dashboard: ${dashboard}\n`);
    for (const [name, address] of cluster.metricsAddresses) process.stdout.write(`metrics ${name}: http://${address}/metrics\n`);
    const hints = [
      `dashboard: ${dashboard}`,
      `gateway: curl 'http://${[...cluster.gatewayAddresses.values()][0]}/predict_load?topic=${LAUNCH_TOPIC}'  ·  ctl: node dist/cli/main.js ctl events --follow --coordinators ${cluster.coordinatorAddresses().join(',')}`,
      `logs: ${baseDir}/logs/ (provisioned nodes: ${baseDir}/provisioned/logs/)`,
    ];
    const tick = async () => {
      const w = workload!;
      const tS = w.elapsedS;
      const admin = await leaderAdmin();
      const [status, nodes, cap, cache, map] = await Promise.all([
        cluster.status().catch(() => undefined),
        unary<any>((cb) => admin.ListNodes({}, { deadline: deadline(800) }, cb)), // eslint-disable-line @typescript-eslint/no-explicit-any
        unary<any>((cb) => admin.GetCapacity({}, { deadline: deadline(800) }, cb)), // eslint-disable-line @typescript-eslint/no-explicit-any
        unary<any>((cb) => admin.ListPredictionCache({ prefix: '', limit: 0 }, { deadline: deadline(800) }, cb)), // eslint-disable-line @typescript-eslint/no-explicit-any
        unary<any>((cb) => admin.ListShardMap({ prefix: '', limit: 0 }, { deadline: deadline(800) }, cb)), // eslint-disable-line @typescript-eslint/no-explicit-any
      ]);
      const actual = w.rates().opsPerS;
      const fixed = new Map<string, number>();
      for (const t of topics) fixed.set(firstOwner.get(t.topic)!, (fixed.get(firstOwner.get(t.topic)!) ?? 0) + t.rate(tS));
      for (const [n, v] of fixed) if (v > (staticPeak.get(n)?.ops ?? 0)) staticPeak.set(n, { ops: v, at: clock(tS, dayS) });
      for (const [n, v] of actual) {
        if (v > NODE_CAPACITY) overloadSeconds.set(n, (overloadSeconds.get(n) ?? 0) + 1);
        if (v > (peakOps.get(n)?.ops ?? 0)) peakOps.set(n, { ops: v, at: clock(tS, dayS) });
      }
      const decision: ScaleDecision | undefined = cap?.lastDecisionJson ? JSON.parse(cap.lastDecisionJson) : undefined;
      const usable = NODE_CAPACITY * 0.85;
      const width = Math.min(process.stdout.columns || 120, 140);
      const bold = (s: string) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
      const red = (s: string) => (tty ? `\x1b[31m${s}\x1b[0m` : s);
      const green = (s: string) => (tty ? `\x1b[32m${s}\x1b[0m` : s);
      const bar = (v: number) => {
        const cells = 25;
        const fill = Math.min(cells, Math.round((v / (NODE_CAPACITY * 1.2)) * cells));
        const capAt = Math.round((NODE_CAPACITY / (NODE_CAPACITY * 1.2)) * cells);
        let s = '';
        for (let i = 0; i < cells; i++) s += i === capAt ? '|' : i < fill ? '#' : '.';
        return v > NODE_CAPACITY ? red(s) : s;
      };
      const lines: string[] = [];
      lines.push(bold(`shardcast demo — pubsub — ${tS.toFixed(0)} s — ${clock(tS, dayS)} (a day lasts ${dayS} s)`) + '   (Ctrl-C stops everything)');
      lines.push(`leader: ${status?.leaderId || '(electing…)'}   provisioner: ${cap?.provisioner ?? '?'}   nodes live: ${cap?.liveNodes ?? '?'}, starting: ${cap?.provisioning ?? 0}, retiring: ${cap?.retiring ?? 0}, desired: ${cap?.desiredNodes ?? '?'}   capacity ${NODE_CAPACITY} ops/s per node (plan to ${usable})`);
      lines.push('');
      lines.push(bold('NODE               OPS/S NOW (actual)                FORECAST p90 PEAK (next half day)   REC. SIZE        MICROSHARDS'));
      const sizes = new Map<string, any>((cap?.sizes ?? []).map((s: any) => [s.node, s])); // eslint-disable-line @typescript-eslint/no-explicit-any
      for (const n of nodes?.nodes ?? []) {
        const id = n.node.id as string;
        const a = actual.get(id) ?? 0;
        const s = sizes.get(id);
        const fc = s ? Math.round(s.forecastP90PeakOpsPerS) : 0;
        const fcText = s ? `${String(fc).padStart(4)} ${fc > usable ? red(`▲ above ${usable}`) : '          '}` : '   -          ';
        const tag = cap?.managedNodes?.includes(id) ? green(' (provisioned)') : '';
        lines.push(`${(id + tag).padEnd(tag ? 18 + (tty ? 9 : 0) : 18)} ${String(Math.round(a)).padStart(4)} ${bar(a)}      ${fcText}                    ${s ? `${s.cpu} CPU ${s.memoryMb} MiB` : '-'}`.padEnd(20) + `   ${String(n.microshards).padStart(4)}`);
      }
      lines.push(`${''.padEnd(18)}      0${''.padEnd(7)}50${''.padEnd(8)}100`);
      lines.push('');
      lines.push(bold('TOPIC                    NOW/S  PREDICTED p90/S  NODE'));
      const shardOf = new Map<string, string>((map?.entries ?? []).map((e: any) => [e.topic, e.shard?.node ?? ''])); // eslint-disable-line @typescript-eslint/no-explicit-any
      const shown = (cache?.entries ?? []).slice(0, 7);
      for (const e of shown) {
        const hot = e.topic === LAUNCH_TOPIC;
        lines.push(`${(hot ? bold(e.topic) : e.topic).padEnd(hot && tty ? 33 : 24)} ${String(Math.round(e.publishRatePerS)).padStart(5)}  ${String(Math.round(e.predictedRateP90)).padStart(15)}  ${shardOf.get(e.topic) ?? ''}${hot ? '   ← ramps up days 2-3, ends day 5' : ''}`);
      }
      lines.push('');
      if (decision) {
        const fcast = decision.forecast;
        if (fcast.firstShortfallStep >= 0) {
          lines.push(red(`FORECAST  p90 crosses capacity: short by ${Math.round(fcast.peakShortfall)} ops/s in ${((fcast.firstShortfallStep * fcast.stepMs) / 1000).toFixed(0)} s${fcast.overloadedNodes.length ? ` on ${fcast.overloadedNodes.join(', ')}` : ''}; lead time ${(decision.timing.leadMs / 1000).toFixed(1)} s (provision ${(decision.timing.provisionMs / 1000).toFixed(1)} s + copy + margin)`));
        } else {
          lines.push(`FORECAST  cluster p90 peak ${Math.round(fcast.clusterP90Peak)} of ${Math.round(fcast.usableCapacity)} usable ops/s over the next ${((fcast.horizon * fcast.stepMs) / 1000).toFixed(0)} s: no shortfall`);
        }
        const text = `DECISION  ${decision.action === 'none' ? `no action (${decision.reason})` : decision.action}: ${decision.explanation}`;
        lines.push(text.length > width * 2 ? text.slice(0, width * 2 - 1) + '…' : text);
      }
      const over = [...overloadSeconds.values()].reduce((a, b) => a + b, 0);
      const wouldBe = staticPeak.get(launchNode)?.ops ?? 0;
      lines.push((over === 0 ? green : red)(`OVERLOAD  node-seconds with actual load above capacity so far: ${over}`) + `   (static placement: ${launchNode} would be at ${Math.round(fixed.get(launchNode) ?? 0)} now, ${Math.round(wouldBe)} at worst)` + (provisionedAt ? `   node provisioned at ${provisionedAt} (launch peak due day 3, 18:00)` : ''));
      lines.push('');
      lines.push(bold('LIFECYCLE EVENTS (latest)'));
      for (const e of events.slice(-8)) lines.push(`  ${e.length > width - 3 ? e.slice(0, width - 4) + '…' : e}`);
      lines.push('');
      for (const h of hints) lines.push(h);
      if (w.errors > 0) lines.push(red(`workload errors: ${w.errors} (last: ${w.lastError?.slice(0, 100)})`));
      process.stdout.write(tty ? `\x1b[2J\x1b[H${lines.join('\n')}\n` : `${lines.join('\n')}\n\n`);
      if (f.duration && tS >= f.duration) void stop(`ran for ${f.duration} s`).then(() => process.exit(0));
    };
    timer = setInterval(() => void tick().catch(() => undefined), 1000);
  } catch (err) {
    await stop(`failed: ${(err as Error).message}`);
    throw err;
  }
}
