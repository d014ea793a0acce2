// Runs a shardcast process (`node dist/cli/main.js ...`) as a child, finds its bound address
// from its "listening" log line, keeps its recent output for diagnostics, and kills it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const CLI_MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));
/** How long a child process may take to log "listening" (the client library's DEFAULT_START_TIMEOUT_MS is another wait: for a route table). */
export const DEFAULT_PROCESS_READY_TIMEOUT_MS = 20_000;

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  address: string;
  /** Last lines of output (stdout and stderr). */
  tail(): string[];
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function spawnShardcast(
  name: string,
  args: string[],
  opts: { logFile?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; onLine?: (line: string) => void; wrapper?: readonly string[] } = {},
): Promise<ManagedProcess> {
  // A wrapper command that execs the rest in place (`ip netns exec NS`: fault tests run a process
  // in a network namespace); the child is then still the node process itself.
  const [command, ...prefix] = [...(opts.wrapper ?? []), process.execPath];
  const child = spawn(command!, [...prefix, CLI_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SHARDCAST_EXIT_WITH_PARENT: '1', ...opts.env } });
  const lines: string[] = [];
  const log: WriteStream | undefined = opts.logFile ? createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
    log?.write(line + '\n');
    opts.onLine?.(line);
  };
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      keep(`[exited code=${code} signal=${signal}]`);
      log?.end();
      resolve(code);
    }),
  );
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${opts.timeoutMs ?? DEFAULT_PROCESS_READY_TIMEOUT_MS} ms:\n${lines.slice(-20).join('\n')}`)), opts.timeoutMs ?? DEFAULT_PROCESS_READY_TIMEOUT_MS);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      keep(line);
      if (line.includes('"listening"')) {
        try {
          const rec = JSON.parse(line) as { msg?: string; address?: string };
          if (rec.msg === 'listening' && rec.address) {
            clearTimeout(timer);
            resolve(rec.address);
          }
        } catch {
          // not JSON: keep waiting
        }
      }
    });
    createInterface({ input: child.stderr! }).on('line', keep);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${code}) before listening:\n${lines.slice(-20).join('\n')}`));
    });
  });
  return {
    name,
    child,
    address,
    tail: () => [...lines],
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    },
  };
}
