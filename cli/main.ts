#!/usr/bin/env node
// The one `shardcast` command. Each subcommand lives in cli/commands/<name>.ts and exports
// register(program); cli/commands/index.ts is the only place they are wired.
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';

// Commander prints its own parse errors; errors thrown by actions must be printed here.
let commanderPrinted = false;
const program = new Command('shardcast')
  .description('Predictive placement and lifecycle control plane for sharded datastores')
  .version('0.1.0')
  .showHelpAfterError()
  .configureOutput({
    outputError: (str, write) => {
      commanderPrinted = true;
      write(str);
    },
  })
  .exitOverride();

for (const register of COMMANDS) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    if (!commanderPrinted && err.exitCode !== 0 && err.message) process.stderr.write(`shardcast: ${err.message.replace(/^error: /, '')}\n`);
    process.exit(err.exitCode);
  }
  process.stderr.write(`shardcast: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
