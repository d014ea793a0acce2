// A token bucket for a copy's bytes/s budget (pure: time comes in as milliseconds).

/** Burst allowance: this many milliseconds of the rate may be sent at once. */
export const DEFAULT_BURST_MS = 100;

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  /** `bytesPerS` 0 = unlimited. */
  constructor(
    private readonly bytesPerS: number,
    now: number,
    burstMs = DEFAULT_BURST_MS,
  ) {
    this.capacity = Math.max(1, (bytesPerS * burstMs) / 1000);
    this.tokens = this.capacity;
    this.last = now;
  }

  get unlimited(): boolean {
    return this.bytesPerS <= 0;
  }

  /**
   * Takes `bytes` (a chunk larger than the burst is allowed, going into debt) and answers how
   * many milliseconds to wait before sending more.
   */
  take(bytes: number, now: number): number {
    if (this.unlimited) return 0;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.bytesPerS) / 1000);
    this.last = now;
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.bytesPerS);
  }
}
