// Registry of subcommands: add one line per command module.
import type { Command } from 'commander';
import { register as topics } from './topics.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  topics,
];
