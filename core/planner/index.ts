// Public surface of the planner: snapshot in, operators out.
export * from './config.js';
export type * from './snapshot.js';
export type * from './operator.js';
export { totalGain, totalCost, touchedMicroshards } from './operator.js';
export { plan, outcomeOf, type PlanResult, type PlanOutcome } from './planner.js';
export { evaluateMove, moveIntervals, type MoveEvaluation } from './cost.js';
export { chooseSplitPoint, loadShareLeftOf, type SplitChoice, type SplitMode, type SplitPoint } from './split.js';
export { computeBid, award, isBid, coAccessRate, nearestLevel, DEFAULT_COACCESS_HALF_LIFE_MS, type AuctionItem, type BidderView } from './bidding.js';
export { withinTolerance, cooldownReason, concurrencyReason, budgetReason, isThrash, moveLimitReason } from './stability.js';
export { buildState, type WorkingState, type MsState, type NodeState } from './state.js';
export * from './skill.js';
export { SkillBook } from './skill-book.js';
