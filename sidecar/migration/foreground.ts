// The foreground as a copy sees it: this node's storage-node latency per op (its service time
// plus its mean event-loop delay, the wait before a handler runs: on a busy host that wait is most
// of what a client feels) and its ops/s, sampled every tick from the aggregator's running totals.
// A copy takes the seconds before it started as the level to protect; its pressure is the worse
// of the last second's latency over that level and the fall in ops/s (throughputPressure: what
// closed-loop clients feel but the node cannot time).
import { DEFAULT_COPY_RATE_TICK_MS, LatencyWindow, throughputPressure } from '../../core/migration-rate.js';

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

/** Ops in the last stretch below which its ops/s say nothing (an idle client is no foreground). */
export const DEFAULT_FOREGROUND_RECENT_MIN_OPS = 5;

/** The foreground before a copy: latency per op (µs) and ops/s (NaN: too few ops to tell). */
export interface ForegroundLevel {
  latencyUs: number;
  opsPerS: number;
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

  /** The foreground's level now (over the last few seconds). */
  level(): ForegroundLevel {
    const now = performance.now();
    const from = now - DEFAULT_FOREGROUND_BASELINE_MS;
    return { latencyUs: this.latency(from, now, 20), opsPerS: this.window.rate(from, now, 20) };
  }

  /**
   * The worse of the last second's latency over the level's and the fall in ops/s below it
   * (0: unknown: no level, or too few recent ops).
   */
  pressure(level: ForegroundLevel): number {
    const now = performance.now();
    const from = now - DEFAULT_FOREGROUND_RECENT_MS;
    const recent = this.latency(from, now, DEFAULT_FOREGROUND_RECENT_MIN_OPS);
    const byLatency = Number.isFinite(level.latencyUs) && level.latencyUs > 0 && Number.isFinite(recent) ? recent / level.latencyUs : 0;
    return Math.max(byLatency, throughputPressure(level.opsPerS, this.window.rate(from, now, DEFAULT_FOREGROUND_RECENT_MIN_OPS)));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
