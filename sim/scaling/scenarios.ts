// The scenarios the scaling report can run: the shared workload registry plus the ones written
// for the scaling question only (kept out of sim/workloads/index.ts, whose every scenario the
// placement simulator's report and experiments iterate over).
import { pubsub } from '../workloads/pubsub.js';
import { SCENARIOS, type Scenario } from '../workloads/index.js';

export const SCALING_SCENARIOS: Readonly<Record<string, () => Scenario>> = Object.freeze({ pubsub, ...SCENARIOS });
