// Registry of subcommands: one line per command module (each exports register(program), with
// its own description and options). main.ts imports only the module of the command being run,
// so `shardcast ctl ...` does not pay for the coordinator, the simulator or ONNX Runtime.
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: Record<string, () => Promise<{ register: RegisterCommand }>> = {
  anomaly: () => import('./anomaly.js'),
  bench: () => import('./bench.js'),
  certs: () => import('./certs.js'),
  completion: () => import('./completion.js'),
  coordinator: () => import('./coordinator.js'),
  ctl: () => import('./ctl.js'),
  datastore: () => import('./datastore.js'),
  demo: () => import('./demo.js'),
  forecast: () => import('./forecast.js'),
  sidecar: () => import('./sidecar.js'),
  sim: () => import('./sim.js'),
  topics: () => import('./topics.js'),
};
