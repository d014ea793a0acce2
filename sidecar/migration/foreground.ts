// The foreground as a copy sees it: this node's storage-node latency per op (its service time
// plus its mean event-loop delay, the wait before a handler runs: on a busy host that wait is most
// of what a client feels), sampled every tick from the aggregator's running totals. A copy takes
// the mean of the seconds before it started as the level to protect; its pressure is the last
// second's mean over that level.
import { DEFAULT_COPY_RATE_TICK_MS, LatencyWindow } from '../../core/migration-rate.js';

/** The pre-copy level is the mean over this long before the copy started. */
export const DEFAULT_FOREGROUND_BASELINE_MS = 5_000;
/** Pressure compares the mean of this last stretch with the level. */
export const DEFAULT_FOREGROUND_RECENT_MS = 1_000;

export interface ForegroundTotals {
  ops: number;
  latencyUs: number;
  /** Access batches that carried an event-loop delay, and the sum of those delays (µs). */
  batches?: number;
  loopDelayUs?: number;
}

export class ForegroundProbe {
  private readonly window = new LatencyWindow();
  private readonly loop = new LatencyWindow();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly totals: () => ForegroundTotals, tickMs = DEFAULT_COPY_RATE_TICK_MS) {
    this.sample();
    this.timer = setInterval(() => this.sample(), tickMs);
    this.timer.unref();
  }

  private sample(): void {
    const t = this.totals();
    const now = performance.now();
    this.window.sample(now, t.ops, t.latencyUs);
    this.loop.sample(now, t.batches ?? 0, t.loopDelayUs ?? 0);
  }

  /** Service time per op plus the mean loop delay between fromMs and now (NaN: too few ops). */
  private latency(fromMs: number, now: number, minOps: number): number {
    const service = this.window.mean(fromMs, now, minOps);
    const loop = this.loop.mean(fromMs, now, 1);
    return service + (Number.isFinite(loop) ? loop : 0);
  }

  /** The foreground's level now (µs per op over the last few seconds; NaN: too few ops). */
  level(): number {
    const now = performance.now();
    return this.latency(now - DEFAULT_FOREGROUND_BASELINE_MS, now, 20);
  }

  /** The last second's latency over `level` (0: unknown, no level or too few recent ops). */
  pressure(level: number): number {
    const now = performance.now();
    const recent = this.latency(now - DEFAULT_FOREGROUND_RECENT_MS, now, 5);
    return Number.isFinite(level) && level > 0 && Number.isFinite(recent) ? recent / level : 0;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
