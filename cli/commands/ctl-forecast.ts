// `shardcast ctl forecast MICROSHARD | --key KEY`: a microshard's recent load and the leader's
// latest forecast for it (Admin.PredictLoad), as an ASCII chart with the model version and the
// method, or as JSON. Registered by ctl.ts.
import { InvalidArgumentError as CommanderArgError, type Command } from 'commander';
import type * as grpc from '@grpc/grpc-js';
import type { AdminClient } from '../../generated/proto/shardcast/v1/Admin.js';
import type { PredictLoadResponse__Output } from '../../generated/proto/shardcast/v1/PredictLoadResponse.js';
import { forecastChart, shortNumber, DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH } from '../chart.js';

type Invoke<Res> = (c: AdminClient, md: grpc.Metadata, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: Res) => void) => void;
type Call = <Res>(f: ForecastFlags, invoke: Invoke<Res>) => Promise<Res>;

interface ForecastFlags {
  coordinators?: string;
  json?: boolean;
  key?: string;
  history?: number;
  width?: number;
  height?: number;
}

const positiveInt = (flag: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CommanderArgError(`${flag} must be a positive integer, got "${v}"`);
  return n;
};

/** Index of the level closest to `want`. */
function nearest(levels: readonly number[], want: number): number {
  let best = 0;
  levels.forEach((l, i) => {
    if (Math.abs(l - want) < Math.abs(levels[best]! - want)) best = i;
  });
  return best;
}

export function formatForecast(r: PredictLoadResponse__Output, opts: { width?: number; height?: number; nowMs?: number } = {}): string {
  const m = r.microshard!;
  const f = r.forecast!;
  const lo = nearest(f.quantiles, 0.1);
  const mid = nearest(f.quantiles, 0.5);
  const hi = nearest(f.quantiles, 0.9);
  const intervalMs = Number(f.intervalMs);
  const median = f.values[mid]?.values ?? [];
  const lower = f.values[lo]?.values ?? [];
  const upper = f.values[hi]?.values ?? [];
  const age = ((opts.nowMs ?? Date.now()) - Number(r.asOfMs)) / 1000;
  const pct = (q: number) => `p${Math.round(q * 100)}`;
  const lines = [
    `microshard ${m.id} [${m.start}, ${m.end}) owner ${m.owner || '-'} epoch ${m.epoch} ${m.state}; reported by ${r.reportedBy}`,
    `model ${f.modelVersion}, method ${f.method} (season ${f.season} intervals, ${f.historyPoints} points of history); received ${new Date(Number(r.asOfMs)).toISOString().slice(11, 23)} (${age.toFixed(1)} s ago) by ${r.answeredBy}`,
    `interval ${intervalMs} ms; ${r.history.length} recent intervals; forecast ${median.length} steps, band ${pct(f.quantiles[lo]!)}-${pct(f.quantiles[hi]!)}`,
    '',
  ];
  const chart = forecastChart({
    history: r.history.map((p) => Number(p.ops)),
    lower,
    median,
    upper,
    intervalMs,
    width: opts.width ?? DEFAULT_CHART_WIDTH,
    height: opts.height ?? DEFAULT_CHART_HEIGHT,
    unit: 'ops/interval',
  });
  const peak = median.reduce((a, v, i) => (v > median[a]! ? i : a), 0);
  const summary =
    median.length > 0
      ? `next interval: ${pct(f.quantiles[lo]!)} ${shortNumber(lower[0]!)}, p50 ${shortNumber(median[0]!)}, ${pct(f.quantiles[hi]!)} ${shortNumber(upper[0]!)}; ` +
        `peak p50 ${shortNumber(median[peak]!)} at step ${peak + 1} (${pct(f.quantiles[hi]!)} ${shortNumber(upper[peak]!)})\n`
      : '';
  return lines.join('\n') + chart + summary;
}

export function registerForecast(ctl: Command, common: (c: Command) => Command, call: Call): void {
  common(
    ctl
      .command('forecast [microshard]')
      .description('recent load and the latest forecast of a microshard (by id, or --key), with its model version')
      .option('--key <key>', 'the microshard holding this key (UTF-8)')
      .option('--history <n>', 'recent intervals to show (default: all the leader keeps)', positiveInt('--history'))
      .option('--width <columns>', `chart width (default ${DEFAULT_CHART_WIDTH})`, positiveInt('--width'))
      .option('--height <rows>', `chart height (default ${DEFAULT_CHART_HEIGHT})`, positiveInt('--height')),
  ).action(async (microshard: string | undefined, f: ForecastFlags, cmd: Command) => {
    // cmd.error prints the message (with the usage hint) and exits non-zero.
    if (microshard !== undefined && f.key !== undefined) cmd.error('error: give a microshard id or --key, not both');
    if (microshard === undefined && f.key === undefined) cmd.error('error: give a microshard id or --key KEY');
    if (microshard !== undefined && !/^\d{1,20}$/.test(microshard)) cmd.error(`error: microshard must be a decimal id, got "${microshard}"`);
    if (f.key !== undefined && f.key.length === 0) cmd.error('error: --key must not be empty');
    const req = microshard !== undefined ? { microshardId: microshard, history: f.history ?? 0 } : { key: Buffer.from(f.key!, 'utf8'), history: f.history ?? 0 };
    const r = await call<PredictLoadResponse__Output>(f, (c, md, o, cb) => c.PredictLoad(req, md, o, cb));
    process.stdout.write(f.json ? JSON.stringify(r, null, 2) + '\n' : formatForecast(r, { width: f.width, height: f.height }));
  });
}
