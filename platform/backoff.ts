// Waits between the attempts of a loop that retries until it succeeds or is told to stop (a
// migration step on the leader, a sidecar reaching a leader). cockatiel's exponential backoff
// with half jitter: attempt n waits between d/2 and d for d = initial * 2^n capped at max, so
// processes that failed together (a leader change) spread their retries instead of retrying in
// step. A success resets it to the shortest wait.
import { ExponentialBackoff, halfJitterGenerator, type IBackoff } from 'cockatiel';

export class Backoff {
  private readonly first: ExponentialBackoff<number>;
  private current: IBackoff<unknown> | undefined;

  constructor(initialMs: number, maxMs: number) {
    this.first = new ExponentialBackoff({ initialDelay: initialMs, maxDelay: maxMs, generator: halfJitterGenerator });
  }

  /** The next wait in ms (longer each time, up to the cap). */
  next(): number {
    this.current = this.current ? this.current.next(undefined) : this.first.next();
    return this.current.duration;
  }

  /** Succeeded: the next wait is the shortest again. */
  reset(): void {
    this.current = undefined;
  }

  /** Sleeps the next wait. */
  wait(): Promise<void> {
    const ms = this.next();
    return new Promise((r) => setTimeout(r, ms));
  }
}
