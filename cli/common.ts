// Pieces every process command shares: transport-security flags, config loading with readable
// errors, and graceful shutdown on SIGINT/SIGTERM.
import type { Command } from 'commander';
import type { z } from 'zod';
import { loadConfig, readConfigFile, ConfigError } from '../platform/config.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { EXIT_FAILURE, EXIT_USAGE } from './exit-codes.js';

export interface SecurityFlags {
  insecure?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  mtls?: boolean;
  adminToken?: string;
}

export function addSecurityFlags(cmd: Command): Command {
  return cmd
    .option('--insecure', 'plaintext gRPC (loopback / trusted networks only)')
    .option('--tls-cert <file>', 'PEM certificate of this process')
    .option('--tls-key <file>', 'PEM private key of this process')
    .option('--tls-ca <file>', 'PEM CA bundle to verify peers')
    .option('--mtls', 'require and present client certificates (needs --tls-ca)')
    .option('--admin-token <token>', 'bearer token for admin RPCs (env SHARDCAST_ADMIN_TOKEN)');
}

/** The security section from flags; undefined when no flag was given (config file / env decide). */
export function securityFromFlags(f: SecurityFlags): Record<string, unknown> | undefined {
  const adminToken = f.adminToken ?? process.env.SHARDCAST_ADMIN_TOKEN;
  if (f.insecure) return { mode: 'insecure', adminToken };
  if (f.tlsCert || f.tlsKey) return { mode: f.mtls ? 'mtls' : 'tls', certFile: f.tlsCert, keyFile: f.tlsKey, caFile: f.tlsCa, adminToken };
  return adminToken ? { mode: 'insecure', adminToken } : undefined;
}

/** Loads a config or exits with status 2 and the list of problems. */
export function loadOrExit<S extends z.ZodObject>(schema: S, sources: Parameters<typeof loadConfig<S>>[1]): z.infer<S> {
  try {
    return loadConfig(schema, sources);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`shardcast: ${err.message}\n`);
      process.exit(EXIT_USAGE);
    }
    throw err;
  }
}

/**
 * Exits EXIT_USAGE unless the transport was chosen: by a flag (--insecure, --tls-cert/--tls-key),
 * by a `security:` section in the --config file, or by SHARDCAST_<PREFIX>_SECURITY. A config
 * file without `security:` does not silently run plaintext.
 */
export function requireTransportChoice(security: unknown, configFile: string | undefined, envPrefix: string): void {
  if (security !== undefined || process.env[`SHARDCAST_${envPrefix}_SECURITY`] !== undefined) return;
  if (configFile) {
    let doc: Record<string, unknown>;
    try {
      doc = readConfigFile(configFile);
    } catch (err) {
      process.stderr.write(`shardcast: ${(err as Error).message}\n`);
      process.exit(EXIT_USAGE);
    }
    if (doc.security !== undefined) return;
    process.stderr.write(`shardcast: config file ${configFile} has no "security:" section: add one (security: {mode: insecure} for plaintext on loopback, or mode tls/mtls with certFile/keyFile/caFile), or pass --insecure or --tls-cert/--tls-key\n`);
    process.exit(EXIT_USAGE);
  }
  process.stderr.write('shardcast: choose transport security: --insecure (plaintext, loopback only) or --tls-cert/--tls-key [--tls-ca --mtls]\n');
  process.exit(EXIT_USAGE);
}

/** Runs `stop` once on SIGINT/SIGTERM, then exits; a second signal forces exit. */
export function stopOnSignals(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err: String(err) }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
  // Children of a local cluster (demo, tests) die with their parent, even when it was killed,
  // instead of lingering as orphans. Not gracefully: their stdout is a pipe to the dead parent,
  // and a logger blocked on it would hang a graceful stop; every part survives a kill -9 anyway.
  if (process.env.SHARDCAST_EXIT_WITH_PARENT === '1') {
    // Adopted by init (pid 1) or another reaper: the parent that started us is gone — possibly
    // before we got here, so compare with the parent at start-up too.
    const orphaned = () => process.ppid !== PARENT_AT_STARTUP || process.ppid === 1;
    if (orphaned()) process.kill(process.pid, 'SIGKILL');
    setInterval(() => {
      if (orphaned()) process.kill(process.pid, 'SIGKILL');
    }, DEFAULT_PARENT_CHECK_MS).unref();
  }
}

/** How often a child of a local cluster checks that its parent is still there. */
export const DEFAULT_PARENT_CHECK_MS = 500;

/** The process that started this one (read when the CLI loads, before any await). */
const PARENT_AT_STARTUP = process.ppid;

/**
 * Logs, then exits with EXIT_FAILURE, on anything that escaped: an unhandled rejection or an
 * uncaught exception (it should not happen; a process in an unknown state must not go on). The
 * logger writes synchronously, so the line is out before the exit.
 */
export function installCrashHandlers(log: Logger, exit: (code: number) => void = (c) => process.exit(c)): void {
  const crash = (what: string) => (err: unknown) => {
    log.fatal({ err: String(err), stack: (err as Error)?.stack }, `${what}: exiting`);
    exit(EXIT_FAILURE);
  };
  process.on('unhandledRejection', crash('unhandled rejection'));
  process.on('uncaughtException', crash('uncaught exception'));
}

export { createLogger };

export { splitList } from './list.js';

/** Rows as left-aligned columns (the first row is the header). */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}
