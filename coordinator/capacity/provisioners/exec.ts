// `exec`: runs an operator-supplied command to start or stop a node: argv templates (an array,
// never a shell string) whose elements may hold {placeholders}: {node_id} {cluster} {type} {cpu}
// {memory_mb} {capacity_ops_per_s} {coordinators} {reason} {deadline_ms} {action}. Each element
// is substituted on its own and passed as one argument, so a value can never become shell syntax
// or a second argument. The same values are in the environment as SHARDCAST_PROVISION_<NAME>.
// Exit 0 is success; stdout may be a JSON object {"detail", "datastore_address",
// "sidecar_address"}, otherwise its last line is the detail. The command is killed at the deadline.
import { execFile } from 'node:child_process';
import { ProvisionError, placeholders, type ProvisionRequest, type ProvisionResult, type Provisioner, type RetireRequest } from './provisioner.js';

/** Default deadline of one command, ms. */
export const DEFAULT_EXEC_TIMEOUT_MS = 120_000;
/** Largest output read from a command. */
export const MAX_EXEC_OUTPUT_BYTES = 1024 * 1024;
/** Placeholders a template may use. */
export const EXEC_PLACEHOLDERS = ['node_id', 'cluster', 'type', 'cpu', 'memory_mb', 'capacity_ops_per_s', 'coordinators', 'reason', 'deadline_ms', 'action'] as const;
/** Of those, the ones a retire command may use (a retirement has no size). */
export const RETIRE_PLACEHOLDERS = ['node_id', 'cluster', 'reason', 'deadline_ms', 'action'] as const;

const PLACEHOLDER = /\{([a-z_]+)\}/g;

export interface ExecProvisionerOptions {
  provisionCommand: string[];
  retireCommand: string[];
  timeoutMs?: number;
}

/** Throws a RangeError naming an unknown placeholder or an empty template. */
export function checkTemplate(argv: readonly string[], allowed: readonly string[], what: string): void {
  if (argv.length === 0 || !argv[0]) throw new RangeError(`${what}: the command template is empty`);
  argv.forEach((arg, i) => {
    for (const m of arg.matchAll(PLACEHOLDER)) {
      if (!allowed.includes(m[1]!)) throw new RangeError(`${what}[${i}]: unknown placeholder {${m[1]}} (allowed: ${allowed.map((a) => `{${a}}`).join(' ')})`);
    }
  });
}

/** Substitutes placeholders element by element (no shell, no word splitting). */
export function renderArgv(argv: readonly string[], values: Record<string, string>): string[] {
  return argv.map((arg) => arg.replace(PLACEHOLDER, (_, name: string) => values[name] ?? ''));
}

export class ExecProvisioner implements Provisioner {
  readonly kind = 'exec' as const;

  constructor(private readonly opts: ExecProvisionerOptions) {
    checkTemplate(opts.provisionCommand, EXEC_PLACEHOLDERS, 'provisionCommand');
    checkTemplate(opts.retireCommand, RETIRE_PLACEHOLDERS, 'retireCommand');
  }

  canRetire(): boolean {
    return true;
  }

  async provision(req: ProvisionRequest): Promise<ProvisionResult> {
    const out = await this.run(this.opts.provisionCommand, placeholders(req, 'provision'), req.deadlineMs);
    return { nodeId: req.nodeId, ...out };
  }

  async retire(req: RetireRequest): Promise<{ detail: string }> {
    const out = await this.run(this.opts.retireCommand, placeholders(req, 'retire'), req.deadlineMs);
    return { detail: out.detail };
  }

  private run(template: readonly string[], values: Record<string, string>, deadlineMs: number): Promise<{ detail: string; datastoreAddress?: string; sidecarAddress?: string }> {
    const argv = renderArgv(template, values);
    const timeout = Math.max(1, Math.min(deadlineMs, this.opts.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS));
    const env = { ...process.env };
    for (const [k, v] of Object.entries(values)) env[`SHARDCAST_PROVISION_${k.toUpperCase()}`] = v;
    return new Promise((resolve, reject) => {
      execFile(argv[0]!, argv.slice(1), { timeout, killSignal: 'SIGKILL', maxBuffer: MAX_EXEC_OUTPUT_BYTES, env, windowsHide: true }, (err, stdout, stderr) => {
        const tail = (s: string) => s.trim().split('\n').slice(-5).join(' | ').slice(0, 500);
        if (err) {
          const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string; signal?: string };
          if (e.code === 'ENOENT') return reject(new ProvisionError(`${values.action} command ${JSON.stringify(argv[0])} not found`));
          if (e.killed) return reject(new ProvisionError(`${values.action} command ${argv[0]} did not finish within ${timeout} ms (killed)`));
          return reject(new ProvisionError(`${values.action} command ${argv[0]} failed (exit ${e.code ?? e.signal})${stderr.trim() ? `: ${tail(stderr)}` : ''}`));
        }
        const text = stdout.trim();
        if (text.startsWith('{')) {
          try {
            const j = JSON.parse(text) as { detail?: unknown; datastore_address?: unknown; sidecar_address?: unknown };
            return resolve({
              detail: typeof j.detail === 'string' ? j.detail : `${argv[0]} exited 0`,
              datastoreAddress: typeof j.datastore_address === 'string' ? j.datastore_address : undefined,
              sidecarAddress: typeof j.sidecar_address === 'string' ? j.sidecar_address : undefined,
            });
          } catch {
            // not JSON after all: use the text
          }
        }
        resolve({ detail: text ? tail(text) : `${argv[0]} exited 0` });
      });
    });
  }

  async close(): Promise<void> {}
}
