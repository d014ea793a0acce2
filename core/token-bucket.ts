// A token bucket for a copy's bytes/s budget (pure: time comes in as milliseconds). The source
// storage node holds it (datastore/push.ts); its sidecar sets the rate.

/** Burst allowance: this many milliseconds of the rate may be sent at once. */
export const DEFAULT_BURST_MS = 100;

export class TokenBucket {
  private tokens: number;
  private last: number;
  private capacity: number;

  /** `bytesPerS` 0 = unlimited. */
  constructor(
    private bytesPerS: number,
    now: number,
    private readonly burstMs = DEFAULT_BURST_MS,
  ) {
    this.capacity = Math.max(1, (bytesPerS * burstMs) / 1000);
    this.tokens = this.capacity;
    this.last = now;
  }

  /** A new rate from now on (what was earned at the old rate is kept, up to the new burst). */
  setRate(bytesPerS: number, now: number): void {
    if (!this.unlimited) this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.bytesPerS) / 1000);
    this.last = now;
    this.bytesPerS = bytesPerS;
    this.capacity = Math.max(1, (bytesPerS * this.burstMs) / 1000);
    this.tokens = Math.min(this.tokens, this.capacity);
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
