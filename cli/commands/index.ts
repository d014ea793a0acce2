// Registry of subcommands: add one line per command module.
import type { Command } from 'commander';
import { register as anomaly } from './anomaly.js';
import { register as bench } from './bench.js';
import { register as certs } from './certs.js';
import { register as coordinator } from './coordinator.js';
import { register as ctl } from './ctl.js';
import { register as datastore } from './datastore.js';
import { register as demo } from './demo.js';
import { register as forecast } from './forecast.js';
import { register as sidecar } from './sidecar.js';
import { register as sim } from './sim.js';
import { register as topics } from './topics.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  anomaly,
  bench,
  certs,
  coordinator,
  ctl,
  datastore,
  demo,
  forecast,
  sidecar,
  sim,
  topics,
];
