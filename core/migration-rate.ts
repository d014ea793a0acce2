// The copy-rate controller of a migration: the copy speeds up while the foreground has headroom
// and backs off as soon as foreground latency on the source or the target rises above its level
// before the copy (AIMD, as TCP treats a congested link: add while fine, halve on a sign of
// trouble). A fixed bytes/s budget is either too slow on an idle node or still a hotspot on a busy
// one; the foreground's own latency is the signal that says which. Pure: time and latency come in
// as numbers, so the sidecar, the tests and the simulator run the same controller.

/** How often the controller looks at the foreground and sets a new rate. */
export const DEFAULT_COPY_RATE_TICK_MS = 250;
/** Rate the copy starts at (bytes/s), below any budget: it has to earn more. */
export const DEFAULT_COPY_RATE_INITIAL = 8e6;
/** Floor (bytes/s): a copy always progresses, so it finishes even on a node that stays busy. */
export const DEFAULT_COPY_RATE_MIN = 512e3;
/** Ceiling when the migration has no budget (bytes/s). */
export const DEFAULT_COPY_RATE_MAX = 1e9;
/** Added per tick while the foreground is within its band (bytes/s). */
export const DEFAULT_COPY_RATE_STEP = 2e6;
/** Foreground latency above this multiple of its pre-copy level means the copy hurts it. */
export const DEFAULT_COPY_LATENCY_TOLERANCE = 1.3;
/**
 * Foreground throughput this far below its pre-copy level means the copy hurts it as much as
 * latency at DEFAULT_COPY_LATENCY_TOLERANCE does (throughputPressure maps one onto the other).
 */
export const DEFAULT_COPY_THROUGHPUT_DROP = 0.05;
/** The rate is multiplied by this on a back-off. */
export const DEFAULT_COPY_RATE_BACKOFF = 0.5;
/** After a back-off, no increase for this long (the effect of the cut needs time to show). */
export const DEFAULT_COPY_RATE_HOLD_MS = 1_000;

export interface CopyRateOptions {
  /** Upper bound (bytes/s; 0 = DEFAULT_COPY_RATE_MAX): the migration's budget, when it has one. */
  maxBytesPerS?: number;
  initialBytesPerS?: number;
  minBytesPerS?: number;
  stepBytesPerS?: number;
  tolerance?: number;
  backoff?: number;
  holdMs?: number;
}

/** Why the rate is what it is (logged, and reported by CopyStatus). */
export type CopyRateReason = 'start' | 'headroom' | 'foreground-slower' | 'hold' | 'at-max' | 'no-signal' | 'not-limiting';

/** The limit grows only while the copy actually runs at this share of it or more. */
export const DEFAULT_COPY_RATE_USED_SHARE = 0.5;

export interface CopyRateStep {
  bytesPerS: number;
  reason: CopyRateReason;
  /** The worse of the source's and the target's latency over its pre-copy level (0: unknown). */
  pressure: number;
}

export class CopyRateController {
  private rate: number;
  private holdUntil = -Infinity;
  private readonly max: number;
  private readonly min: number;
  private readonly step: number;
  private readonly tolerance: number;
  private readonly backoff: number;
  private readonly holdMs: number;
  last: CopyRateStep;

  constructor(opts: CopyRateOptions = {}) {
    this.max = opts.maxBytesPerS && opts.maxBytesPerS > 0 ? opts.maxBytesPerS : DEFAULT_COPY_RATE_MAX;
    this.min = Math.min(opts.minBytesPerS ?? DEFAULT_COPY_RATE_MIN, this.max);
    this.step = opts.stepBytesPerS ?? DEFAULT_COPY_RATE_STEP;
    this.tolerance = opts.tolerance ?? DEFAULT_COPY_LATENCY_TOLERANCE;
    this.backoff = opts.backoff ?? DEFAULT_COPY_RATE_BACKOFF;
    this.holdMs = opts.holdMs ?? DEFAULT_COPY_RATE_HOLD_MS;
    if (!(this.tolerance > 1)) throw new RangeError(`tolerance must be > 1 (got ${this.tolerance})`);
    if (!(this.backoff > 0 && this.backoff < 1)) throw new RangeError(`backoff must be in (0, 1) (got ${this.backoff})`);
    this.rate = Math.max(this.min, Math.min(this.max, opts.initialBytesPerS ?? DEFAULT_COPY_RATE_INITIAL));
    this.last = { bytesPerS: this.rate, reason: 'start', pressure: 0 };
  }

  get bytesPerS(): number {
    return this.rate;
  }

  /**
   * One tick. `pressure` is the foreground's recent latency over its pre-copy level, the worse of
   * source and target; NaN or <= 0 when neither side has seen foreground traffic to judge by
   * (then the copy may grow: there is no foreground to protect). `observedBytesPerS` is what
   * the copy actually moved lately (NaN: unknown): a limit far above it is not what slows the
   * foreground, so a cut starts from what was used, and an unused limit does not grow (as TCP
   * does not grow a window the sender does not fill).
   */
  update(pressure: number, nowMs: number, observedBytesPerS = NaN): CopyRateStep {
    const known = Number.isFinite(pressure) && pressure > 0;
    const used = Number.isFinite(observedBytesPerS) && observedBytesPerS >= 0 ? observedBytesPerS : Infinity;
    let reason: CopyRateReason;
    if (known && pressure > this.tolerance) {
      // One cut per hold: the foreground needs a moment to show the effect of the last one.
      if (nowMs >= this.holdUntil) {
        this.rate = Math.max(this.min, Math.min(this.rate, used) * this.backoff);
        this.holdUntil = nowMs + this.holdMs;
      }
      reason = 'foreground-slower';
    } else if (nowMs < this.holdUntil) {
      reason = 'hold';
    } else if (this.rate >= this.max) {
      reason = 'at-max';
    } else if (used < this.rate * DEFAULT_COPY_RATE_USED_SHARE) {
      reason = 'not-limiting';
    } else {
      this.rate = Math.min(this.max, this.rate + this.step);
      reason = known ? 'headroom' : 'no-signal';
    }
    this.last = { bytesPerS: this.rate, reason, pressure: known ? pressure : 0 };
    return this.last;
  }
}

/**
 * A fall in foreground ops/s as pressure on the latency scale: a drop of `drop` (a fraction)
 * maps to `tolerance`, no drop to 1, and it grows linearly in between and beyond (0: unknown).
 * Why throughput too: clients with a fixed number of calls in flight (closed loop) slow down by
 * exactly as much as the latency they see grows (Little's law), including latency the storage
 * node cannot measure (the network, a client starved of CPU); the node sees it as fewer ops/s.
 * A client that just asks less looks the same: the copy then goes slower than it could, never
 * faster than it should, and the floor keeps it moving.
 */
export function throughputPressure(levelOpsPerS: number, recentOpsPerS: number, drop = DEFAULT_COPY_THROUGHPUT_DROP, tolerance = DEFAULT_COPY_LATENCY_TOLERANCE): number {
  if (!(Number.isFinite(levelOpsPerS) && levelOpsPerS > 0 && Number.isFinite(recentOpsPerS) && recentOpsPerS >= 0)) return 0;
  const fell = 1 - recentOpsPerS / levelOpsPerS;
  return 1 + (fell / drop) * (tolerance - 1);
}

/**
 * Foreground latency over time from cumulative counters (ops and their total latency, as a
 * storage node's access reports add up): `sample` every tick; `baseline` is the mean over the
 * window before a copy started, `recent` over the last few ticks. Pure ring buffer.
 */
export class LatencyWindow {
  private readonly at: number[] = [];
  private readonly ops: number[] = [];
  private readonly lat: number[] = [];

  constructor(private readonly keepMs = 30_000) {}

  sample(nowMs: number, cumulativeOps: number, cumulativeLatencyUs: number): void {
    this.at.push(nowMs);
    this.ops.push(cumulativeOps);
    this.lat.push(cumulativeLatencyUs);
    while (this.at.length > 2 && nowMs - this.at[1]! > this.keepMs) {
      this.at.shift();
      this.ops.shift();
      this.lat.shift();
    }
  }

  /** The samples spanning [fromMs, toMs] (indices), or undefined when there are not two. */
  private span(fromMs: number, toMs: number): [number, number] | undefined {
    let a = -1;
    let b = -1;
    for (let i = 0; i < this.at.length; i++) {
      if (a < 0 && this.at[i]! >= fromMs) a = Math.max(0, i - 1);
      if (this.at[i]! <= toMs) b = i;
    }
    return a < 0 || b <= a ? undefined : [a, b];
  }

  /** Mean latency (µs per op) between fromMs and toMs; NaN with fewer than `minOps` ops. */
  mean(fromMs: number, toMs: number, minOps = 20): number {
    const s = this.span(fromMs, toMs);
    if (!s) return NaN;
    const ops = this.ops[s[1]]! - this.ops[s[0]]!;
    return ops >= minOps ? (this.lat[s[1]]! - this.lat[s[0]]!) / ops : NaN;
  }

  /** Ops per second between fromMs and toMs; NaN with fewer than `minOps` ops or no time between samples. */
  rate(fromMs: number, toMs: number, minOps = 20): number {
    const s = this.span(fromMs, toMs);
    if (!s) return NaN;
    const ops = this.ops[s[1]]! - this.ops[s[0]]!;
    const ms = this.at[s[1]]! - this.at[s[0]]!;
    return ops >= minOps && ms > 0 ? (ops * 1000) / ms : NaN;
  }
}
