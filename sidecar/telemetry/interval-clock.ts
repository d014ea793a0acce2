// Interval rollover: which aggregation intervals have ended, and the timer that closes them
// from the wall clock. Time moves only through rollover(nowMs), so aggregation stays
// deterministic under test; startRolloverTimer drives it in the sidecar.
import type { ClosedInterval } from './interval-load.js';

/** Length of one aggregation interval (the fine resolution of history and forecasts). */
export const DEFAULT_INTERVAL_MS = 10_000;
/**
 * A rollover that finds more than this many whole intervals elapsed (the process was
 * suspended) emits this many and jumps: history records the rest as a gap, not as idle.
 */
export const DEFAULT_MAX_CATCHUP_INTERVALS = 6;

/** The interval being filled, and the closing of those that ended. */
export class IntervalClock {
  readonly intervalMs: number;
  private openStart: number;

  constructor(
    intervalMs: number | undefined,
    private readonly maxCatchUp: number = DEFAULT_MAX_CATCHUP_INTERVALS,
    startMs: number = Date.now(),
  ) {
    this.intervalMs = intervalMs ?? DEFAULT_INTERVAL_MS;
    if (!Number.isInteger(this.intervalMs) || this.intervalMs < 1) throw new RangeError(`intervalMs must be a positive integer, got ${intervalMs}`);
    this.openStart = this.align(startMs);
  }

  /** Start of the interval being filled. */
  get openStartMs(): number {
    return this.openStart;
  }

  align(ms: number): number {
    return Math.floor(ms / this.intervalMs) * this.intervalMs;
  }

  /**
   * Calls close(startMs) for every interval that ended at or before nowMs, oldest first, and
   * answers what it returned. Past maxCatchUp intervals the clock jumps to nowMs's interval:
   * the skipped ones become a gap in history.
   */
  rollover<T>(nowMs: number, close: (startMs: number) => T): T[] {
    const out: T[] = [];
    while (nowMs >= this.openStart + this.intervalMs) {
      out.push(close(this.openStart));
      this.openStart += this.intervalMs;
      if (out.length >= this.maxCatchUp && nowMs >= this.openStart + this.intervalMs) {
        this.openStart = this.align(nowMs);
        break;
      }
    }
    return out;
  }
}

export interface RolloverTimerOptions<T = ClosedInterval> {
  onClosed: (c: T) => void;
  /** A throwing onClosed is reported here and the timer carries on. */
  onError?: (err: unknown) => void;
  now?: () => number;
}

/** What the timer drives (the Aggregator). */
export interface RollsOver<T> {
  readonly intervalMs: number;
  readonly openIntervalStartMs: number;
  rollover(nowMs: number): T[];
}

/**
 * Drives rollover from the wall clock, firing just after each interval boundary (unref'd);
 * poke() runs it at once (a batch's at_ms closed an interval before the timer fired).
 */
export function startRolloverTimer<T>(target: RollsOver<T>, opts: RolloverTimerOptions<T>): { stop(): void; poke(): void } {
  const now = opts.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (): void => {
    if (stopped) return;
    const next = target.openIntervalStartMs + target.intervalMs;
    timer = setTimeout(tick, Math.max(0, next - now()) + 5);
    timer.unref();
  };
  const tick = (): void => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    for (const c of target.rollover(now())) {
      try {
        opts.onClosed(c);
      } catch (err) {
        opts.onError?.(err);
      }
    }
    schedule();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    poke: tick,
  };
}
