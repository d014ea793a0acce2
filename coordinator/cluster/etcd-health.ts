// Whether this replica can reach etcd, probed on a timer: one small read with a deadline every
// probeMs. After `failures` failed probes in a row the replica is unhealthy (its gRPC health turns
// NOT_SERVING: whatever it answers from its etcd mirror may be stale); one success makes it
// healthy again. Emits 'change' (healthy: boolean, reason: string) on each transition.
import { EventEmitter } from 'node:events';
import type { Namespace } from 'etcd3';
import { META_LAYOUT } from './keys.js';

/** Probe period. */
export const DEFAULT_ETCD_PROBE_MS = 1_000;
/** Deadline of one probe. */
export const DEFAULT_ETCD_PROBE_TIMEOUT_MS = 1_500;
/** Failed probes in a row before the replica reports NOT_SERVING. */
export const DEFAULT_ETCD_PROBE_FAILURES = 2;

export class EtcdHealth extends EventEmitter {
  healthy = true;
  private failed = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;

  constructor(
    private readonly ns: Namespace,
    private readonly opts: { probeMs?: number; timeoutMs?: number; failures?: number; onProbe?: (ok: boolean, ms: number) => void } = {},
  ) {
    super();
  }

  start(): void {
    this.timer = setInterval(() => void this.probe(), this.opts.probeMs ?? DEFAULT_ETCD_PROBE_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async probe(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    const started = performance.now();
    const timeoutMs = this.opts.timeoutMs ?? DEFAULT_ETCD_PROBE_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.ns.get(META_LAYOUT).string(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)))]);
      this.opts.onProbe?.(true, performance.now() - started);
      this.failed = 0;
      if (!this.healthy) {
        this.healthy = true;
        this.emit('change', true, 'etcd reachable again');
      }
    } catch (err) {
      this.opts.onProbe?.(false, performance.now() - started);
      this.failed++;
      if (this.healthy && this.failed >= (this.opts.failures ?? DEFAULT_ETCD_PROBE_FAILURES)) {
        this.healthy = false;
        this.emit('change', false, `etcd unreachable: ${(err as Error).message}`);
      }
    } finally {
      clearTimeout(timer);
      this.inFlight = false;
    }
  }
}
