// A leader-held subsystem's term: begun when this replica is elected, ended when it is deposed
// or stops. Work started in a term carries the term's number and asks `alive(term)` before each
// write, so work begun under an old term (an await that outlived a deposition, or a re-election
// in between) stops instead of acting twice. The repeating timer of the term ends with it.

export class LeaderTerm {
  private seq = 0;
  private on = false;
  private timer: NodeJS.Timeout | undefined;

  /** `isLeader` is the election's own view (Leadership.isLeader), read on every check. */
  constructor(private readonly isLeader: () => boolean) {}

  /** Elected: a new term begins; answers its number. */
  begin(): number {
    this.on = true;
    return ++this.seq;
  }

  /** Deposed or stopping: the term ends and its timer with it. */
  end(): void {
    this.seq++;
    this.on = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The current term's number (work started now carries it). */
  get current(): number {
    return this.seq;
  }

  /** Between begin() and end(). */
  get leading(): boolean {
    return this.on;
  }

  /** No term began or ended since `term`: a begin() still under way may carry on. */
  isCurrent(term: number): boolean {
    return term === this.seq;
  }

  /** Work of `term` may still act: that term is current, not ended, and the election agrees. */
  alive(term: number): boolean {
    return this.on && term === this.seq && this.isLeader();
  }

  /** Runs `fn` every `ms` until the term ends (unref'd: never keeps the process up). */
  every(ms: number, fn: () => void): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(fn, ms);
    this.timer.unref();
  }
}
