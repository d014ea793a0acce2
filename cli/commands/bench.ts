// `shardcast bench`: benchmarks that need a running cluster, run from the one command.
import { Command, InvalidArgumentError } from 'commander';
import { runMigrationBench, printText } from '../../bench/migration.js';
import { runDatapathBench, printText as printDatapath, DEFAULT_CONCURRENCY, DEFAULT_ROUNDS, DEFAULT_SECONDS, DEFAULT_VALUE_BYTES } from '../../bench/datapath.js';

function intAtLeast(min: number, flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${flag} must be an integer >= ${min}`);
    return n;
  };
}

export function register(program: Command): void {
  const bench = program.command('bench').description('benchmarks against a local cluster of real processes');
  bench
    .command('migration')
    .description('copy rate of a >= 200 MB microshard vs a raw gRPC stream, write pause, foreground impact, lost writes')
    .option('--json', 'print the figures as one JSON object')
    .option('--mb <n>', 'size of the migrated microshard, MB', intAtLeast(1, '--mb'), 200)
    .option('--small <n>', 'small migrations run after the big one (pause distribution)', intAtLeast(0, '--small'), 20)
    .option('--value-kb <n>', 'value size of the bulk load, KiB', intAtLeast(1, '--value-kb'), 64)
    .option('--writers <n>', 'foreground writer loops', intAtLeast(1, '--writers'), 8)
    .option('--throttle-mb <n>', 'then move it back with this copy budget, MB/s (0: skip)', intAtLeast(0, '--throttle-mb'), 10)
    .action(async (f: { json?: boolean; mb: number; small: number; valueKb: number; writers: number; throttleMb: number }) => {
      const r = await runMigrationBench({ mb: f.mb, small: f.small, valueKb: f.valueKb, writers: f.writers, throttleMb: f.throttleMb, log: f.json ? undefined : (l) => process.stdout.write(l + '\n') });
      if (f.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else printText(r);
    });
  bench
    .command('datapath')
    .description('durable Put and Get ops/s through the client library vs a bare grpc-js unary echo and a bare lmdb write loop, same run')
    .option('--json', 'print the figures as one JSON object')
    .option('--concurrency <n>', 'closed-loop callers', intAtLeast(1, '--concurrency'), DEFAULT_CONCURRENCY)
    .option('--seconds <n>', 'measured seconds per phase', intAtLeast(1, '--seconds'), DEFAULT_SECONDS)
    .option('--rounds <n>', 'rounds of the interleaved phases (figures are medians)', intAtLeast(1, '--rounds'), DEFAULT_ROUNDS)
    .option('--value-bytes <n>', 'value size, bytes', intAtLeast(0, '--value-bytes'), DEFAULT_VALUE_BYTES)
    .action(async (f: { json?: boolean; concurrency: number; seconds: number; rounds: number; valueBytes: number }) => {
      const r = await runDatapathBench({ concurrency: f.concurrency, seconds: f.seconds, rounds: f.rounds, valueBytes: f.valueBytes, log: f.json ? undefined : (l) => process.stdout.write(l + '\n') });
      if (f.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else printDatapath(r);
    });
}
