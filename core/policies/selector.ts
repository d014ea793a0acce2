// Dynamic policy selection. Each round every registered policy is run through the same planner
// on the same snapshot; the planner's projection of the cluster over the forecast horizon (p90
// profiles with each operator's copy time and copy load laid in) is that policy's simulated
// outcome. All outcomes are scored by one policy-neutral yardstick, so no policy grades itself:
//   score = predicted overload + cost of its operators + co-access left cross-node + remote ops
//           (priced with the shared weights over the horizon) + balanceWeight x the imbalance
//           left under every registered policy (load above the band is risk even where no
//           overload is predicted; data above its share is cost).
// The current policy is kept unless another beats it by the hysteresis margin. The returned
// selection (choice, reason, every policy's figures) is meant to be a lifecycle event.
import type { PlannerConfig } from '../planner/config.js';
import type { PlanResult } from '../planner/planner.js';
import { planWithState } from '../planner/planner.js';
import type { PlannerSnapshot } from '../planner/snapshot.js';
import type { PlacementPolicy } from './policy.js';

export interface PolicyScore {
  policy: string;
  predictedOverload: number;
  operatorCost: number;
  locality: number;
  /** Imbalance left, summed over every policy's own measure, x balanceWeight. */
  imbalance: number;
  operators: number;
  score: number;
}

export interface PolicySelection {
  at: number;
  chosen: string;
  previous?: string;
  switched: boolean;
  reason: string;
  scores: PolicyScore[];
  plan: PlanResult;
}

function scoreOf(result: PlanResult, imbalanceLeft: number, cfg: PlannerConfig): PolicyScore {
  const operatorCost = result.operators.reduce((s, o) => s + o.cost, 0);
  const locality = (cfg.coAccessWeight * result.after.crossCoAccess + cfg.proximityWeight * result.after.remoteOps) * cfg.horizon;
  const predictedOverload = cfg.overloadWeight * result.after.overload;
  const imbalance = cfg.balanceWeight * imbalanceLeft;
  return { policy: result.policy, predictedOverload, operatorCost, locality, imbalance, operators: result.operators.length, score: predictedOverload + operatorCost + locality + imbalance };
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));

export function selectPolicy(snap: PlannerSnapshot, cfg: PlannerConfig, policies: readonly PlacementPolicy[]): PolicySelection {
  if (policies.length === 0) throw new RangeError('no policies to select from');
  const runs = policies.map((p) => {
    const { result, state } = planWithState(snap, cfg, p);
    let left = 0;
    for (const q of policies) for (const n of state.nodes) left += q.imbalance(state, n);
    return { result, score: scoreOf(result, left, cfg) };
  });
  let best = runs[0]!;
  for (const r of runs) if (r.score.score < best.score.score) best = r;
  const current = runs.find((r) => r.result.policy === snap.currentPolicy);
  let chosen = best;
  let why: string;
  if (current && current !== best && current.score.score <= best.score.score * (1 + cfg.selectorHysteresis) + 1e-9) {
    chosen = current;
    why = `kept ${current.result.policy}: ${best.result.policy} is better by less than the hysteresis ${(cfg.selectorHysteresis * 100).toFixed(0)}%`;
  } else if (current === best || (!current && runs.every((r) => r.score.score === best.score.score))) {
    why = `${best.result.policy} ${current ? 'still' : 'is'} best`;
  } else {
    why = `${best.result.policy} has the best predicted outcome`;
  }
  const table = runs.map((r) => `${r.score.policy} ${fmt(r.score.score)} (overload ${fmt(r.score.predictedOverload)} + cost ${fmt(r.score.operatorCost)} + locality ${fmt(r.score.locality)} + imbalance ${fmt(r.score.imbalance)})`).join('; ');
  return {
    at: snap.now,
    chosen: chosen.result.policy,
    previous: snap.currentPolicy,
    switched: snap.currentPolicy !== undefined && snap.currentPolicy !== chosen.result.policy,
    reason: `${why} over the next ${cfg.horizon} intervals: ${table}`,
    scores: runs.map((r) => r.score),
    plan: chosen.result,
  };
}
