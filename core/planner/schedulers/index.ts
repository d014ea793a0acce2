// The registry: every checker and scheduler of a planning pass, in the order they run, most
// urgent first: orphans (data without a live owner) -> splits (hot / oversize; halves go up for
// auction) -> moves (predicted overload, then imbalance) -> merges (cold neighbours) -> scale.
// A later one sees what the earlier ones did to the working state.
import type { Scheduler } from './scheduler.js';
import { orphanChecker } from './orphans.js';
import { splitChecker } from './splits.js';
import { balanceScheduler } from './moves.js';
import { mergeChecker } from './merges.js';
import { scaleScheduler } from './scale.js';

export type { Scheduler } from './scheduler.js';

export const SCHEDULERS: readonly Scheduler[] = [orphanChecker, splitChecker, balanceScheduler, mergeChecker, scaleScheduler];
