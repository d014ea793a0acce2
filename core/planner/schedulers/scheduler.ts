// One interface for every step of a planning pass, in the manner of PD's checkers and schedulers:
// a checker repairs one microshard at a time (orphans, splits, merges), a scheduler looks at the
// whole cluster (moves, scale). Each reads and changes the pass's working state through its
// PlanContext, records an explain record for every decision and every "no action", and never
// exceeds the round's operator budget. The order they run in is the registry's (./index.ts).
import type { PlanContext } from '../context.js';

export interface Scheduler {
  /** Stable name (logs, tests). */
  readonly name: string;
  /** checker: per microshard; scheduler: cluster-wide. */
  readonly kind: 'checker' | 'scheduler';
  run(ctx: PlanContext): void;
}
