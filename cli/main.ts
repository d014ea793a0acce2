#!/usr/bin/env node
// The one `shardcast` command. Each subcommand lives in cli/commands/<name>.ts and exports
// register(program); the list below is the only place they are wired.
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';

const program = new Command('shardcast')
  .description('Predictive placement and lifecycle control plane for sharded datastores')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

for (const register of COMMANDS) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  process.stderr.write(`shardcast: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
