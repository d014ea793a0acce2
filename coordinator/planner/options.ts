// Coordinator options of the decision loop (planner/loop.ts). Spread into the
// coordinator's schema; `planner` takes any PlannerConfig field (core/planner/config.ts, in
// intervals and ops per interval) from the YAML file or as JSON in the environment
// (SHARDCAST_COORDINATOR_PLANNER='{"splitThreshold":0.3}'); checkPlannerOptions names every bad
// value at start-up.
import { z } from 'zod';
import { jsonOption } from '../../platform/config.js';
import { regionLatency } from '../../core/region-latency.js';
import { plannerConfig, type PlannerConfig } from '../../core/planner/index.js';
import { POLICIES } from '../../core/policies/index.js';

/** Decision loop period, ms (one planner round each); 0 turns the loop off. */
export const DEFAULT_PLANNER_INTERVAL_MS = 10_000;
/** How long the leader waits for the sidecars' bids in one auction; a bid not in by then is "not willing". */
export const DEFAULT_PLANNER_AUCTION_DEADLINE_MS = 1_000;
/** Explain records the leader keeps per microshard (and per node, and for the cluster). */
export const DEFAULT_PLANNER_EXPLAIN_PER_MICROSHARD = 20;
/** A "no action" for one subject is written as a lifecycle event at most this often (explain keeps every one). */
export const DEFAULT_PLANNER_NO_ACTION_EVENT_EVERY_MS = 300_000;


export const PLANNER_OPTIONS = {
  plannerIntervalMs: z.coerce.number().int().min(0).default(DEFAULT_PLANNER_INTERVAL_MS).describe('decision loop period on the leader, ms (0: off)'),
  plannerAuctionDeadlineMs: z.coerce.number().int().min(50).max(60_000).default(DEFAULT_PLANNER_AUCTION_DEADLINE_MS).describe('how long the leader waits for bids, ms'),
  plannerExplainPerMicroshard: z.coerce.number().int().min(1).max(1000).default(DEFAULT_PLANNER_EXPLAIN_PER_MICROSHARD).describe('explain records kept per microshard on the leader'),
  plannerNoActionEventEveryMs: z.coerce.number().int().min(0).default(DEFAULT_PLANNER_NO_ACTION_EVENT_EVERY_MS).describe('a "no action" per subject becomes a lifecycle event at most this often, ms'),
  plannerPolicy: z.string().default('').describe(`placement policy: "" selects dynamically each round, or one of ${POLICIES.map((p) => p.name).join(', ')}`),
  planner: jsonOption(z.record(z.string(), z.unknown())).default({}).describe('planner config overrides (core/planner/config.ts PlannerConfig fields)'),
  plannerRegionLatencyMs: jsonOption(z.record(z.string(), z.record(z.string(), z.number().min(0)))).optional().describe('inter-region latency matrix, ms from a client region to a node region ({"eu": {"eu": 2, "us": 80}, ...}, every pair): proximity weighs a remote access by its latency'),
};

export interface PlannerOptions {
  plannerIntervalMs: number;
  plannerAuctionDeadlineMs: number;
  plannerExplainPerMicroshard: number;
  plannerNoActionEventEveryMs: number;
  plannerPolicy: string;
  planner: Record<string, unknown>;
  plannerRegionLatencyMs?: Record<string, Record<string, number>>;
}

/** The planner config from the overrides (orphan policy from the coordinator's); throws a RangeError naming the bad key. */
export function plannerConfigOf(o: Pick<PlannerOptions, 'planner'>, orphanPolicy: 'reassign' | 'await'): PlannerConfig {
  const known = new Set(Object.keys(plannerConfig()));
  for (const k of Object.keys(o.planner)) if (!known.has(k)) throw new RangeError(`unknown planner option "${k}"`);
  return plannerConfig({ ...(o.planner as Partial<PlannerConfig>), orphanPolicy });
}

export function checkPlannerOptions(c: PlannerOptions & { orphanPolicy: 'reassign' | 'await' }, ctx: { addIssue(issue: { code: 'custom'; path: string[]; message: string }): void }): void {
  try {
    plannerConfigOf(c, c.orphanPolicy);
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: ['planner'], message: (err as Error).message });
  }
  if (c.plannerRegionLatencyMs) {
    try {
      regionLatency(c.plannerRegionLatencyMs, 'plannerRegionLatencyMs');
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['plannerRegionLatencyMs'], message: (err as Error).message });
    }
  }
  if (c.plannerPolicy && !POLICIES.some((p) => p.name === c.plannerPolicy)) {
    ctx.addIssue({ code: 'custom', path: ['plannerPolicy'], message: `unknown policy "${c.plannerPolicy}" (known: ${POLICIES.map((p) => p.name).join(', ')}; "" selects dynamically)` });
  }
  if (c.plannerIntervalMs > 0 && c.plannerAuctionDeadlineMs >= c.plannerIntervalMs) {
    ctx.addIssue({ code: 'custom', path: ['plannerAuctionDeadlineMs'], message: `must be shorter than plannerIntervalMs (${c.plannerIntervalMs} ms)` });
  }
}
