// `shardcast ctl explain MICROSHARD`: why the planner did (or did not) act on a microshard: its
// latest explain records (decision or "no action", the reason, forecast p50/p90, cost, gain,
// policy, bids, what executing it did) plus the latest records about its owner node and the
// cluster, from the leader (Admin.Explain; any replica forwards). Registered by ctl.ts.
import { InvalidArgumentError as CommanderArgError, type Command } from 'commander';
import type * as grpc from '@grpc/grpc-js';
import type { AdminClient } from '../../generated/proto/shardcast/v1/Admin.js';
import type { ExplainRecord__Output } from '../../generated/proto/shardcast/v1/ExplainRecord.js';
import type { ExplainResponse__Output } from '../../generated/proto/shardcast/v1/ExplainResponse.js';

type Invoke<Res> = (c: AdminClient, md: grpc.Metadata, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: Res) => void) => void;
type Call = <Res>(f: ExplainFlags, invoke: Invoke<Res>) => Promise<Res>;

interface ExplainFlags {
  coordinators?: string;
  json?: boolean;
  limit?: number;
}

const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

interface BidView {
  node: string;
  willing: boolean;
  reason?: string;
  headroom?: number;
  score?: number;
  coAccess?: number;
}

function parseInputs(r: ExplainRecord__Output): Record<string, unknown> {
  try {
    return JSON.parse(r.inputsJson || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** One record as a few readable lines. */
export function formatRecord(r: ExplainRecord__Output, nowMs = Date.now()): string {
  const at = new Date(Number(r.atMs));
  const age = (nowMs - at.getTime()) / 1000;
  const subject = [r.microshardId ? `microshard ${r.microshardId}` : '', r.nodeId ? `node ${r.nodeId}` : ''].filter(Boolean).join(', ') || 'cluster';
  const head = `${at.toISOString().slice(11, 23)} (${age.toFixed(0)} s ago) round ${r.round}  ${r.outcome === 'decision' ? `DECISION ${r.kind || ''}`.trim() : 'no action'}  [${r.candidate}] ${subject}  policy ${r.policy || '-'}`;
  const lines = [head, `    why: ${r.reason}`];
  const figures: string[] = [];
  if (r.microshardId || r.forecastP90 > 0) figures.push(`load ${num(r.load)}/interval, forecast peak p50 ${num(r.forecastP50)} p90 ${num(r.forecastP90)}`);
  if (r.gain !== 0 || r.cost !== 0) figures.push(`gain ${num(r.gain)}, cost ${num(r.cost)} (op-intervals)`);
  if (figures.length) lines.push(`    ${figures.join('; ')}`);
  if (r.execution) lines.push(`    executed: ${r.execution}`);
  const inputs = parseInputs(r);
  // Planned while the microshard was anomalous (coordinator/planner/loop.ts anomalyEvidence).
  const anomaly = inputs.anomaly as { series?: string; value?: number; expected?: number; expectedLow?: number; expectedHigh?: number; score?: number } | undefined;
  if (anomaly?.series) lines.push(`    anomaly: ${anomaly.series} ${num(anomaly.value ?? NaN)} vs expected ${num(anomaly.expected ?? NaN)} [${num(anomaly.expectedLow ?? NaN)}, ${num(anomaly.expectedHigh ?? NaN)}], score ${(anomaly.score ?? NaN).toFixed(2)}: planned on max(observed, forecast), band widened`);
  const trigger = inputs.trigger as { kind?: string; atMs?: number } | undefined;
  if (trigger?.kind === 'anomaly') lines.push(`    round triggered by an anomaly (reached the leader ${new Date(trigger.atMs ?? 0).toISOString().slice(11, 23)})`);
  const auction = inputs.auction as { id?: string; bids?: BidView[]; missing?: string[] } | undefined;
  if (auction?.bids) {
    const bids = auction.bids.map((b) => (b.willing ? `${b.node} headroom ${b.headroom !== undefined ? `${(b.headroom * 100).toFixed(0)}%` : '?'} score ${b.score !== undefined ? num(b.score) : '?'}${b.coAccess ? ` co-access ${num(b.coAccess)}` : ''}` : `${b.node} not willing (${b.reason ?? '-'})`));
    lines.push(`    auction ${auction.id ?? '?'}: ${bids.length ? bids.join('; ') : 'no bids'}${auction.missing?.length ? `; no answer from ${auction.missing.join(', ')}` : ''}`);
  }
  return lines.join('\n');
}

export function formatExplain(r: ExplainResponse__Output, nowMs = Date.now()): string {
  const interval = Number(r.plannerIntervalMs);
  const last = Number(r.lastRoundAtMs);
  const loop = interval > 0 ? `planner every ${(interval / 1000).toFixed(1)} s, policy ${r.policy || '(none yet)'}, last round ${last > 0 ? `${((nowMs - last) / 1000).toFixed(1)} s ago` : 'never'}` : 'planner off (plannerIntervalMs 0)';
  const out = [`microshard ${r.microshardId}: ${loop}; answered by ${r.answeredBy}`];
  if (r.skippedBecause) out.push(`latest round did nothing: ${r.skippedBecause}`);
  out.push('');
  if (r.records.length === 0) out.push('no planner record for this microshard: it was not a candidate in the rounds the leader remembers');
  for (const rec of r.records) out.push(formatRecord(rec, nowMs));
  if (r.context.length > 0) {
    out.push('', 'context (its node and the cluster):');
    for (const rec of r.context) out.push(formatRecord(rec, nowMs));
  }
  return out.join('\n') + '\n';
}

export function registerExplain(ctl: Command, common: (c: Command) => Command, call: Call): void {
  common(
    ctl
      .command('explain <microshard>')
      .description('why the planner did or did not act on a microshard: decisions and "no action" with forecast, cost, gain, policy and bids')
      .option('--limit <n>', 'latest n records (default: all the leader keeps)', (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new CommanderArgError(`--limit must be a positive integer, got "${v}"`);
        return n;
      }),
  ).action(async (microshard: string, f: ExplainFlags, cmd: Command) => {
    if (!/^\d{1,20}$/.test(microshard)) cmd.error(`error: microshard must be a decimal id, got "${microshard}"`);
    const r = await call<ExplainResponse__Output>(f, (c, md, o, cb) => c.Explain({ microshardId: microshard, limit: f.limit ?? 0 }, md, o, cb));
    if (f.json) {
      const parse = (x: ExplainRecord__Output) => ({ ...x, inputs: parseInputs(x) });
      process.stdout.write(JSON.stringify({ ...r, records: r.records.map(parse), context: r.context.map(parse) }, null, 2) + '\n');
    } else process.stdout.write(formatExplain(r));
  });
}
