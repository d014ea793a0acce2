// The foreground as a copy sees it: this node's storage-node latency per op, sampled every tick
// from the aggregator's running totals. A copy takes the mean of the seconds before it started as
// the level to protect; its pressure is the last second's mean over that level.
import { DEFAULT_COPY_RATE_TICK_MS, LatencyWindow } from '../../core/migration-rate.js';

/** The pre-copy level is the mean over this long before the copy started. */
export const DEFAULT_FOREGROUND_BASELINE_MS = 5_000;
/** Pressure compares the mean of this last stretch with the level. */
export const DEFAULT_FOREGROUND_RECENT_MS = 1_000;

export interface ForegroundTotals {
  ops: number;
  latencyUs: number;
}

export class ForegroundProbe {
  private readonly window = new LatencyWindow();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly totals: () => ForegroundTotals, tickMs = DEFAULT_COPY_RATE_TICK_MS) {
    this.sample();
    this.timer = setInterval(() => this.sample(), tickMs);
    this.timer.unref();
  }

  private sample(): void {
    const t = this.totals();
    this.window.sample(performance.now(), t.ops, t.latencyUs);
  }

  /** The foreground's level now (µs per op over the last few seconds; NaN: too few ops). */
  level(): number {
    const now = performance.now();
    return this.window.mean(now - DEFAULT_FOREGROUND_BASELINE_MS, now);
  }

  /** The last second's latency over `level` (0: unknown, no level or too few recent ops). */
  pressure(level: number): number {
    const now = performance.now();
    const recent = this.window.mean(now - DEFAULT_FOREGROUND_RECENT_MS, now, 5);
    return Number.isFinite(level) && level > 0 && Number.isFinite(recent) ? recent / level : 0;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
