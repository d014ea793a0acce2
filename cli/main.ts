#!/usr/bin/env node
// The one `shardcast` command. Each subcommand lives in cli/commands/<name>.ts and exports
// register(program); cli/commands/index.ts is the only place they are wired. Only the module of
// the command being run is imported (all of them for `--help`, `help`, `completion` or an unknown
// command).
// Exit codes: cli/exit-codes.ts (0 ok, 1 failure, 2 usage or configuration error).
import '../platform/quiet-warnings.js';
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from './exit-codes.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

// Commander prints its own parse errors; errors thrown by actions must be printed here.
let commanderPrinted = false;
const program = new Command('shardcast')
  .description('Predictive placement and lifecycle control plane for sharded datastores')
  .version(VERSION)
  .showHelpAfterError()
  .configureOutput({
    outputError: (str, write) => {
      commanderPrinted = true;
      write(str);
    },
  })
  .exitOverride();

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('-'));
const versionOnly = args.length === 1 && (args[0] === '--version' || args[0] === '-V');
if (!versionOnly) {
  // `help` and `completion` need every command; so does an unknown one (commander suggests the closest).
  const load = name !== undefined && name !== 'help' && name !== 'completion' ? COMMANDS[name] : undefined;
  for (const mod of await Promise.all(load ? [load()] : Object.values(COMMANDS).map((l) => l()))) mod.register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    if (!commanderPrinted && err.exitCode !== 0 && err.message) process.stderr.write(`shardcast: ${err.message.replace(/^error: /, '')}\n`);
    // Help and --version exit 0; every parse or argument error is a usage error.
    process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
  }
  process.stderr.write(`shardcast: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE);
}
